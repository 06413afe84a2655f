"""The permission matrix of the quality system: every role of the one-stop shop, plus the unit's ISO secretary (OCA's
management-system "Manager"), × every model that q1_quality and the OCA management-system addons it stands on define
× read, write, create, unlink × a record of the user's own unit and one of another unit.

It is q1_reporting's matrix test (same kinds, same reading of the cells, same cross-checks) over these modules: a
model of OCA's toolset is a model of the product, so it has its line here too. Each part of the quality system fills
its section of ``MATRIX`` and builds its records in its ``_unit_records_<part>`` / ``_own_records_<part>`` /
``_global_records_<part>`` methods.
"""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.q1_reporting.tests import test_permission_matrix as base

EXTENDED, GLOBAL, NO_TABLE, OWN, UNIT = base.EXTENDED, base.GLOBAL, base.NO_TABLE, base.OWN, base.UNIT

MODULES = (
    "q1_quality",
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
ROLES = {**base.ROLES, "iso_secretary": "mgmtsystem.group_mgmtsystem_manager"}

# Roles, in order:  user  reception  processing  head  leader  manager  iso_secretary
MATRIX = {
    # ---- the management system's configuration (OCA)
    "mgmtsystem.system": (UNIT, "-/- r/- r/- r/- r/- rwcu/- rwcu/-"),
    "res.config.settings": (EXTENDED, "the settings screen: OCA's management-system options; the core's rules"),
    # ---- objectives (ISO 6.2, 9.1)
    "mgmtsystem.objective": (UNIT, "-/- r/- r/- r/- r/- rwcu/- rwcu/-"),
    "mgmtsystem.indicator": (UNIT, "-/- r/- r/- r/- r/- rwcu/- rwcu/-"),
    "mgmtsystem.indicator.value": (UNIT, "-/- r/- r/- r/- r/- rwcu/- rwcu/-"),
    "q1.qms.report.wizard": (OWN, "-/- -/- -/- -/- rwcu/- rwcu/- rwcu/-"),
    "q1.quality.measure": (NO_TABLE, "abstract: the registry of the objectives' measures, computed as the system"),
    "report.q1_quality.report_q1_qms_yearly": (NO_TABLE, "report values"),
    # ---- controlled work processes (ISO 7.5)
    "q1.process.issue": (
        GLOBAL,
        "r/r r/r r/r r/r r/r rwu/rwu r/r",
        "issues of the procedures' internal processes, part of the one catalogue of every unit (q1.procedure.step): "
        "read by every officer, drafted by the administrators; review and approval by methods that check the unit",
    ),
    "report.q1_quality.report_q1_process_history": (NO_TABLE, "report values"),
    "q1.procedure": (EXTENDED, "q1_dossier's procedures: their process issues; the catalogue's access"),
    "q1.procedure.step": (EXTENDED, "q1_dossier's process steps: owned by an issue, locked once submitted"),
    "document.page": (
        GLOBAL,
        "-/- r/r r/r r/r r/r r/r r/r",
        "OCA's document pages: the procedures' controlled processes (category Procedure, no unit), read by the "
        "quality system's users for audits and nonconformities; written by the system and OCA's document groups",
    ),
    "document.page.history": (
        GLOBAL,
        "-/- r/r r/r r/r r/r r/r r/r",
        "OCA's versions of a document page (one per process issue): read as their page",
    ),
    "document.page.create.menu": (OWN, "-/- -/- -/- -/- -/- -/- -/-"),
    "wizard.document.page.history.show_diff": (OWN, "-/- -/- -/- -/- -/- -/- -/-"),
    "ir.attachment": (EXTENDED, "attachments: OCA document_knowledge's menu; the core's rules"),
    "ir.ui.menu": (EXTENDED, "menus: OCA document_page's page menus; the core's rules"),
    # ---- nonconformities and corrective actions (ISO 8.7, 10.2)
    "mgmtsystem.nonconformity": (UNIT, "-/- rwc/- rwc/- rwc/- rwc/- rwc/- rwc/-"),
    "mgmtsystem.action": (UNIT, "-/- rwc/- rwc/- rwc/- rwc/- rwc/- rwc/-"),
    "mgmtsystem.action.report": (UNIT, "-/- r/- r/- r/- r/- r/- r/-"),
    "mgmtsystem.nonconformity.stage": (
        GLOBAL,
        "-/- r/r r/r r/r r/r rwcu/rwcu r/r",
        "the workflow's stages, one for every unit: read by its users, maintained by the one-stop administrators",
    ),
    "mgmtsystem.nonconformity.origin": (
        GLOBAL,
        "-/- r/r r/r r/r r/r rwcu/rwcu r/r",
        "origins, one per kind of raised nonconformity for every unit: maintained by the one-stop administrators",
    ),
    "mgmtsystem.nonconformity.cause": (
        GLOBAL,
        "-/- r/r r/r r/r r/r rwcu/rwcu rwcu/rwcu",
        "the district's shared list of causes: read by every officer, grown by the units' ISO secretaries",
    ),
    "mgmtsystem.nonconformity.severity": (
        GLOBAL,
        "-/- r/r r/r r/r r/r rwcu/rwcu rwcu/rwcu",
        "the shared scale of severities: read by every officer, kept by the units' ISO secretaries",
    ),
    "mgmtsystem.action.stage": (
        GLOBAL,
        "-/- r/r r/r r/r r/r rwcu/rwcu r/r",
        "the actions' stages, one for every unit: read by its users, maintained by the one-stop administrators",
    ),
    "mgmtsystem.action.tag": (
        GLOBAL,
        "-/- r/r r/r r/r r/r rwcu/rwcu rwcu/rwcu",
        "the shared tags of actions: read by every officer, kept by the units' ISO secretaries",
    ),
    "q1.action.efficacy.wizard": (OWN, "-/- -/- -/- -/- rwc/- rwc/- rwc/-"),
    "mail.thread": (EXTENDED, "OCA's count of a record's nonconformities added to the chatter; mail's rules"),
    "q1.dossier": (EXTENDED, "q1_dossier's dossiers: the quality hooks; q1_dossier's unit rules"),
    "q1.dossier.watchdog": (NO_TABLE, "abstract: the crons' daily passes"),
    "q1.evaluation.evidence": (EXTENDED, "q1_reporting's evidence: the nonconformity lines; its unit rules"),
    "q1.evaluation.sheet": (EXTENDED, "q1_reporting's sheets: the nonconformity evidence; its unit rules"),
    # ---- internal audits and management review (ISO 9.2, 9.3, 6.1)
    "q1.iso.clause": (
        GLOBAL,
        "r/r r/r r/r r/r r/r rwcu/rwcu r/r",
        "clauses of ISO 9001 and their audit questions: the standard's text, one list kept by the administrators",
    ),
    "q1.audit.programme": (UNIT, "-/- r/- r/- r/- r/- rwc/- rwc/-"),
    "q1.audit.programme.line": (UNIT, "-/- r/- r/- r/- r/- rwcu/- rwcu/-"),
    "mgmtsystem.audit": (UNIT, "-/- r/- r/- r/- rw/- rwc/- rwc/-"),
    "mgmtsystem.verification.line": (UNIT, "-/- r/- r/- r/- rwcu/- rwcu/- rwcu/-"),
    "copy.verification.lines": (OWN, "-/- -/- -/- -/- rwcu/- rwcu/- rwcu/-"),
    "mgmtsystem.review": (UNIT, "-/- -/- -/- -/- rw/- rwc/- rwc/-"),
    "mgmtsystem.review.line": (UNIT, "-/- -/- -/- -/- rwcu/- rwcu/- rwcu/-"),
    "q1.review.figure": (UNIT, "-/- -/- -/- -/- r/- r/- r/-"),  # written by nobody: Gather makes them
    "q1.quality.risk": (UNIT, "-/- r/- r/- r/- rwc/- rwcu/- rwcu/-"),
    "report.q1_quality.report_q1_review_minutes": (NO_TABLE, "report values"),
    # ---- citizens' feedback (PAKN) and the rating items (Decree 118/2025 Art. 33)
    "q1.feedback": (UNIT, "-/- rwc/- rw/- rwc/- rwc/- rwc/- r/-"),
    "q1.dossier.rating.answer": (UNIT, "-/- r/- r/- r/- r/- r/- -/-"),
    "q1.feedback.category": (
        GLOBAL,
        "r/r r/r r/r r/r r/r rwcu/rwcu r/r",
        "categories of citizens' feedback: one classification for every unit's statistics, kept by the administrators",
    ),
    "q1.rating.item": (
        GLOBAL,
        "r/r r/r r/r r/r r/r rwcu/rwcu r/r",
        "the items citizens rate (Decree 118/2025 Art. 33(1)): one questionnaire for all units, kept by administrators",
    ),
    "q1.handling.report.wizard": (EXTENDED, "q1_reporting's statutory wizard: the indices 5.2 and 5.3; its own rules"),
}

PARTS = ("config", "objectives", "processes", "nonconformities", "audits", "feedback")


@tagged("post_install", "-at_install")
class TestQualityPermissionMatrix(base.TestPermissionMatrix):
    MODULES, ROLES, MATRIX = MODULES, ROLES, MATRIX
    # Odoo 18's loader runs only the test methods a class defines itself unless told otherwise: without this the
    # inherited test_every_role_on_every_model never ran (0 tests).
    allow_inherited_tests_method = True

    @classmethod
    def _unit_records(cls, ward, company):
        dossier = cls.env["q1.dossier"].browse(cls.received("2026-03-02 09:00", ward=ward).id)
        records = {}
        for part in PARTS:
            builder = getattr(cls, f"_unit_records_{part}", None)
            if builder:
                records.update(builder(ward, company, dossier))
        return records

    def _own_records(self, owner, company):
        records = {}
        for part in PARTS:
            builder = getattr(self, f"_own_records_{part}", None)
            if builder:
                records.update(builder(owner, company))
        return records

    def _global_records(self):
        records = {}
        for part in PARTS:
            builder = getattr(self, f"_global_records_{part}", None)
            if builder:
                records.update(builder())
        return records

    # ------------------------------------------------------------------ each part's records
    # def _unit_records_<part>(cls, ward, company, dossier) -> {model: record of company}   (classmethod)
    # def _own_records_<part>(self, owner, company) -> {model: record owner made in company}
    # def _global_records_<part>(self) -> {model: record}

    # ------------------------------------------------------------------ citizens' feedback (FEEDBACK part)
    @classmethod
    def _unit_records_feedback(cls, ward, company, dossier):
        feedback = cls.env["q1.feedback"]._q1_file({"content": "Thử", "citizen_name": "Công Dân Thử"}, dossier=dossier)
        item = cls.env.ref("q1_quality.q1_rating_item_a")
        answer = cls.env["q1.dossier.rating.answer"]._q1_record(dossier, {item: "satisfied"}, dossier.received_at)
        return {"q1.feedback": feedback, "q1.dossier.rating.answer": answer}

    def _global_records_feedback(self):
        return {
            "q1.feedback.category": self.env.ref("q1_quality.q1_feedback_category_other"),
            "q1.rating.item": self.env.ref("q1_quality.q1_rating_item_i"),
        }

    # ------------------------------------------------------------------ controlled work processes (PROCESSES part)
    def _global_records_processes(self):
        env = self.env
        self.proc_flow.with_user(self.users["manager", "a"]).action_new_issue()
        category = env.ref("document_page_procedure.document_page_group_procedure")
        # As the process issues publish them: no unit (q1.process.issue._q1_publish_page).
        page = env["document.page"].create(
            {"name": "QT-Thử", "type": "content", "parent_id": category.id, "company_id": False}
        )
        page.write({"content": "<p>Thử</p>"})
        return {
            "q1.process.issue": self.proc_flow.q1_issue_ids[:1],
            "document.page": page,
            "document.page.history": page.history_ids[:1],
        }

    def _own_records_processes(self, owner, company):
        env = self.env(user=owner, su=True)
        category = env.ref("document_page_procedure.document_page_group_procedure")
        page = env["document.page"].create({"name": "QT-Thử", "type": "content", "parent_id": category.id})
        page.write({"content": "<p>Thử</p>"})
        menu = env["document.page.create.menu"].create(
            {"menu_name": "Thử", "menu_parent_id": env.ref("q1_quality.q1_menu_quality").id}
        )
        history = page.history_ids[:1]
        diff = env["wizard.document.page.history.show_diff"].with_context(active_ids=history.ids).create({})
        return {"document.page.create.menu": menu, "wizard.document.page.history.show_diff": diff}

    # ------------------------------------------------------------------ config and nonconformities (NC part)
    @classmethod
    def _unit_records_config(cls, ward, company, dossier):
        return {
            "mgmtsystem.system": cls.env["mgmtsystem.system"].create(
                {"name": f"ISO 9001 {ward}", "company_id": company.id}
            )
        }

    @classmethod
    def _unit_records_nonconformities(cls, ward, company, dossier):
        env = cls.env
        nc = env["mgmtsystem.nonconformity"]._q1_raise(dossier, "manual", "Thử", officer=cls.users["processing", ward])
        action = env["mgmtsystem.action"].create(
            {
                "name": "Thử",
                "type_action": "correction",
                "company_id": company.id,
                "user_id": cls.users["processing", ward].id,
                "q1_due_workdays": 5,
                "nonconformity_ids": [Command.link(nc.id)],
            }
        )
        env.flush_all()
        return {
            "mgmtsystem.nonconformity": nc,
            "mgmtsystem.action": action,
            "mgmtsystem.action.report": env["mgmtsystem.action.report"].search([("id", "=", action.id)]),
        }

    def _own_records_nonconformities(self, owner, company):
        ward = "a" if company == self.ward_a else "b"
        wizard = self.env(user=owner, su=True)["q1.action.efficacy.wizard"].create(
            {"action_id": self.units[ward]["mgmtsystem.action"].id}
        )
        return {"q1.action.efficacy.wizard": wizard}

    def _global_records_nonconformities(self):
        env, ref = self.env, self.env.ref
        return {
            "mgmtsystem.nonconformity.stage": ref("mgmtsystem_nonconformity.stage_analysis"),
            "mgmtsystem.nonconformity.origin": ref("q1_quality.q1_nc_origin_late"),
            "mgmtsystem.nonconformity.cause": env["mgmtsystem.nonconformity.cause"].create({"name": "Thử"}),
            "mgmtsystem.nonconformity.severity": env["mgmtsystem.nonconformity.severity"].create({"name": "Thử"}),
            "mgmtsystem.action.stage": ref("mgmtsystem_action.stage_open"),
            "mgmtsystem.action.tag": env["mgmtsystem.action.tag"].create({"name": "Thử"}),
        }

    # ------------------------------------------------------------------ objectives (OBJECTIVES part)
    @classmethod
    def _unit_records_objectives(cls, ward, company, dossier):
        objective = cls.env["mgmtsystem.objective"].create(
            {
                "name": f"Mục tiêu {ward}",
                "company_id": company.id,
                "q1_year": 2026,
                "indicator_ids": [Command.create({"name": "Đúng hạn", "q1_measure": "on_time_rate", "q1_target": 98})],
            }
        )
        indicator = objective.indicator_ids
        with cls.at("2026-03-10 09:00"):
            indicator._q1_recompute()
        return {
            "mgmtsystem.objective": objective,
            "mgmtsystem.indicator": indicator,
            "mgmtsystem.indicator.value": indicator.value_ids[:1],
        }

    def _own_records_objectives(self, owner, company):
        wizard = self.env(user=owner, su=True)["q1.qms.report.wizard"].create({"company_id": company.id, "year": 2026})
        return {"q1.qms.report.wizard": wizard}

    # ------------------------------------------------------------------ audits and management review (AUDITS part)
    @classmethod
    def _unit_records_audits(cls, ward, company, dossier):
        env = cls.env
        clause = env.ref("q1_quality.iso_clause_7_5")
        programme = env["q1.audit.programme"].create(
            {
                "company_id": company.id,
                "year": 2026,
                "line_ids": [Command.create({"month": "3", "clause_id": clause.id})],
            }
        )
        audit = env["mgmtsystem.audit"].create(
            {
                "name": "Thử",
                "company_id": company.id,
                "user_id": cls.users["iso_secretary", ward].id,
                "q1_programme_id": programme.id,
                "q1_clause_ids": [Command.set(clause.ids)],
            }
        )
        audit._q1_generate_checklist()
        review = env["mgmtsystem.review"].create(
            {
                "name": "Thử",
                "date": "2026-07-03 02:00:00",
                "company_id": company.id,
                "q1_date_from": "2026-01-01",
                "q1_date_to": "2026-06-30",
                "line_ids": [Command.create({"name": "Thử", "decision": "Thử"})],
            }
        )
        env["q1.quality.risk"].create({"name": "Thử", "company_id": company.id})
        review.action_q1_gather()
        return {
            "q1.audit.programme": programme,
            "q1.audit.programme.line": programme.line_ids,
            "mgmtsystem.audit": audit,
            "mgmtsystem.verification.line": audit.line_ids,
            "mgmtsystem.review": review,
            "mgmtsystem.review.line": review.line_ids,
            "q1.review.figure": review.q1_figure_ids.filtered(lambda figure: figure.section == "risks"),
            "q1.quality.risk": env["q1.quality.risk"].search([("company_id", "=", company.id)]),
        }

    def _own_records_audits(self, owner, company):
        ward = "a" if company == self.ward_a else "b"
        wizard = self.env(user=owner, su=True)["copy.verification.lines"].create(
            {"audit_src": self.units[ward]["mgmtsystem.audit"].id}
        )
        return {"copy.verification.lines": wizard}

    def _global_records_audits(self):
        return {"q1.iso.clause": self.env.ref("q1_quality.iso_clause_7_5")}
