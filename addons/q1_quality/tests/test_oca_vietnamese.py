"""OCA's management-system addons in Vietnamese (issue 14: "where their own translations have gaps, fill them in a
way Odoo 18.0 loads").

Their own i18n/vi.po files translate nothing; q1_quality ships ``i18n_extra/vi.po``, which Odoo 18.0 loads for
q1_quality (odoo/tools/translate.py ``get_po_paths``: ``i18n`` and ``i18n_extra``) and whose entries translate the
OCA records their ``#: model:...:<oca module>.<xmlid>`` references name (``PoFileReader`` takes the module from the
reference; ``TranslationImporter.save`` joins ``ir_model_data`` on it). What these tests hold:

* every non-code term Odoo exports for each OCA module is Vietnamese in the database (a new OCA release with new
  terms fails here, with their names);
* the file is that export: every term with its reference, nothing stale;
* what the screen shows: labels, selections, menus, stage names, a form's arch, in the TCVN ISO 9001:2015 wording;
* the code terms OCA's Python shows our users are given again by q1_quality (models/oca_terms.py) and reach them in
  Vietnamese.
"""

from pathlib import Path

import polib

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

LANG = "vi_VN"
OCA_MODULES = (
    "mgmtsystem",
    "mgmtsystem_action",
    "mgmtsystem_action_efficacy",
    "mgmtsystem_nonconformity",
    "mgmtsystem_audit",
    "mgmtsystem_review",
    "mgmtsystem_objective",
    "document_page",
    "document_knowledge",
    "document_page_mgmtsystem",
    "document_page_procedure",
)


def _extra_po():
    return polib.pofile(str(Path(get_module_path("q1_quality"), "i18n_extra", "vi.po")))


@tagged("post_install", "-at_install")
class TestOcaVietnamese(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test tiers install with Vietnamese. On a database without it, Vietnamese is added here the way Odoo
        # adds a language (each module's files, OCA's first, then q1_quality's), so what is read is what Odoo loads.
        if not cls.env["res.lang"]._lang_get(LANG):
            cls.env["res.lang"]._activate_lang(LANG)
            cls.env["ir.module.module"]._load_module_terms([*OCA_MODULES, "q1_quality"], [LANG])
        cls.vi = cls.env(context={"lang": LANG})

    def _exported(self, module):
        """The non-code terms Odoo exports for ``module``: (kind, name, xmlid, source, Vietnamese in the database)."""
        return [
            (kind, name, res_id, source, value)
            for found, kind, name, res_id, source, value, _comments in TranslationModuleReader(
                self.env.cr, modules=[module], lang=LANG
            )
            if found == module and kind != "code"
        ]

    def _stored_vietnamese(self, name, xmlid):
        """The jsonb value in Vietnamese of a 'model' term (the reader gives '' for a translation equal to the
        English, as 'ID' or '{{object.name}}' are meant to be)."""
        model, field_name = name.split(",")
        record = self.env.ref(xmlid)
        return record._fields[field_name]._get_stored_translations(record).get(LANG)

    def test_every_oca_term_is_vietnamese_in_the_database(self):
        missing = []
        for module in OCA_MODULES:
            rows = self._exported(module)
            self.assertTrue(rows, f"{module} exports no term: is it installed?")
            for kind, name, xmlid, source, value in rows:
                if value:
                    continue
                if kind == "model" and self._stored_vietnamese(name, xmlid):
                    continue
                missing.append(f"{module}: {kind}:{name}:{xmlid} {source[:80]!r}")
        self.assertFalse(
            missing,
            "Terms of OCA's management-system addons still in English (add them to q1_quality/i18n_extra/vi.po):\n"
            + "\n".join(missing),
        )

    def test_i18n_extra_is_the_export_of_the_oca_modules(self):
        po = _extra_po()
        self.assertIn(po.metadata.get("Language"), ("vi", "vi_VN"))
        referenced = {}
        for entry in po:
            self.assertFalse(entry.obsolete or entry.fuzzy, entry.msgid)
            self.assertTrue(entry.msgstr.strip(), f"untranslated in i18n_extra/vi.po: {entry.msgid!r}")
            # Odoo's reader needs the '#. module:' comment; code terms would be skipped by the importer
            self.assertRegex(entry.comment, r"^modules?: \w+", entry.msgid)
            for occurrence, _line in entry.occurrences:
                self.assertFalse(occurrence.startswith("code:"), f"code term in i18n_extra: {entry.msgid!r}")
                referenced[(entry.msgid, occurrence)] = entry.msgstr
        exported = {
            (source, f"{kind}:{name}:{xmlid}")
            for module in OCA_MODULES
            for kind, name, xmlid, source, _v in self._exported(module)
        }
        missing = sorted(f"{ref} {source!r}" for source, ref in exported - referenced.keys())
        self.assertFalse(
            missing, "Exported OCA terms without their reference in i18n_extra/vi.po:\n" + "\n".join(missing)
        )
        # a reference to a record this database lacks (OCA's demo records on a database without demo data) is
        # not stale: the importer passes over it
        stale = sorted(
            f"{ref} {source!r}"
            for source, ref in referenced.keys() - exported
            if self.env.ref(ref.rsplit(":", 1)[1], raise_if_not_found=False)
        )
        self.assertFalse(stale, "Entries of i18n_extra/vi.po no OCA module exports any more:\n" + "\n".join(stale))

    def test_what_the_screen_shows(self):
        """Labels, selections, menus, records and a form of OCA's addons read in Vietnamese, in TCVN ISO 9001:2015's
        words (sự không phù hợp, hành động khắc phục, hiệu lực, đánh giá nội bộ, xem xét của lãnh đạo...)."""
        vi = self.vi
        model_names = {
            "mgmtsystem.nonconformity": "Sự không phù hợp",
            "mgmtsystem.action": "Hành động",
            "mgmtsystem.audit": "Đánh giá nội bộ",
            "mgmtsystem.review": "Xem xét của lãnh đạo",
            "mgmtsystem.objective": "Mục tiêu chất lượng",
            "mgmtsystem.indicator": "Chỉ số",
        }
        for model, expected in model_names.items():
            self.assertEqual(vi["ir.model"]._get(model).name, expected, model)
        nc = vi["mgmtsystem.nonconformity"].fields_get(
            ["cause_ids", "origin_ids", "evaluation_comments", "procedure_ids", "state"], ["string", "selection"]
        )
        self.assertEqual(nc["cause_ids"]["string"], "Nguyên nhân")
        self.assertEqual(nc["origin_ids"]["string"], "Nguồn phát hiện")
        self.assertEqual(nc["procedure_ids"]["string"], "Quy trình")
        self.assertEqual(nc["evaluation_comments"]["string"], "Nhận xét đánh giá hiệu lực")
        # the stage's state is a selection computed in Python: given again in models/oca_terms.py
        self.assertEqual(
            dict(nc["state"]["selection"]),
            {
                "draft": "Nháp",
                "analysis": "Phân tích nguyên nhân",
                "pending": "Kế hoạch hành động",
                "open": "Đang thực hiện",
                "done": "Đã đóng",
                "cancel": "Đã hủy",
            },
        )
        action = vi["mgmtsystem.action"].fields_get(["type_action", "efficacy_value"], ["string", "selection"])
        self.assertEqual(
            dict(action["type_action"]["selection"]),
            {
                "immediate": "Khắc phục tức thời",
                "correction": "Hành động khắc phục",
                "prevention": "Hành động phòng ngừa",
                "improvement": "Cơ hội cải tiến",
            },
        )
        self.assertEqual(action["efficacy_value"]["string"], "Mức hiệu lực")
        audit = vi["mgmtsystem.audit"].fields_get(["auditor_user_ids", "line_ids"], ["string"])
        self.assertEqual(audit["auditor_user_ids"]["string"], "Chuyên gia đánh giá")
        self.assertEqual(audit["line_ids"]["string"], "Danh mục kiểm tra")
        # records of OCA's data files: stages, severities, menus
        self.assertEqual(
            [vi.ref(f"mgmtsystem_nonconformity.stage_{key}").name for key in ("draft", "analysis", "open", "done")],
            ["Nháp", "Phân tích nguyên nhân", "Đang thực hiện", "Đã đóng"],
        )
        self.assertEqual(vi.ref("mgmtsystem_nonconformity.nonconformity_severity_maj").name, "Nặng")
        self.assertEqual(vi.ref("mgmtsystem_action.stage_close").name, "Đã đóng")
        self.assertEqual(vi.ref("mgmtsystem.menu_mgmtsystem_configuration").name, "Cấu hình")
        # a form's arch as the web client receives it: the OCA nonconformity form
        arch = vi["mgmtsystem.nonconformity"].get_views([(False, "form")])["views"]["form"]["arch"]
        for vietnamese in ("Nguyên nhân và phân tích", "Kế hoạch hành động", "Xem xét hiệu lực"):
            self.assertIn(vietnamese, arch)
        for english in ("Causes and Analysis", "Action Plan", "Effectiveness Review", "Plan Review"):
            self.assertNotIn(f'"{english}"', arch)

    def test_oca_messages_reach_users_in_vietnamese(self):
        """The checks stay OCA's; their English messages are replaced by q1_quality's, translated."""
        vi = self.vi
        user = self.env.user
        nc = (
            vi["mgmtsystem.nonconformity"]
            .sudo()
            .create(
                {
                    "name": "Hồ sơ trả kết quả trễ hạn",
                    "description": "Kiểm tra thông báo",
                    "partner_id": user.partner_id.id,
                    "responsible_user_id": user.id,
                    "manager_user_id": user.id,
                    "user_id": user.id,
                }
            )
        )
        with self.assertRaises(ValidationError) as caught:
            nc.write({"stage_id": vi.ref("mgmtsystem_nonconformity.stage_open").id})
        self.assertEqual(
            str(caught.exception.args[0]),
            "Hãy ghi nhận xét về kế hoạch hành động trước khi chuyển sự không phù hợp sang đang thực hiện.",
        )
        with self.assertRaises(ValidationError) as caught:
            nc.write({"evaluation_comments": False, "stage_id": vi.ref("mgmtsystem_nonconformity.stage_done").id})
        self.assertEqual(
            caught.exception.args[0], "Hãy ghi kết luận đánh giá hiệu lực trước khi đóng sự không phù hợp."
        )
        # in English the users of another language keep an English sentence (ours)
        with self.assertRaises(ValidationError) as caught:
            nc.with_context(lang="en_US").write({"stage_id": vi.ref("mgmtsystem_nonconformity.stage_open").id})
        self.assertEqual(
            caught.exception.args[0],
            "Write the comments on the action plan before putting the nonconformity in progress.",
        )
        action = vi["mgmtsystem.action"].new({"name": "Rà soát quy trình", "efficacy_value": 150})
        with self.assertRaises(ValidationError) as caught:
            action._onchange_efficacy_value()
        self.assertEqual(caught.exception.args[0], "Mức hiệu lực phải từ 0 đến 100.")
        # the note OCA posts on an audit's closure
        audit = (
            vi["mgmtsystem.audit"].sudo().create({"name": "Đánh giá nội bộ quý IV", "company_id": user.company_id.id})
        )
        audit.button_close()
        self.assertEqual(audit.state, "done")
        notes = audit.message_ids.mapped(lambda message: str(message.body))
        self.assertIn("<p>Đã đóng cuộc đánh giá nội bộ.</p>", notes)
        self.assertNotIn("<p>Audit closed</p>", notes)
        page = vi["document.page"].sudo().create({"name": "Quy trình ISO", "type": "category"})
        child = vi["document.page"].sudo().create({"name": "Quy trình con", "type": "category", "parent_id": page.id})
        with self.assertRaises(ValidationError) as caught:
            page.write({"parent_id": child.id})
        self.assertEqual(caught.exception.args[0], "Không thể đặt nhóm tài liệu vào chính nó.")
