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
        "legacy": am.check_legacy_syntax(addon),
        "access": am.check_access(addon, index),
        "po": am.check_vi_po(addon),
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


@pytest.mark.parametrize(
    "old, new, needle",
    [
        ("<list><field", "<tree><field", "<tree>"),
        ("list,form", "tree,form", "view_mode"),
        (
            '<field name="view_mode">',
            '<field name="context">{"tree_view_ref": "x"}</field><field name="view_mode">',
            "tree_view_ref",
        ),
        ("<chatter/>", '<templates><t t-name="kanban-box"/></templates>', "kanban-box"),
        ("<chatter/>", "<img t-att-src=\"kanban_image('q1.thing', 'image_128', 1)\"/>", "kanban_image"),
        ('<field name="qty"/>', '<field name="qty" group_operator="sum"/>', "group_operator"),
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
        ("    def f(self):\n        self.message_post_with_template(1)\n", "message_post_with_template"),
        ("    def f(self):\n        return self.user_has_groups('base.group_user')\n", "user_has_groups"),
        ("    def f(self):\n        return {'view_mode': 'tree,form'}\n", "'tree' views"),
    ],
)
def test_legacy_python(tmp_path, snippet, needle):
    model = GOOD_MODEL.replace('    _description = "Wizard"\n', '    _description = "Wizard"\n' + snippet)
    findings = am.check_legacy_syntax(make_addon(tmp_path, files={"models/thing.py": model}))
    assert findings and needle in "\n".join(findings) and "models/thing.py:" in findings[0], findings


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


@pytest.mark.parametrize(
    "po, needle",
    [
        (None, "missing"),
        (GOOD_PO.replace('msgstr "Vật"', 'msgstr ""'), "untranslated"),
        (GOOD_PO.replace("#. module", "#, fuzzy\n#. module"), "fuzzy"),
        (GOOD_PO.replace("Language: vi", "Language: en"), "Language"),
        ('msgid "a"\nmsgstr "b"\nmsgid', "cannot be parsed"),
        (GOOD_PO.replace("#: model:", "#: code:addons/q1_thing/models/thing.py:0\n#: model:"), "odoo-python"),
    ],
)
def test_vi_po(tmp_path, po, needle):
    only(run_all(make_addon(tmp_path, files={"i18n/vi.po": po})), "po", needle)


def test_vi_po_code_term_with_its_comment(tmp_path):
    po = GOOD_PO.replace("#: model:", "#. odoo-python\n#: code:addons/q1_thing/models/thing.py:0\n#: model:")
    assert not run_all(make_addon(tmp_path, files={"i18n/vi.po": po}))["po"]


@pytest.mark.parametrize(
    "po, needle",
    [
        (GOOD_PO.replace('msgstr "Vật"', 'msgstr ""'), "untranslated"),
        (GOOD_PO.replace("Language: vi", "Language: en"), "Language"),
        (GOOD_PO.replace("#. module: q1_thing\n", ""), "module:"),
        (GOOD_PO.replace("#: model:", "#: code:addons/q1_thing/models/thing.py:0\n#: model:"), "code term"),
    ],
)
def test_vi_po_extra(tmp_path, po, needle):
    """i18n_extra/vi.po (the Vietnamese of another module's records) is optional and checked like i18n/vi.po."""
    assert not run_all(make_addon(tmp_path / "ok", files={"i18n_extra/vi.po": GOOD_PO}))["po"]
    only(run_all(make_addon(tmp_path / "bad", files={"i18n_extra/vi.po": po})), "po", needle)
