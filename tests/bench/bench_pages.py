#!/usr/bin/env python3
"""Benchmark: the server time of the pages people open (issue 12, What to build 7), target < 0.5 s a page.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo18-venv/bin/python python tests/bench/bench_pages.py --db NAME \
        [--repeat 3] [--login tiepnhan.saigon] [--leader lanhdao.saigon]

Replays, as the web client asks them, the server calls of each page, as a demo user (record rules apply),
on the database as it is (every call runs in a transaction rolled back at the end):
  * baseline: Odoo's own contacts list (res.partner ``web_search_read``, 80 rows), the machine's pace in this run;
  * kanban: the dossiers' board, grouped by stage (``web_read_group`` then one ``web_search_read`` of 40 cards per
    open column, with the kanban view's field specification);
  * form: one dossier (``web_read`` with the form view's specification, its one2many lists included);
  * dashboard: the leaders' pivot of ``q1.dossier.report`` (``read_group`` on the pivot view's rows and measures,
    this year, as its default filter asks);
  * receipt: the receipt (form 01) of one received dossier rendered to the HTML wkhtmltopdf prints (wkhtmltopdf
    itself is left out: it fetches the page's styles from a running server, and the bench starts none).
Prints per page the best and the first of ``--repeat`` runs, PASS/FAIL against the target (not for the receipt).
Generate a large database with ``generate_dossiers.py``; a table never vacuumed (the generator's updates leave a
dead row for each dossier, and autovacuum may be off) is reported, as index-only scans then read the table too.
"""

import argparse
import datetime
import time as clock

from bench_due_date import odoo_or_reexec
from bench_watchdog import addons_path
from lxml import etree

TARGET_S = 0.5


def spec_from_arch(env, model, arch):
    """The field specification the web client sends for a view: each field, many2one with their display name,
    x2many with the fields of their inline list."""
    spec = {}
    for node in arch.iter("field"):
        # only fields of this model: skip the ones nested in an x2many's inline view
        parent = node.getparent()
        nested = False
        while parent is not None and parent is not arch:
            if parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        name = node.get("name")
        field = env[model]._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = node.find("list")
            if sub is None:
                sub = node.find("kanban")
            fields = spec_from_arch(env, field.comodel_name, sub) if sub is not None else {"display_name": {}}
            spec[name] = {"fields": fields, "limit": 40}
        else:
            spec[name] = {}
    return spec


def view_spec(env, model, view_type):
    views = env[model].get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return arch, spec_from_arch(env, model, arch)


def pages(env, officer, leader):
    Dossier = env["q1.dossier"].with_user(officer).with_context(lang="vi_VN", tz="Asia/Ho_Chi_Minh")
    dossier = Dossier.search([("code", "!=", False)], limit=1)
    _arch, kanban_spec = view_spec(Dossier.env, "q1.dossier", "kanban")
    _arch, form_spec = view_spec(Dossier.env, "q1.dossier", "form")
    Partner = env["res.partner"].with_user(officer)

    def baseline():
        Partner.web_search_read([], {"display_name": {}, "email": {}, "phone": {}}, limit=80)

    def kanban():
        groups = Dossier.web_read_group([], ["stage_id"], ["stage_id"], lazy=True)
        for group in groups["groups"]:
            if group.get("__fold"):
                continue
            Dossier.web_search_read(group["__domain"], kanban_spec, limit=40)
        Dossier.env.invalidate_all()

    def form():
        Dossier.browse(dossier.id).web_read(form_spec)
        Dossier.env.invalidate_all()

    results = [("baseline: contacts list (Odoo)", baseline), ("dossiers kanban", kanban), ("dossier form", form)]
    if "q1.dossier.report" in env:
        Report = env["q1.dossier.report"].with_user(leader).with_context(lang="vi_VN", tz="Asia/Ho_Chi_Minh")
        action = env.ref("q1_reporting.q1_dossier_report_action")
        pivot_view = next((v for v in action.view_ids if v.view_mode == "pivot"), None)
        views = Report.get_views([(pivot_view.view_id.id if pivot_view else False, "pivot")])
        arch = etree.fromstring(views["views"]["pivot"]["arch"])
        rows = [
            n.get("name") + (":" + n.get("interval") if n.get("interval") else "")
            for n in arch.iter("field")
            if n.get("type") == "row"
        ]
        cols = [n.get("name") for n in arch.iter("field") if n.get("type") == "col"]
        measures = [n.get("name") for n in arch.iter("field") if n.get("type") == "measure"]
        measures = [f"{m}:{Report._fields[m].aggregator or 'sum'}" for m in measures if m in Report._fields]
        year = datetime.date.today().year
        domain = [("received_date", ">=", f"{year}-01-01"), ("received_date", "<=", f"{year}-12-31")]

        def dashboard():
            # the pivot's header groups: the total, the rows, the columns, then rows x columns
            Report.read_group(domain, ["__count", *measures], [], lazy=False)
            for groupby in ([rows[0]] if rows else []), cols[:1], rows[:1] + cols[:1]:
                if groupby:
                    Report.read_group(domain, ["__count", *measures], groupby, lazy=False)
            Report.env.invalidate_all()

        results.append(("leaders' dashboard (pivot)", dashboard))

    receipt = env.ref("q1_dossier.action_report_q1_receipt")

    def receipt_html():
        # The server's part of the receipt: wkhtmltopdf, which turns this HTML into the PDF, fetches the page's
        # styles from a running server, and this bench runs none (its time is wkhtmltopdf's, about 1 s more).
        env["ir.actions.report"].with_user(officer).with_context(lang="vi_VN")._render_qweb_html(
            receipt.report_name, dossier.ids
        )
        env.invalidate_all()

    results.append(("receipt (HTML, before wkhtmltopdf)", receipt_html))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--login", default="tiepnhan.saigon")
    parser.add_argument("--leader", default="lanhdao.saigon")
    args = parser.parse_args(argv)
    odoo = odoo_or_reexec(argv, "page benchmark")
    if odoo is None:
        return 2
    odoo.tools.config.parse_config(["-d", args.db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    failed = False
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        officer = env["res.users"].search([("login", "=", args.login)])
        leader = env["res.users"].search([("login", "=", args.leader)])
        cr.execute("SELECT count(*) FROM q1_dossier")
        print(f"database {args.db}: {cr.fetchone()[0]:,} dossiers; as {args.login} (pages), {args.leader} (dashboard)")
        cr.execute("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'q1_dossier'")
        table_pages, visible = cr.fetchone()
        if table_pages > 1000 and visible < table_pages / 2:
            print(f"q1_dossier not vacuumed ({visible:,} of {table_pages:,} pages all-visible): VACUUM ANALYZE it")
        try:
            for label, function in pages(env, officer, leader):
                times = []
                for _ in range(args.repeat):
                    start = clock.perf_counter()
                    function()
                    times.append(clock.perf_counter() - start)
                verdict = ""
                if "receipt" not in label and "baseline" not in label:
                    verdict = "PASS" if min(times) < TARGET_S else "FAIL"
                    failed |= verdict == "FAIL"
                print(f"{label:34} best {min(times):6.3f} s  first {times[0]:6.3f} s  {verdict}")
        finally:
            cr.rollback()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
