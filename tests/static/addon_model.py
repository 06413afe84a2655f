"""Static model of our Odoo addons, and the checkers used by tests/static/test_*.py.

Nothing here imports Odoo: manifests are read with ``ast.literal_eval``, models with ``ast``, XML with lxml and
translations with polib. Every checker returns a list of findings, each a string ``path:line: what is wrong``,
so a failing test names the file, the line and the fix.
"""

import ast
import csv
import glob
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[2]
ADDONS_DIR = REPO / "addons"

# ir_module.py `license` selection in 18.0
LICENSES = {
    "GPL-2",
    "GPL-2 or any later version",
    "GPL-3",
    "GPL-3 or any later version",
    "AGPL-3",
    "LGPL-3",
    "Other OSI approved licence",
    "OEEL-1",
    "OPL-1",
    "Other proprietary",
}
VERSION = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
DATA_DIRS = ("data", "views", "security", "report", "wizard", "demo")
TOP_TAGS = {"record", "delete", "function", "menuitem", "template"}
ACCESS_HEADER = ["id", "name", "model_id:id", "group_id:id", "perm_read", "perm_write", "perm_create", "perm_unlink"]
VIEW_TYPES = {"form", "list", "kanban", "search", "pivot", "graph", "calendar", "activity", "tree"}
SUBVIEW_TYPES = {"form", "list", "kanban", "tree", "search", "pivot", "graph", "calendar"}
# Odoo modules outside this repo that an xmlid prefix may name (besides the addon's declared depends)
KNOWN_CORE = {
    "base",
    "web",
    "mail",
    "bus",
    "base_setup",
    "web_tour",
    "html_editor",
    "resource",
    "hr",
    "portal",
    "digest",
    "phone_validation",
    "auth_signup",
    "product",
    "uom",
    "contacts",
    "calendar",
    "report_xlsx",
    "base_import",
    "web_editor",
    "iap",
    "sms",
    "hr_holidays",
    "website",
    "utm",
    "analytic",
    "account",
}

MAGIC_FIELDS = {
    "id",
    "display_name",
    "create_date",
    "create_uid",
    "write_date",
    "write_uid",
    "__count",
    "__last_update",
}
MIXIN_FIELDS = {
    "mail.thread": {
        "message_ids",
        "message_follower_ids",
        "message_partner_ids",
        "message_is_follower",
        "message_needaction",
        "message_needaction_counter",
        "has_message",
        "message_has_error",
        "message_has_error_counter",
        "message_attachment_count",
        "message_has_sms_error",
        "website_message_ids",
        "message_main_attachment_id",
        "rating_ids",
    },
    "mail.activity.mixin": {
        "activity_ids",
        "activity_state",
        "activity_user_id",
        "activity_type_id",
        "activity_type_icon",
        "activity_date_deadline",
        "my_activity_date_deadline",
        "activity_summary",
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_calendar_event_id",
    },
    "mail.thread.cc": {"email_cc"},
    "mail.thread.blacklist": {"email_normalized", "is_blacklisted", "message_bounce"},
    "mail.tracking.duration.mixin": {"duration_tracking"},
    "portal.mixin": {"access_url", "access_token", "access_warning"},
    "image.mixin": {"image_1920", "image_1024", "image_512", "image_256", "image_128"},
    "avatar.mixin": {
        "avatar_1920",
        "avatar_1024",
        "avatar_512",
        "avatar_256",
        "avatar_128",
        "image_1920",
        "image_1024",
        "image_512",
        "image_256",
        "image_128",
    },
}
RELATIONAL = {"Many2one", "One2many", "Many2many"}

LEGACY_XML = [
    (re.compile(r"\battrs\s*="), 'attrs="..." is refused since 17.0: write invisible/readonly/required expressions'),
    (
        re.compile(r"<field\b[^>]*\bstates\s*=|<button\b[^>]*\bstates\s*="),
        'states="..." is refused since 17.0: use invisible="state not in (...)"',
    ),
    (re.compile(r"<tree\b|</tree>"), "<tree> does not exist in 18.0: use <list>"),
    (re.compile(r"tree_view_ref"), "tree_view_ref is gone in 18.0: use list_view_ref"),
    (
        re.compile(r"view_mode[^>]*>[^<]*\btree\b|view_mode\s*=\s*['\"][^'\"]*\btree\b"),
        "view_mode with 'tree' fails in 18.0: use 'list'",
    ),
    (re.compile(r"t-name\s*=\s*['\"]kanban-box['\"]"), 'kanban-box is legacy in 18.0: use t-name="card"'),
    (re.compile(r"kanban_image"), 'kanban_image() is legacy: use <field name="..." widget="image"/>'),
    (re.compile(r"track_visibility"), "track_visibility tracks nothing: use tracking=True"),
    (re.compile(r"\bnumbercall\b"), "ir.cron numbercall was removed (install fails)"),
    (re.compile(r"\bdoall\b"), "ir.cron doall was removed (install fails)"),
    (re.compile(r"message_post_with_template"), "message_post_with_template is gone: use message_post_with_source"),
    (re.compile(r"\bt-esc\s*="), "t-esc is deprecated: use t-out"),
    (re.compile(r"\bt-raw\s*="), "t-raw is deprecated: use t-out"),
    (re.compile(r"class\s*=\s*['\"][^'\"]*\boe_chatter\b"), "div.oe_chatter is dead in 18.0: use <chatter/>"),
    (re.compile(r"\bgroup_operator\s*="), "group_operator is deprecated: use aggregator="),
]
LEGACY_PY = [
    (re.compile(r"track_visibility"), "track_visibility tracks nothing: use tracking=True"),
    (re.compile(r"@api\.multi\b"), "@api.multi does not exist any more (AttributeError)"),
    (re.compile(r"@api\.one\b"), "@api.one does not exist any more (AttributeError)"),
    (re.compile(r"\bdef name_get\s*\("), "name_get is never called in 18.0: use _compute_display_name"),
    (
        re.compile(r"\bdef _name_search\s*\("),
        "_name_search is never called in 18.0: use _rec_names_search or _search_display_name",
    ),
    (re.compile(r"\bgroup_operator\s*="), "group_operator is deprecated: use aggregator="),
    (re.compile(r"\bnumbercall\b"), "ir.cron numbercall was removed"),
    (re.compile(r"\bdoall\b"), "ir.cron doall was removed"),
    (
        re.compile(r"message_post_with_template|message_post_with_view"),
        "message_post_with_template/_with_view are gone: use message_post_with_source",
    ),
    (re.compile(r"\buser_has_groups\s*\("), "user_has_groups was removed: use env.user.has_group()"),
    (
        re.compile(r"['\"]tree_view_ref['\"]|view_mode['\"]?\s*[:=]\s*['\"][^'\"]*\btree\b"),
        "'tree' views are gone in 18.0: use 'list'",
    ),
    (re.compile(r"\bt-esc\s*=|\bt-raw\s*="), "t-esc/t-raw are deprecated: use t-out"),
]
LEGACY_JS = [
    (re.compile(r"t-name\s*=\s*['\"]kanban-box['\"]"), 'kanban-box is legacy: use t-name="card"'),
    (re.compile(r"\bt-esc\s*=|\bt-raw\s*="), "t-esc/t-raw are deprecated: use t-out"),
]


# --------------------------------------------------------------------------------------------------------------
# Addons and manifests
# --------------------------------------------------------------------------------------------------------------


def addon_dirs(addons_dir=ADDONS_DIR):
    addons_dir = Path(addons_dir)
    if not addons_dir.is_dir():
        return []
    return sorted(p for p in addons_dir.iterdir() if (p / "__manifest__.py").is_file())


def rel(path, base=None):
    path = Path(path)
    for root in (base, REPO):
        if root is not None:
            try:
                return str(path.relative_to(root))
            except ValueError:
                pass
    return str(path)


def read_manifest(addon):
    """(manifest dict or None, findings)."""
    path = Path(addon) / "__manifest__.py"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except SyntaxError as error:
        return None, [f"{rel(path)}:{error.lineno}: manifest is not valid Python: {error.msg}"]
    exprs = [n for n in tree.body if isinstance(n, ast.Expr)]
    if len(tree.body) != 1 or not exprs:
        return None, [f"{rel(path)}:1: manifest must be a single dict literal"]
    try:
        manifest = ast.literal_eval(exprs[0].value)
    except ValueError as error:
        return None, [f"{rel(path)}:{exprs[0].lineno}: manifest is not a literal dict ({error})"]
    if not isinstance(manifest, dict):
        return None, [f"{rel(path)}:1: manifest is a {type(manifest).__name__}, not a dict"]
    return manifest, []


def check_manifest(addon):
    addon = Path(addon)
    manifest, findings = read_manifest(addon)
    if manifest is None:
        return findings
    where = f"{rel(addon / '__manifest__.py')}:1"
    name = manifest.get("name")
    if not isinstance(name, str) or not name.strip():
        findings.append(f"{where}: 'name' is missing or empty")
    version = manifest.get("version")
    if not isinstance(version, str) or not VERSION.match(version):
        findings.append(
            f"{where}: 'version' is {version!r}; use the 18.0.x.y.z form, e.g. '18.0.1.0.0' "
            f"(18.0.1.0.0.1 is refused by Odoo)"
        )
    license_ = manifest.get("license")
    if license_ not in LICENSES:
        findings.append(f"{where}: 'license' is {license_!r}; use one of {sorted(LICENSES)}")
    depends = manifest.get("depends")
    if not isinstance(depends, list) or not depends or not all(isinstance(d, str) and d for d in depends):
        findings.append(f"{where}: 'depends' must be a non-empty list of module names, got {depends!r}")
    for key in ("data", "demo"):
        value = manifest.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            findings.append(f"{where}: '{key}' must be a list of file paths, got {value!r}")
    if manifest.get("installable") is False:
        findings.append(f"{where}: 'installable' is False: the addon would never be tested")
    return findings


def manifest_files(manifest, kinds=("data", "demo")):
    return [(kind, f) for kind in kinds for f in (manifest.get(kind) or []) if isinstance(f, str)]


def check_manifest_files(addon):
    addon = Path(addon)
    manifest, findings = read_manifest(addon)
    if manifest is None:
        return findings
    where = f"{rel(addon / '__manifest__.py')}:1"
    listed = set()
    for kind, name in manifest_files(manifest):
        listed.add(name)
        if not (addon / name).is_file():
            findings.append(f"{where}: '{kind}' lists {name}, which does not exist")
    seen = set()
    for kind, name in manifest_files(manifest):
        if name in seen:
            findings.append(f"{where}: {name} is listed twice")
        seen.add(name)
    for bundle, entries in (manifest.get("assets") or {}).items():
        for entry in entries:
            pattern = entry[-1] if isinstance(entry, (list, tuple)) else entry
            if not isinstance(pattern, str) or not pattern.startswith(addon.name + "/"):
                continue  # other modules' assets (e.g. removing or including a core file)
            if not glob.glob(str(addon.parent / pattern), recursive=True):
                findings.append(f"{where}: asset {pattern!r} in bundle {bundle} matches no file")
    for sub in DATA_DIRS:
        for path in sorted((addon / sub).rglob("*")) if (addon / sub).is_dir() else []:
            if path.suffix in (".xml", ".csv") and str(path.relative_to(addon)) not in listed:
                findings.append(f"{rel(path)}:1: not listed in the manifest's data or demo, so Odoo never loads it")
    return findings


# --------------------------------------------------------------------------------------------------------------
# XML
# --------------------------------------------------------------------------------------------------------------


def parse_xml(path):
    """(tree or None, findings)."""
    try:
        return etree.parse(str(path), etree.XMLParser(remove_comments=False)), []
    except etree.XMLSyntaxError as error:
        return None, [f"{rel(path)}:{error.lineno}: XML is not well-formed: {error.msg}"]


def xml_files(addon):
    addon = Path(addon)
    return sorted(p for sub in DATA_DIRS if (addon / sub).is_dir() for p in (addon / sub).rglob("*.xml"))


def check_xml(addon):
    findings = []
    for path in xml_files(addon):
        tree, problems = parse_xml(path)
        findings += problems
        if tree is None:
            continue
        root = tree.getroot()
        if root.tag != "odoo":
            findings.append(f"{rel(path)}:{root.sourceline}: root element is <{root.tag}>, expected <odoo>")
            continue
        for child in root:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "data":
                items = list(child)
            else:
                items = [child]
            for item in items:
                if isinstance(item.tag, str) and item.tag not in TOP_TAGS:
                    findings.append(
                        f"{rel(path)}:{item.sourceline}: <{item.tag}> is not a data tag in 18.0; "
                        f'use one of {sorted(TOP_TAGS)} (e.g. <record model="ir.actions.report">)'
                    )
    return findings


def _scan(path, rules):
    findings = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        for pattern, message in rules:
            if pattern.search(line):
                findings.append(f"{rel(path)}:{number}: {message}: {line.strip()[:120]}")
    return findings


def check_legacy_syntax(addon):
    addon = Path(addon)
    findings = []
    for path in sorted(addon.rglob("*")):
        if "i18n" in path.relative_to(addon).parts or not path.is_file():
            continue
        if path.suffix == ".xml":
            findings += _scan(path, LEGACY_XML)
        elif path.suffix == ".py":
            findings += _scan(path, LEGACY_PY)
        elif path.suffix == ".js":
            findings += _scan(path, LEGACY_JS)
    return findings


# --------------------------------------------------------------------------------------------------------------
# Model index
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    type: str
    comodel: str = None
    line: int = 0


@dataclass
class Model:
    name: str
    addon: str = None  # addon that defines it with _name (None: an extension of a model not ours)
    kind: str = "Model"  # Model | TransientModel | AbstractModel
    fields: dict = field(default_factory=dict)
    inherits: set = field(default_factory=set)
    delegates: bool = False  # _inherits: fields of another model are reachable
    path: str = None
    line: int = 0

    def all_fields(self, index, _seen=None):
        """Field names known on this model, or None when they cannot be known statically."""
        _seen = _seen or set()
        if self.name in _seen:
            return set()
        _seen.add(self.name)
        if self.delegates:
            return None
        names = set(self.fields) | MAGIC_FIELDS
        for parent in self.inherits - {self.name}:
            if parent in MIXIN_FIELDS:
                names |= MIXIN_FIELDS[parent]
            elif parent in index and index[parent].addon:
                more = index[parent].all_fields(index, _seen)
                if more is None:
                    return None
                names |= more
            else:
                return None  # a core model we have no list of fields for
        if self.name in MIXIN_FIELDS:
            names |= MIXIN_FIELDS[self.name]
        return names


def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def _field_call(value):
    """('Char', comodel or None) when ``value`` is ``fields.X(...)``."""
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == "fields"
    ):
        return None
    ftype = value.func.attr
    comodel = None
    if ftype in RELATIONAL:
        if value.args and isinstance(value.args[0], ast.Constant) and isinstance(value.args[0].value, str):
            comodel = value.args[0].value
        for kw in value.keywords:
            if kw.arg == "comodel_name" and isinstance(kw.value, ast.Constant):
                comodel = kw.value.value
    return ftype, comodel


def model_classes(path):
    """Yield (class name, attrs dict, fields dict, base kind, line) for every Odoo model class in a file."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        kind = None
        for base in node.bases:
            if isinstance(base, ast.Attribute) and base.attr in ("Model", "TransientModel", "AbstractModel"):
                kind = base.attr
        attrs, fields_ = {}, {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                target = stmt.targets[0].id
                if target in ("_name", "_inherit", "_inherits"):
                    attrs[target] = _literal(stmt.value)
                call = _field_call(stmt.value)
                if call:
                    fields_[target] = Field(target, call[0], call[1], stmt.lineno)
        if kind or "_name" in attrs or "_inherit" in attrs:
            yield node.name, attrs, fields_, kind or "Model", node.lineno


def model_files(addon):
    addon = Path(addon)
    return sorted(
        p for sub in ("models", "wizard", "report") if (addon / sub).is_dir() for p in (addon / sub).glob("*.py")
    )


def build_index(addons):
    """{model name: Model} over all given addon dirs."""
    index = {}
    for addon in addons:
        addon = Path(addon)
        for path in model_files(addon):
            try:
                classes = list(model_classes(path))
            except SyntaxError:
                continue  # reported by check_python
            for _cls, attrs, fields_, kind, line in classes:
                inherit = attrs.get("_inherit") or []
                inherit = [inherit] if isinstance(inherit, str) else list(inherit)
                name = attrs.get("_name") or (inherit[0] if len(inherit) == 1 else None)
                if not isinstance(name, str):
                    continue
                model = index.setdefault(name, Model(name))
                if attrs.get("_name") and attrs["_name"] not in inherit:
                    model.addon, model.kind, model.path, model.line = addon.name, kind, str(path), line
                model.inherits |= set(inherit)
                if attrs.get("_inherits"):
                    model.delegates = True
                model.fields.update(fields_)
    return index


# --------------------------------------------------------------------------------------------------------------
# Views: fields exist on their models
# --------------------------------------------------------------------------------------------------------------


def _record_field(record, name):
    for child in record:
        if child.tag == "field" and child.get("name") == name:
            return child
    return None


def _check_arch_fields(node, model, index, path, findings, own_only, label):
    """Walk an arch; ``own_only``: only check q1_* fields (extension of a core model)."""
    known = index[model].all_fields(index) if model in index else None
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field" and child.get("name"):
            fname = child.get("name")
            checked = known is not None and (not own_only or fname.startswith("q1_"))
            if checked and fname not in known:
                findings.append(
                    f"{rel(path)}:{child.sourceline}: view {label}: field '{fname}' does not exist on model {model}"
                )
            subviews = [c for c in child if isinstance(c.tag, str) and c.tag in SUBVIEW_TYPES]
            if subviews:
                fdef = index[model].fields.get(fname) if model in index else None
                comodel = fdef.comodel if fdef else None
                if comodel in index and index[comodel].addon:
                    for sub in subviews:
                        _check_arch_fields(sub, comodel, index, path, findings, False, f"{label} > {fname}")
                continue
            _check_arch_fields(child, model, index, path, findings, own_only, label)
        else:
            if known is not None and not own_only:
                for attr, fname in _named_fields(child):
                    if fname not in known:
                        findings.append(
                            f"{rel(path)}:{child.sourceline}: view {label}: {attr} names field "
                            f"'{fname}', which does not exist on model {model}"
                        )
            _check_arch_fields(child, model, index, path, findings, own_only, label)


GROUP_BY = re.compile(r"""['"]group_by['"]\s*:\s*\[?\s*['"]([\w.]+)""")
FIELD_ATTRS = {
    "kanban": ("default_group_by",),
    "list": ("default_group_by",),
    "calendar": ("date_start", "date_stop", "date_delay", "color", "all_day"),
    "filter": ("date",),
}


def _named_fields(el):
    """(attribute, field name) pairs naming a field of the view's model in an element's attributes."""
    for attr in FIELD_ATTRS.get(el.tag, ()):
        if el.get(attr):
            yield attr, el.get(attr)
    if el.tag == "filter" and el.get("context"):
        for match in GROUP_BY.finditer(el.get("context")):
            yield "group_by", match[1].split(":")[0].split(".")[0]


def view_records(addon):
    """Yield (path, record element, model, arch element, inherit ref) for ir.ui.view records."""
    for path in xml_files(addon):
        tree, _ = parse_xml(path)
        if tree is None:
            continue
        for record in tree.iter("record"):
            if record.get("model") != "ir.ui.view":
                continue
            model_el, arch_el, inherit_el = (_record_field(record, n) for n in ("model", "arch", "inherit_id"))
            if arch_el is None:
                continue
            roots = [c for c in arch_el if isinstance(c.tag, str)]
            yield (
                path,
                record,
                (model_el.text or "").strip() if model_el is not None else None,
                roots[0] if roots else None,
                inherit_el.get("ref") if inherit_el is not None else None,
            )


def check_view_fields(addon, index):
    findings = []
    for path, record, model, arch, inherit in view_records(addon):
        label = record.get("id") or "?"
        if arch is None:
            findings.append(f"{rel(path)}:{record.sourceline}: view {label}: empty arch")
            continue
        if not model:
            if arch.tag in VIEW_TYPES:
                findings.append(f'{rel(path)}:{record.sourceline}: view {label}: no <field name="model">')
            continue
        if model not in index:
            continue  # a core model that none of our addons extends: nothing of ours can be in the view
        if not inherit and arch.tag not in VIEW_TYPES:
            continue  # qweb
        ours = bool(index[model].addon)
        wrapper = etree.Element("arch")
        wrapper.append(_copy(arch))
        _check_arch_fields(wrapper, model, index, path, findings, not ours, label)
    return findings


def _copy(element):
    # keep source lines: deep copy in lxml preserves sourceline
    from copy import deepcopy

    return deepcopy(element)


# --------------------------------------------------------------------------------------------------------------
# Security: access rows
# --------------------------------------------------------------------------------------------------------------


def model_xmlid(name):
    return "model_" + name.replace(".", "_")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows


def check_access(addon, index):
    addon = Path(addon)
    findings = []
    ours = {name: m for name, m in index.items() if m.addon == addon.name}
    needs = {name for name, m in ours.items() if m.kind != "AbstractModel"}
    path = addon / "security" / "ir.model.access.csv"
    if not path.is_file():
        if needs:
            findings.append(f"{rel(path)}:1: missing; models {sorted(needs)} would be superuser-only")
        return findings
    rows = read_csv(path)
    if not rows or rows[0] != ACCESS_HEADER:
        findings.append(f"{rel(path)}:1: header must be {','.join(ACCESS_HEADER)}")
        return findings
    manifest, _ = read_manifest(addon)
    depends = set((manifest or {}).get("depends") or [])
    covered = set()
    by_xmlid = {model_xmlid(n): n for n in index}
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(ACCESS_HEADER):
            findings.append(f"{rel(path)}:{number}: {len(row)} columns, expected {len(ACCESS_HEADER)}")
            continue
        ref = row[2]
        module, _, xmlid = ref.rpartition(".")
        if module in ("", addon.name):
            if xmlid not in by_xmlid or index[by_xmlid[xmlid]].addon is None:
                findings.append(
                    f"{rel(path)}:{number}: model_id:id {ref!r} names no model defined with _name "
                    f"in our addons (expected model_<name with dots as underscores>)"
                )
            else:
                covered.add(by_xmlid[xmlid])
        elif not xmlid.startswith("model_") or (module not in KNOWN_CORE and module not in depends):
            findings.append(
                f"{rel(path)}:{number}: model_id:id {ref!r} is not model_<name with dots as "
                f"underscores> of {addon.name} or of a module it depends on"
            )
        if any(v not in ("0", "1") for v in row[4:]):
            findings.append(f"{rel(path)}:{number}: perm_* columns must be 0 or 1, got {row[4:]}")
    for name in sorted(needs - covered):
        m = ours[name]
        findings.append(
            f"{rel(m.path)}:{m.line}: model {name} ({m.kind}) has no row in {rel(path)}; add e.g. "
            f"access_{name.replace('.', '_')}_user,{name}.user,{model_xmlid(name)},base.group_user,"
            f"1,0,0,0"
        )
    return findings


# --------------------------------------------------------------------------------------------------------------
# XML ids: every reference resolves
# --------------------------------------------------------------------------------------------------------------

REF_IN_EVAL = re.compile(r"""\bref\(\s*['"]([\w.\-]+)['"]""")
PERCENT_REF = re.compile(r"%\(([\w.\-]+)\)d")


def all_depends(addon_name, manifests):
    """Transitive depends of an addon, following our own addons' manifests."""
    seen, stack = set(), list(manifests.get(addon_name, {}).get("depends", []))
    while stack:
        dep = stack.pop()
        if dep in seen:
            continue
        seen.add(dep)
        stack.extend(manifests.get(dep, {}).get("depends", []))
    return seen


def defined_ids(addon, index):
    """Every xmlid an addon defines (any order), without module prefix."""
    addon = Path(addon)
    manifest, _ = read_manifest(addon)
    ids = set(_implicit_ids(addon.name, index))
    for _kind, name in manifest_files(manifest or {}):
        ids |= {i for i, _line in _file_ids(addon / name)}
    return ids


def _implicit_ids(addon_name, index):
    for name, model in index.items():
        if model.addon == addon_name:
            yield model_xmlid(name)
        for fname, fdef in model.fields.items():
            if model.addon == addon_name or fname.startswith("q1_"):
                yield f"field_{name.replace('.', '_')}__{fname}"


def _file_ids(path):
    """(xmlid, line) defined by a data file, in document order."""
    path = Path(path)
    if not path.is_file():
        return []
    if path.suffix == ".csv":
        rows = read_csv(path)
        if rows and "id" in rows[0]:
            col = rows[0].index("id")
            return [(row[col], n) for n, row in enumerate(rows[1:], 2) if len(row) > col and row[col]]
        return []
    tree, _ = parse_xml(path)
    if tree is None:
        return []
    return [(el.get("id"), el.sourceline) for el in tree.iter("record", "template", "menuitem") if el.get("id")]


def _xml_refs(path):
    """(xmlid, line, what) referenced in an XML data file, in document order, with the ids defined before."""
    tree, _ = parse_xml(path)
    if tree is None:
        return
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        line = el.sourceline
        if el.tag in ("record", "template", "menuitem") and el.get("id"):
            yield "define", el.get("id"), line, el.tag
        if el.tag == "field" and el.get("ref"):
            yield "ref", el.get("ref"), line, f"ref of field {el.get('name')}"
        if el.tag == "delete" and el.get("id"):
            yield "ref", el.get("id"), line, "delete id"
        if el.tag == "menuitem":
            for attr in ("parent", "action"):
                if el.get(attr):
                    yield "ref", el.get(attr), line, f"menuitem {attr}"
        if el.tag == "template" and el.get("inherit_id"):
            yield "ref", el.get("inherit_id"), line, "template inherit_id"
        if el.get("groups"):
            for group in el.get("groups").split(","):
                group = group.strip().lstrip("-!")
                if group:
                    yield "ref", group, line, "groups"
        for attr, value in el.attrib.items():
            for match in REF_IN_EVAL.finditer(value) if attr in ("eval", "context", "domain") else ():
                yield "ref", match[1], line, f"ref() in {attr}"
            for match in PERCENT_REF.finditer(value):
                yield "ref", match[1], line, f"%(...)d in {attr}"
        if el.text and el.tag == "field":
            for match in PERCENT_REF.finditer(el.text):
                yield "ref", match[1], line, "%(...)d in text"
            if el.get("name") in ("context", "domain", "domain_force", "groups_id"):
                for match in REF_IN_EVAL.finditer(el.text):
                    yield "ref", match[1], line, f"ref() in {el.get('name')}"


def _csv_refs(path):
    rows = read_csv(path)
    if not rows:
        return
    header = rows[0]
    ref_cols = [i for i, h in enumerate(header) if h.endswith(":id") and h != "id"]
    for number, row in enumerate(rows[1:], 2):
        for col in ref_cols:
            if col < len(row) and row[col]:
                for value in row[col].split(","):
                    yield "ref", value.strip(), number, header[col]
        if "id" in header and len(row) > header.index("id") and row[header.index("id")]:
            yield "define", row[header.index("id")], number, "csv row"


def check_xmlids(addon, index, addons_dir=None):
    addon = Path(addon)
    manifest, findings = read_manifest(addon)
    if manifest is None:
        return findings
    addons_dir = Path(addons_dir or addon.parent)
    manifests = {}
    for other in addon_dirs(addons_dir):
        m, _ = read_manifest(other)
        manifests[other.name] = m or {}
    deps = all_depends(addon.name, manifests)
    ours = set(manifests)
    other_ids = {name: defined_ids(addons_dir / name, index) for name in ours if name != addon.name}
    defined = set(_implicit_ids(addon.name, index))
    later = defined_ids(addon, index)
    for _kind, name in manifest_files(manifest):
        path = addon / name
        if not path.is_file():
            continue
        events = _csv_refs(path) if path.suffix == ".csv" else _xml_refs(path) if path.suffix == ".xml" else []
        for event, xmlid, line, what in events:
            if event == "define":
                defined.add(xmlid.split(".", 1)[1] if xmlid.startswith(addon.name + ".") else xmlid)
                continue
            module, _, local = xmlid.rpartition(".")
            where = f"{rel(path)}:{line}"
            if module in ("", addon.name):
                if local in defined:
                    continue
                if local in later:
                    findings.append(
                        f"{where}: {what} '{xmlid}' is defined only later in the load order; move its "
                        f"definition (or the file) before this line"
                    )
                else:
                    findings.append(f"{where}: {what} '{xmlid}' is not defined in {addon.name}")
            elif module in ours:
                if module not in deps:
                    findings.append(f"{where}: {what} '{xmlid}': {module} is not in the depends of {addon.name}")
                elif local not in other_ids.get(module, set()):
                    findings.append(f"{where}: {what} '{xmlid}' is not defined in {module}")
            elif module not in deps and module not in KNOWN_CORE:
                findings.append(
                    f"{where}: {what} '{xmlid}': module {module} is neither a dependency of "
                    f"{addon.name} nor a known core module"
                )
    return findings


# --------------------------------------------------------------------------------------------------------------
# Translations, Python
# --------------------------------------------------------------------------------------------------------------


def check_vi_po(addon):
    import polib

    path = Path(addon) / "i18n" / "vi.po"
    if not path.is_file():
        return [f"{rel(path)}:1: missing; export the terms (odoo --i18n-export) and translate them to Vietnamese"]
    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError) as error:
        return [f"{rel(path)}:1: cannot be parsed: {error}"]
    findings = []
    language = po.metadata.get("Language", "")
    if language not in ("vi", "vi_VN"):
        findings.append(f"{rel(path)}:1: header Language is {language!r}, expected 'vi'")
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            findings.append(
                f"{rel(path)}:{entry.linenum}: fuzzy entry (review it and remove the flag): {entry.msgid[:80]!r}"
            )
        if entry.msgid_plural:
            empty = not entry.msgstr_plural or not all(v.strip() for v in entry.msgstr_plural.values())
        else:
            empty = not entry.msgstr.strip()
        if empty:
            findings.append(f"{rel(path)}:{entry.linenum}: untranslated: {entry.msgid[:80]!r}")
    if not [e for e in po if not e.obsolete]:
        findings.append(f"{rel(path)}:1: no entries")
    return findings


def python_files(addon):
    return sorted(p for p in Path(addon).rglob("*.py") if "__pycache__" not in p.parts)


def check_python(addon):
    findings = []
    for path in python_files(addon):
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except SyntaxError as error:
            findings.append(f"{rel(path)}:{error.lineno}: does not compile: {error.msg}")
    return findings


def check_core_pure(addon):
    """``<addon>/core`` never imports odoo, directly or by climbing out of ``core`` with relative imports."""
    core = Path(addon) / "core"
    findings = []
    for path in sorted(core.rglob("*.py")) if core.is_dir() else []:
        depth = len(path.relative_to(core).parts)  # 1 for core/x.py
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0:
                    names = [node.module or ""]
                elif node.level > depth:
                    findings.append(
                        f"{rel(path)}:{node.lineno}: relative import leaves core/ "
                        f"({'.' * node.level}{node.module or ''}); core must stay pure Python"
                    )
            for name in names:
                if name == "odoo" or name.startswith("odoo."):
                    findings.append(f"{rel(path)}:{node.lineno}: core/ imports {name}; core never imports odoo")
    return findings


def report(findings):
    """Assertion message listing every finding."""
    return f"{len(findings)} finding(s):\n" + "\n".join(findings)
