"""The server calls of the Odoo 18.0 web client for the pages of a morning at the one-stop shop, over JSON-RPC.

Shared by ``run_replica_demo.py`` (standard library HTTP) and ``locust_rush.py`` (Locust's client): both give a
``post(path, params, name)`` function that sends a JSON-RPC call and returns its ``result`` or raises
``RpcError``. Each page makes the calls the web client makes for it (``addons/web/static/src``: the kanban's
``web_read_group`` then one ``web_search_read`` of 40 cards per open column, the form's ``web_read`` with the
form view's specification, the pivot's ``read_group`` per header group, a form's ``onchange`` and ``web_save``,
a button's ``call_button``), with field specifications built from the views the server returns (``get_views``),
as the client builds them. Standard library only.
"""

import datetime
import re
import xml.etree.ElementTree as ElementTree

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class RpcError(Exception):
    """An error answer of the server: ``name`` is the exception's class (``odoo.exceptions.UserError``...)."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message

    @property
    def user_message(self):
        """An Odoo exception is a message the user reads (refused); anything else is an error shown to them."""
        return self.name.startswith("odoo.exceptions.")


def rpc_body(params):
    return {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}


def rpc_result(answer):
    """The ``result`` of a JSON-RPC answer, or RpcError."""
    if "error" in answer:
        data = answer["error"].get("data") or {}
        raise RpcError(data.get("name", "?"), data.get("message", answer["error"].get("message", "")))
    return answer.get("result")


# ---------------------------------------------------------------------------------------------------- specs


def spec_from_arch(node, model, models):
    """The field specification the web client sends for a view: every field of ``model`` in the arch, a
    many2one with its display name, an x2many with the fields of its inline list (40 rows)."""
    fields = models.get(model, {}).get("fields", {})
    spec = {}

    def walk(element):
        for child in element:
            if child.tag != "field":
                walk(child)
                continue
            name = child.get("name")
            field = fields.get(name)
            if field is None:
                continue
            if field["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif field["type"] in ("one2many", "many2many"):
                sub = child.find("list")
                if sub is None:
                    sub = child.find("kanban")
                relation = field.get("relation")
                inner = spec_from_arch(sub, relation, models) if sub is not None and relation in models else {}
                spec[name] = {"fields": inner or {"display_name": {}}, "limit": 40}
            else:
                spec[name] = {}
            # the fields inside a field's own inline view belong to its comodel

    walk(node)
    return spec


class Session:
    """A logged-in web client: ``post(path, params, name)`` sends one JSON-RPC call and returns its result."""

    def __init__(self, post, context=None):
        self.post = post
        self.context = dict(context or {"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
        self.views = {}

    def login(self, db, login, password):
        info = self.post("/web/session/authenticate", {"db": db, "login": login, "password": password}, "login")
        if not info or not info.get("uid"):
            raise RpcError("login", f"cannot log in as {login}")
        companies = (info.get("user_companies") or {}).get("current_company")
        if companies:
            self.context["allowed_company_ids"] = [companies]
        self.uid = info["uid"]
        return info

    def call(self, model, method, args, kwargs=None, name=None):
        kwargs = dict(kwargs or {})
        kwargs["context"] = dict(self.context, **kwargs.get("context", {}))
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self.post(f"/web/dataset/call_kw/{model}/{method}", params, name or f"{model}.{method}")

    def button(self, model, method, ids, name=None, context=None):
        params = {
            "model": model,
            "method": method,
            "args": [ids],
            "kwargs": {"context": dict(self.context, **(context or {}))},
        }
        return self.post(f"/web/dataset/call_button/{model}/{method}", params, name or f"{model}.{method} (button)")

    def load_action(self, xmlid):
        return self.post("/web/action/load", {"action_id": xmlid, "context": self.context}, "action/load")

    def view(self, model, view_type, view_id=False):
        """(arch element, specification, models) of a view, fetched once per session as the client caches it."""
        key = (model, view_type, view_id)
        if key not in self.views:
            answer = self.call(model, "get_views", [[[view_id, view_type]]], {"options": {}}, f"{model}.get_views")
            arch = ElementTree.fromstring(answer["views"][view_type]["arch"])
            models = answer["models"]
            self.views[key] = (arch, spec_from_arch(arch, model, models), models)
        return self.views[key]


# ---------------------------------------------------------------------------------------------------- pages


def kanban(session, model="q1.dossier", domain=None, group_by="stage_id"):
    """The board: the columns (``web_read_group``) and 40 cards of each open one (``web_search_read``)."""
    _arch, spec, _models = session.view(model, "kanban")
    groups = session.call(
        model, "web_read_group", [], {"domain": domain or [], "fields": [], "groupby": [group_by], "lazy": True}
    )
    cards = 0
    for group in groups["groups"]:
        if group.get("__fold"):
            continue
        page = session.call(
            model, "web_search_read", [], {"domain": group["__domain"], "specification": spec, "limit": 40}
        )
        cards += len(page["records"])
    return cards


def form(session, record_id, model="q1.dossier"):
    """A record opened in its form: ``web_read`` with the form's specification."""
    _arch, spec, _models = session.view(model, "form")
    return session.call(model, "web_read", [[record_id]], {"specification": spec})[0]


def pivot_dimensions(session, model, view_id=False):
    arch, _spec, models = session.view(model, "pivot", view_id)
    fields = models[model]["fields"]
    rows = [n.get("name") for n in arch.iter("field") if n.get("type") == "row"]
    cols = [n.get("name") for n in arch.iter("field") if n.get("type") == "col"]
    measures = [
        f"{n.get('name')}:{fields[n.get('name')].get('aggregator') or 'sum'}"
        for n in arch.iter("field")
        if n.get("type") == "measure" and n.get("name") in fields
    ]
    return rows, cols, measures


def pivot(session, model, domain, rows, cols, measures, context=None):
    """The pivot's header groups as the client asks them: the total, the rows, the columns, rows x columns."""
    groups = 0
    for groupby in ([], rows[:1], cols[:1], rows[:1] + cols[:1]):
        answer = session.call(
            model,
            "read_group",
            [],
            {
                "domain": domain,
                "fields": ["__count", *measures],
                "groupby": groupby,
                "lazy": False,
                "context": context or {},
            },
        )
        groups += len(answer)
    return groups


def this_year(today=None):
    year = (today or datetime.date.today()).year
    return [("received_date", ">=", f"{year}-01-01"), ("received_date", "<=", f"{year}-12-31")]


def dashboard(session, dimensions=None):
    """The leaders' dashboard: the counts pivot of ``q1.dossier.report`` over this year (its default filter)."""
    rows, cols, measures = dimensions or pivot_dimensions(session, "q1.dossier.report")
    return pivot(session, "q1.dossier.report", this_year(), rows, cols, measures)


def statutory_table(session, year):
    """The statutory report on screen: the wizard saved (``web_save``) and its table computed (a button)."""
    saved = session.call(
        "q1.handling.report.wizard",
        "web_save",
        [[], {"period_kind": "year", "year": year, "convention": "cutoff", "group_by": "field"}],
        {"specification": {"date_from": {}, "date_to": {}}},
    )
    wizard_id = saved[0]["id"]
    session.button("q1.handling.report.wizard", "action_compute", [wizard_id])
    lines = session.call(
        "q1.handling.report.line",
        "web_search_read",
        [],
        {"domain": [("wizard_id", "=", wizard_id)], "specification": {"display_name": {}}},
    )
    return wizard_id, saved[0], lines["length"]


def statutory_pivot(session, wizard_id, window):
    """The statutory table as a pivot (the wizard's button gives the action; the pivot reads q1.handling.entry)."""
    action = session.button("q1.handling.report.wizard", "action_open_pivot", [wizard_id])
    context = {key: value for key, value in action["context"].items() if key.startswith("q1_window")}
    rows, cols, measures = pivot_dimensions(session, "q1.handling.entry")
    return pivot(session, "q1.handling.entry", action["domain"], rows, cols, measures, context)


def raw_values(onchange_value):
    """An onchange's values as the client sends them back: a many2one as its id, x2many lists left out."""
    raw = {}
    for name, value in onchange_value.items():
        if isinstance(value, dict):
            raw[name] = value.get("id") or False
        elif not isinstance(value, list):
            raw[name] = value
    return raw


def new_dossier_values(onchange_value):
    """The checklist lines the form's onchange proposed, every document ticked as handed in."""
    lines = []
    for command in onchange_value.get("document_ids") or []:
        if command[0] == 0:
            values = {k: (v["id"] if isinstance(v, dict) and "id" in v else v) for k, v in command[2].items()}
            values["is_received"] = True
            lines.append([0, 0, values])
    return lines


def reception(session, procedure_id, applicant, phone):
    """A counter reception: the new form (``onchange``), the procedure chosen (``onchange``), saved
    (``web_save``), *Tiếp nhận* (``call_button action_receive``), and the form read again (``web_read``).
    Returns (dossier id, code read back)."""
    _arch, spec, _models = session.view("q1.dossier", "form")
    first = session.call("q1.dossier", "onchange", [[], {}, [], spec])
    values = {"procedure_id": procedure_id, "applicant_name": applicant, "applicant_phone": phone}
    chosen = session.call(
        "q1.dossier", "onchange", [[], dict(raw_values(first["value"]), **values), ["procedure_id"], spec]
    )
    values["applicant_address"] = "1 Đường Thử Tải, phường Sài Gòn"
    values["document_ids"] = new_dossier_values(chosen["value"])
    saved = session.call("q1.dossier", "web_save", [[], values], {"specification": {"state": {}}})
    dossier_id = saved[0]["id"]
    session.button("q1.dossier", "action_receive", [dossier_id])
    record = session.call("q1.dossier", "web_read", [[dossier_id]], {"specification": spec})[0]
    return dossier_id, record.get("code")


def hand_over(session, dossier_id, step_id):
    """The holder hands the step on screen over to the next one."""
    return session.call("q1.dossier", "hand_over", [[dossier_id]], {"step": step_id})


def lookup_form(html):
    match = CSRF_RE.search(html or "")
    return match.group(1) if match else None
