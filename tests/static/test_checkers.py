"""The static checkers must be able to fail: each is run on a small synthetic addon with one defect."""

import textwrap

import addon_model as am
import pytest

GOOD_MODEL = """
from odoo import fields, models


class Thing(models.Model):
    _name = "q1.thing"
    _description = "Thing"
    _inherit = ["mail.thread", "mail.activity.mixin"]

    name = fields.Char()
    line_ids = fields.One2many("q1.thing.line", "thing_id")


class ThingLine(models.Model):
    _name = "q1.thing.line"
    _description = "Thing line"

    thing_id = fields.Many2one("q1.thing")
    qty = fields.Integer()


class Company(models.Model):
    _inherit = "res.company"

    q1_code = fields.Char()


class Wizard(models.TransientModel):
    _name = "q1.thing.wizard"
    _description = "Wizard"

    note = fields.Text()


class Mixin(models.AbstractModel):
    _name = "q1.thing.mixin"
    _description = "Mixin"
"""

GOOD_VIEWS = """<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="thing_view_form" model="ir.ui.view">
        <field name="name">q1.thing.form</field>
        <field name="model">q1.thing</field>
        <field name="arch" type="xml">
            <form>
                <sheet>
                    <field name="name" groups="q1_thing.group_thing_user"/>
                    <field name="line_ids"><list><field name="qty"/></list></field>
                    <field name="activity_ids"/>
                </sheet>
                <chatter/>
            </form>
        </field>
    </record>
    <record id="company_view_form" model="ir.ui.view">
        <field name="name">res.company.form.q1</field>
        <field name="model">res.company</field>
        <field name="inherit_id" ref="base.view_company_form"/>
        <field name="arch" type="xml">
            <field name="name" position="after"><field name="q1_code"/><field name="street"/></field>
        </field>
    </record>
    <record id="thing_action" model="ir.actions.act_window">
        <field name="name">Things</field>
        <field name="res_model">q1.thing</field>
        <field name="view_mode">list,form</field>
    </record>
    <menuitem id="thing_menu" name="Things" action="thing_action" groups="base.group_user"/>
</odoo>
"""

GOOD_SECURITY = """<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="group_thing_user" model="res.groups">
        <field name="name">Thing user</field>
        <field name="implied_ids" eval="[(4, ref('base.group_user'))]"/>
    </record>
</odoo>
"""

GOOD_ACCESS = """id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink
access_q1_thing,q1.thing,model_q1_thing,group_thing_user,1,1,1,1
access_q1_thing_line,q1.thing.line,model_q1_thing_line,group_thing_user,1,1,1,1
access_q1_thing_wizard,q1.thing.wizard,model_q1_thing_wizard,group_thing_user,1,1,1,1
"""

GOOD_PO = """msgid ""
msgstr ""
"Project-Id-Version: Odoo Server 18.0\\n"
"Language: vi\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#. module: q1_thing
#: model:ir.model,name:q1_thing.model_q1_thing
msgid "Thing"
msgstr "Vật"
"""

GOOD_MANIFEST = {
    "name": "Thing",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "depends": ["mail"],
    "data": ["security/security.xml", "security/ir.model.access.csv", "views/thing_views.xml"],
    "demo": [],
}


def make_addon(root, manifest=None, files=None):
    """Write a synthetic addon q1_thing under ``root``; ``files`` override or add files (None removes)."""
    addon = root / "q1_thing"
    content = {
        "__manifest__.py": repr(manifest or GOOD_MANIFEST),
        "__init__.py": "from . import models\n",
        "models/__init__.py": "from . import thing\n",
        "models/thing.py": GOOD_MODEL,
        "views/thing_views.xml": GOOD_VIEWS,
        "security/security.xml": GOOD_SECURITY,
        "security/ir.model.access.csv": GOOD_ACCESS,
        "i18n/vi.po": GOOD_PO,
        "core/__init__.py": "",
        "core/calc.py": "from datetime import date\n\n\ndef today():\n    return date.today()\n",
    }
    content.update(files or {})
    for name, text in content.items():
        if text is None:
            continue
        path = addon / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if name.endswith(".py") else text, encoding="utf-8")
    return addon


def run_all(addon):
    index = am.build_index([addon])
    return {
        "manifest": am.check_manifest(addon),
        "files": am.check_manifest_files(addon),
        "xml": am.check_xml(addon),
        "legacy": am.check_legacy_syntax(addon),
        "views": am.check_view_fields(addon, index),
        "access": am.check_access(addon, index),
        "xmlids": am.check_xmlids(addon, index),
        "po": am.check_vi_po(addon),
        "python": am.check_python(addon),
        "core": am.check_core_pure(addon),
    }


def test_good_addon_is_clean(tmp_path):
    findings = run_all(make_addon(tmp_path))
    assert not any(findings.values()), findings


def only(findings, check, *needles):
    """The defect is reported by ``check`` (and only there), naming each needle."""
    others = {k: v for k, v in findings.items() if v and k != check}
    assert findings[check], f"{check} found nothing; others: {others}"
    text = "\n".join(findings[check])
    for needle in needles:
        assert needle in text, text
    assert not others, others


@pytest.mark.parametrize("version", ["18.0.1.0.0.1", "17.0.1.0.0", "1.0", "18.0.1"])
def test_bad_version(tmp_path, version):
    only(run_all(make_addon(tmp_path, dict(GOOD_MANIFEST, version=version))), "manifest", "version")


def test_bad_license_and_depends(tmp_path):
    manifest = dict(GOOD_MANIFEST, license="MIT")
    manifest.pop("depends")
    findings = am.check_manifest(make_addon(tmp_path, manifest))
    assert any("license" in f for f in findings) and any("depends" in f for f in findings), findings


def test_manifest_not_literal(tmp_path):
    addon = make_addon(tmp_path, files={"__manifest__.py": "{'name': 'x', 'version': '18.0.' + '1.0.0'}"})
    assert "not a literal" in "\n".join(am.check_manifest(addon))


def test_missing_and_unlisted_files(tmp_path):
    manifest = dict(GOOD_MANIFEST, data=GOOD_MANIFEST["data"] + ["data/missing.xml"])
    addon = make_addon(tmp_path, manifest, files={"demo/extra.xml": "<odoo/>"})
    findings = am.check_manifest_files(addon)
    text = "\n".join(findings)
    assert "data/missing.xml, which does not exist" in text and "demo/extra.xml:1: not listed" in text


def test_malformed_xml_and_old_tags(tmp_path):
    broken = make_addon(tmp_path / "a", files={"views/thing_views.xml": "<odoo><record id='x'></odoo>"})
    assert "not well-formed" in "\n".join(am.check_xml(broken))
    old = GOOD_VIEWS.replace("</odoo>", '<report id="r" model="q1.thing" name="x" string="y"/></odoo>')
    findings = am.check_xml(make_addon(tmp_path / "b", files={"views/thing_views.xml": old}))
    assert any("<report> is not a data tag" in f and "thing_views.xml:" in f for f in findings), findings


@pytest.mark.parametrize(
    "old, new, needle",
    [
        ('<field name="qty"/>', '<field name="qty" attrs="{\'invisible\': True}"/>', "attrs"),
        ('<field name="qty"/>', '<field name="qty" states="draft"/>', "states"),
        ("<list><field", "<tree><field", "<tree>"),
        ("list,form", "tree,form", "view_mode"),
        ("<chatter/>", '<div class="oe_chatter"/>', "oe_chatter"),
        ("<chatter/>", '<t t-esc="1"/>', "t-esc"),
        ("<chatter/>", '<t t-raw="1"/>', "t-raw"),
        ("<chatter/>", '<templates><t t-name="kanban-box"/></templates>', "kanban-box"),
    ],
)
def test_legacy_xml(tmp_path, old, new, needle):
    bad = (
        GOOD_VIEWS.replace(old, new).replace("</list></field>", "</tree></field>")
        if needle == "<tree>"
        else GOOD_VIEWS.replace(old, new)
    )
    assert bad != GOOD_VIEWS
    findings = am.check_legacy_syntax(make_addon(tmp_path, files={"views/thing_views.xml": bad}))
    assert findings and needle in "\n".join(findings), findings
    assert all("thing_views.xml:" in f for f in findings)


@pytest.mark.parametrize(
    "snippet, needle",
    [
        ("    name = fields.Char(track_visibility='onchange')\n", "track_visibility"),
        ("    @api.multi\n    def f(self):\n        pass\n", "@api.multi"),
        ("    @api.one\n    def f(self):\n        pass\n", "@api.one"),
        ("    def name_get(self):\n        return []\n", "name_get"),
        ("    def _name_search(self, name):\n        return []\n", "_name_search"),
        ("    qty = fields.Integer(group_operator='sum')\n", "group_operator"),
        ("    def f(self):\n        self.message_post_with_template(1)\n", "message_post_with_template"),
    ],
)
def test_legacy_python(tmp_path, snippet, needle):
    model = GOOD_MODEL.replace('    _description = "Wizard"\n', '    _description = "Wizard"\n' + snippet)
    findings = am.check_legacy_syntax(make_addon(tmp_path, files={"models/thing.py": model}))
    assert findings and needle in "\n".join(findings) and "models/thing.py:" in findings[0], findings


def test_cron_numbercall(tmp_path):
    cron = GOOD_SECURITY.replace(
        "</odoo>",
        '<record id="c" model="ir.cron"><field name="numbercall">-1</field>'
        '<field name="doall" eval="False"/></record></odoo>',
    )
    findings = am.check_legacy_syntax(make_addon(tmp_path, files={"security/security.xml": cron}))
    assert any("numbercall" in f for f in findings) and any("doall" in f for f in findings), findings


def test_unknown_view_field(tmp_path):
    views = GOOD_VIEWS.replace('<field name="name" groups', '<field name="nmae" groups')
    only(
        run_all(make_addon(tmp_path, files={"views/thing_views.xml": views})),
        "views",
        "field 'nmae' does not exist on model q1.thing",
        "thing_views.xml:",
    )


def test_unknown_subview_field(tmp_path):
    views = GOOD_VIEWS.replace('<list><field name="qty"/>', '<list><field name="quantity"/>')
    only(
        run_all(make_addon(tmp_path, files={"views/thing_views.xml": views})),
        "views",
        "field 'quantity' does not exist on model q1.thing.line",
    )


def test_unknown_q1_field_on_core_model(tmp_path):
    views = GOOD_VIEWS.replace('<field name="q1_code"/>', '<field name="q1_cod"/>')
    only(
        run_all(make_addon(tmp_path, files={"views/thing_views.xml": views})),
        "views",
        "field 'q1_cod' does not exist on model res.company",
    )


def test_mixin_fields_need_the_mixin(tmp_path):
    model = GOOD_MODEL.replace('_inherit = ["mail.thread", "mail.activity.mixin"]', '_inherit = ["mail.thread"]')
    only(run_all(make_addon(tmp_path, files={"models/thing.py": model})), "views", "activity_ids")


def test_missing_access_row(tmp_path):
    access = "\n".join(line for line in GOOD_ACCESS.splitlines() if "wizard" not in line) + "\n"
    only(
        run_all(make_addon(tmp_path, files={"security/ir.model.access.csv": access})),
        "access",
        "model q1.thing.wizard (TransientModel) has no row",
        "models/thing.py:",
    )


def test_access_row_wrong_model_and_header(tmp_path):
    access = GOOD_ACCESS.replace("model_q1_thing_line,", "model_q1_thing.line,")
    findings = am.check_access(
        make_addon(tmp_path / "a", files={"security/ir.model.access.csv": access}),
        am.build_index([tmp_path / "a" / "q1_thing"]),
    )
    assert any("ir.model.access.csv:3:" in f and "model_q1_thing.line" in f for f in findings), findings
    bad_header = GOOD_ACCESS.replace("perm_unlink", "perm_delete")
    addon = make_addon(tmp_path / "b", files={"security/ir.model.access.csv": bad_header})
    assert "header" in "\n".join(am.check_access(addon, am.build_index([addon])))


def test_unresolved_xmlids(tmp_path):
    views = (
        GOOD_VIEWS.replace('action="thing_action"', 'action="thing_actoin"')
        .replace("q1_thing.group_thing_user", "q1_thing.group_nobody")
        .replace("base.view_company_form", "sale.view_order_form")
    )
    findings = am.check_xmlids(
        make_addon(tmp_path, files={"views/thing_views.xml": views}), am.build_index([tmp_path / "q1_thing"])
    )
    text = "\n".join(findings)
    assert "menuitem action 'thing_actoin' is not defined" in text
    assert "groups 'q1_thing.group_nobody' is not defined" in text
    assert "module sale is neither a dependency" in text


def test_xmlid_defined_too_late(tmp_path):
    manifest = dict(
        GOOD_MANIFEST, data=["security/ir.model.access.csv", "security/security.xml", "views/thing_views.xml"]
    )
    only(run_all(make_addon(tmp_path, manifest)), "xmlids", "'group_thing_user' is defined only later")


def test_dependant_addon_refs(tmp_path):
    """An addon may use ids of the addons it depends on, never of those depending on it."""
    make_addon(tmp_path)
    other = tmp_path / "q1_other"
    other.mkdir()
    (other / "__manifest__.py").write_text(
        repr(dict(GOOD_MANIFEST, name="Other", depends=["q1_thing"], data=["views/v.xml"]))
    )
    (other / "views").mkdir()
    (other / "views" / "v.xml").write_text(
        '<odoo><menuitem id="m" parent="q1_thing.thing_menu" groups="q1_thing.group_thing_usr"/></odoo>'
    )
    index = am.build_index(am.addon_dirs(tmp_path))
    findings = am.check_xmlids(other, index)
    assert len(findings) == 1 and "'q1_thing.group_thing_usr' is not defined in q1_thing" in findings[0], findings
    back = GOOD_VIEWS.replace('groups="base.group_user"', 'groups="q1_other.group_x"')
    (tmp_path / "q1_thing" / "views" / "thing_views.xml").write_text(back)
    findings = am.check_xmlids(tmp_path / "q1_thing", index)
    assert any("q1_other is not in the depends of q1_thing" in f for f in findings), findings


@pytest.mark.parametrize(
    "po, needle",
    [
        (None, "missing"),
        (GOOD_PO.replace('msgstr "Vật"', 'msgstr ""'), "untranslated"),
        (GOOD_PO.replace("#. module", "#, fuzzy\n#. module"), "fuzzy"),
        (GOOD_PO.replace("Language: vi", "Language: en"), "Language"),
        ('msgid "a"\nmsgstr "b"\nmsgid', "cannot be parsed"),
    ],
)
def test_vi_po(tmp_path, po, needle):
    only(run_all(make_addon(tmp_path, files={"i18n/vi.po": po})), "po", needle)


def test_python_must_compile(tmp_path):
    only(
        run_all(make_addon(tmp_path, files={"core/calc.py": "def f(:\n    pass\n"})),
        "python",
        "core/calc.py:1: does not compile",
    )


@pytest.mark.parametrize(
    "source",
    ["import odoo\n", "from odoo import fields\n", "from odoo.tools import x\n", "from ..models import thing\n"],
)
def test_core_stays_pure(tmp_path, source):
    findings = am.check_core_pure(make_addon(tmp_path, files={"core/calc.py": source}))
    assert findings and "core/calc.py:1:" in findings[0], findings


def test_unknown_field_in_view_attributes(tmp_path):
    search = (
        '<record id="thing_view_search" model="ir.ui.view"><field name="model">q1.thing</field>'
        '<field name="arch" type="xml"><search><filter name="g" string="G" '
        'context="{\'group_by\': \'stage_id\'}"/><filter name="d" string="D" date="create_date"/>'
        "</search></field></record></odoo>"
    )
    views = GOOD_VIEWS.replace("</odoo>", search)
    only(
        run_all(make_addon(tmp_path, files={"views/thing_views.xml": views})),
        "views",
        "group_by names field 'stage_id', which does not exist on model q1.thing",
    )
