"""The static checks of our addons that neither the community's lint nor an Odoo install does, and their checkers.

Checked elsewhere, so not here:

- ruff (.ruff.toml, tests/static/test_lint.py): Python syntax, imports, style; ``core/`` never imports odoo nor
  climbs out of ``core/`` with a relative import (banned-api and relative imports in ``addons/*/core/.ruff.toml``);
- pylint-odoo (.pylintrc): manifest keys, version format, license and author, readme, listed files that do not
  exist, files listed twice, field parameters and methods removed in 18.0 (``track_visibility``,
  ``group_operator``, ``name_get``, ``_name_search``), translations, SQL injection, ...;
- oca-checks-odoo-module and oca-checks-po: well-formed XML and CSV, ``<openerp>``/``<data>`` nodes, duplicate
  XML ids, files not listed in the manifest, ``t-esc``/``t-raw``, ``div.oe_chatter``, demo users, PO syntax;
- the Odoo install of tests/odoo_tier.py (with demo data): data tags (the RNG of 18.0), ``attrs``/``states``,
  ``numbercall``/``doall``, every view field on its model, every XML id resolving in load order.

What stays here, because none of those reports it:

- every model of ours has access rows (Odoo only logs a warning, and the model is then superuser-only);
- 18.0 syntax that still installs but misbehaves: ``<tree>``, ``tree_view_ref`` and ``tree`` in a ``view_mode``,
  ``kanban-box`` (a warning), ``kanban_image``, the removed ``message_post_with_template`` and ``user_has_groups``
  called from Python;
- ``i18n/vi.po`` is complete: every entry translated, none fuzzy.

Nothing here imports Odoo: manifests are read with ``ast.literal_eval``, models with ``ast`` and translations
with polib. Every checker returns a list of findings, each a string ``path:line: what is wrong``. The checkers are
tested on small synthetic addons in test_checkers.py.
"""

import ast
import csv
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ADDONS_DIR = REPO / "addons"

ACCESS_HEADER = ["id", "name", "model_id:id", "group_id:id", "perm_read", "perm_write", "perm_create", "perm_unlink"]
# Odoo modules outside this repo whose models an access row may name (besides the addon's declared depends)
KNOWN_CORE = {"base", "mail", "resource", "hr", "web", "bus", "portal", "digest", "report_xlsx"}

LEGACY_XML = [
    (re.compile(r"<tree\b|</tree>"), "<tree> does not exist in 18.0: use <list>"),
    (re.compile(r"tree_view_ref"), "tree_view_ref is ignored in 18.0: use list_view_ref"),
    (
        re.compile(r"view_mode[^>]*>[^<]*\btree\b|view_mode\s*=\s*['\"][^'\"]*\btree\b"),
        "view_mode with 'tree' fails in 18.0: use 'list'",
    ),
    (re.compile(r"t-name\s*=\s*['\"]kanban-box['\"]"), 'kanban-box is legacy in 18.0: use t-name="card"'),
    (re.compile(r"kanban_image"), 'kanban_image() is legacy: use <field name="..." widget="image"/>'),
    (re.compile(r"\bgroup_operator\s*="), "group_operator is deprecated: use aggregator="),
]
LEGACY_PY = [
    (
        re.compile(r"message_post_with_template|message_post_with_view"),
        "message_post_with_template/_with_view are gone: use message_post_with_source",
    ),
    (re.compile(r"\buser_has_groups\s*\("), "user_has_groups was removed: use env.user.has_group()"),
    (
        re.compile(r"['\"]tree_view_ref['\"]|view_mode['\"]?\s*[:=]\s*['\"][^'\"]*\btree\b"),
        "'tree' views are gone in 18.0: use 'list'",
    ),
]
LEGACY_JS = [
    (re.compile(r"t-name\s*=\s*['\"]kanban-box['\"]"), 'kanban-box is legacy: use t-name="card"'),
    (re.compile(r"\bt-esc\s*=|\bt-raw\s*="), "t-esc/t-raw are deprecated: use t-out"),
]


def addon_dirs(addons_dir=ADDONS_DIR):
    addons_dir = Path(addons_dir)
    if not addons_dir.is_dir():
        return []
    return sorted(p for p in addons_dir.iterdir() if (p / "__manifest__.py").is_file())


def rel(path):
    path = Path(path)
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def report(findings):
    """Assertion message listing every finding."""
    return f"{len(findings)} finding(s):\n" + "\n".join(findings)


# --------------------------------------------------------------------------------------------------------------
# Models and their access rows
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Model:
    name: str
    addon: str = None  # addon that defines it with _name (None: an extension of a model not ours)
    kind: str = "Model"  # Model | TransientModel | AbstractModel
    path: str = None
    line: int = 0


def model_classes(path):
    """Yield (attrs dict with _name/_inherit, base kind, line) for every Odoo model class in a file."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        kind = None
        for base in node.bases:
            if isinstance(base, ast.Attribute) and base.attr in ("Model", "TransientModel", "AbstractModel"):
                kind = base.attr
        attrs = {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                if stmt.targets[0].id in ("_name", "_inherit"):
                    try:
                        attrs[stmt.targets[0].id] = ast.literal_eval(stmt.value)
                    except ValueError:
                        attrs[stmt.targets[0].id] = None
        if kind or attrs:
            yield attrs, kind or "Model", node.lineno


def model_files(addon):
    addon = Path(addon)
    return sorted(
        p for sub in ("models", "wizard", "report") if (addon / sub).is_dir() for p in (addon / sub).glob("*.py")
    )


def build_index(addons):
    """{model name: Model} of the models our addons define with ``_name`` (or extend)."""
    index = {}
    for addon in map(Path, addons):
        for path in model_files(addon):
            for attrs, kind, line in model_classes(path):
                inherit = attrs.get("_inherit") or []
                inherit = [inherit] if isinstance(inherit, str) else list(inherit)
                name = attrs.get("_name") or (inherit[0] if len(inherit) == 1 else None)
                if not isinstance(name, str):
                    continue
                model = index.setdefault(name, Model(name))
                if attrs.get("_name") and attrs["_name"] not in inherit:
                    model.addon, model.kind, model.path, model.line = addon.name, kind, str(path), line
    return index


def model_xmlid(name):
    return "model_" + name.replace(".", "_")


def check_access(addon, index):
    """Every non-abstract model the addon defines has a row in security/ir.model.access.csv."""
    addon = Path(addon)
    findings = []
    ours = {name: m for name, m in index.items() if m.addon == addon.name}
    needs = {name for name, m in ours.items() if m.kind != "AbstractModel"}
    path = addon / "security" / "ir.model.access.csv"
    if not path.is_file():
        if needs:
            findings.append(f"{rel(path)}:1: missing; models {sorted(needs)} would be superuser-only")
        return findings
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or rows[0] != ACCESS_HEADER:
        return [f"{rel(path)}:1: header must be {','.join(ACCESS_HEADER)}"]
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    depends = set(manifest.get("depends") or [])
    by_xmlid = {model_xmlid(n): n for n in index}
    covered = set()
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(ACCESS_HEADER):
            findings.append(f"{rel(path)}:{number}: {len(row)} columns, expected {len(ACCESS_HEADER)}")
            continue
        module, _, xmlid = row[2].rpartition(".")
        if module in ("", addon.name):
            if xmlid not in by_xmlid or index[by_xmlid[xmlid]].addon is None:
                findings.append(
                    f"{rel(path)}:{number}: model_id:id {row[2]!r} names no model defined with _name "
                    f"in our addons (expected model_<name with dots as underscores>)"
                )
            else:
                covered.add(by_xmlid[xmlid])
        elif not xmlid.startswith("model_") or (module not in KNOWN_CORE and module not in depends):
            findings.append(
                f"{rel(path)}:{number}: model_id:id {row[2]!r} is not model_<name with dots as "
                f"underscores> of {addon.name} or of a module it depends on"
            )
    for name in sorted(needs - covered):
        m = ours[name]
        findings.append(
            f"{rel(m.path)}:{m.line}: model {name} ({m.kind}) has no row in {rel(path)}; add e.g. "
            f"access_{name.replace('.', '_')}_user,{name}.user,{model_xmlid(name)},base.group_user,1,0,0,0"
        )
    return findings


# --------------------------------------------------------------------------------------------------------------
# 18.0 syntax that installs but misbehaves
# --------------------------------------------------------------------------------------------------------------


def _scan(path, rules):
    findings = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        for pattern, message in rules:
            if pattern.search(line):
                findings.append(f"{rel(path)}:{number}: {message}: {line.strip()[:120]}")
    return findings


def check_legacy_syntax(addon):
    addon = Path(addon)
    rules = {".xml": LEGACY_XML, ".py": LEGACY_PY, ".js": LEGACY_JS}
    findings = []
    for path in sorted(addon.rglob("*")):
        if path.suffix in rules and path.is_file() and "i18n" not in path.relative_to(addon).parts:
            findings += _scan(path, rules[path.suffix])
    return findings


# --------------------------------------------------------------------------------------------------------------
# Translations
# --------------------------------------------------------------------------------------------------------------


def check_vi_po(addon):
    """``i18n/vi.po`` (required) and ``i18n_extra/vi.po`` (optional: the Vietnamese an addon gives to the records of
    modules it depends on, which Odoo 18.0 loads too, see ``get_po_paths``) are complete: parsed, Language vi, every
    entry translated, none fuzzy. An i18n_extra entry translates records only: Odoo's importer skips code terms, and
    its reader needs each entry's ``#. module:`` comment."""
    findings = _check_po(Path(addon) / "i18n" / "vi.po")
    extra = Path(addon) / "i18n_extra" / "vi.po"
    if extra.is_file():
        findings += _check_po(extra, records_only=True)
    return findings


def _check_po(path, records_only=False):
    import polib

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
        code = [occurrence for occurrence, _line in entry.occurrences if occurrence.startswith("code:")]
        if code and not records_only and not re.search(r"^odoo-(python|javascript)$", entry.comment, re.M):
            # CodeTranslations loads a code term only with this comment: without it the message stays English
            findings.append(
                f"{rel(path)}:{entry.linenum}: code term without its '#. odoo-python' (or odoo-javascript) "
                f"comment, which Odoo needs to load it: {entry.msgid[:80]!r}"
            )
        if records_only:
            if not re.match(r"modules?: \w+", entry.comment):
                findings.append(f"{rel(path)}:{entry.linenum}: no '#. module:' comment: {entry.msgid[:80]!r}")
            if any(occurrence.startswith("code:") for occurrence, _line in entry.occurrences):
                findings.append(
                    f"{rel(path)}:{entry.linenum}: code term (Odoo loads code terms from the calling module's own "
                    f"files only; give it in i18n/vi.po): {entry.msgid[:80]!r}"
                )
    if not [e for e in po if not e.obsolete]:
        findings.append(f"{rel(path)}:1: no entries")
    return findings
