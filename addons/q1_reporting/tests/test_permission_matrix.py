"""The permission matrix of both addons: every role of the one-stop shop × every model q1_dossier and q1_reporting
define × read, write, create, unlink × a record of the user's own unit and one of another unit.

The models come from ``ir.model`` (the models whose XML ids the two modules hold) and the roles from the groups
of the one-stop shop's category, plus a plain internal user: a new model, or a new group, without a line or a
column in the table below fails the test with its name. Each cell is what Odoo actually allows: ``has_access``
on the record as the user (the access rights, then the record rules as the ORM applies them), the same answer
as ``_filtered_access``; a read is also tried as a client does it (a search by id and a read of a stored
column, which go through SQL and the rules' SQL form), and must agree.

How to read ``MATRIX``: one line per model, ``(kind, cells[, reason])``. The cells are given for ``ROLES`` in
order, each as ``own/other``: the operations allowed (r, w, c, u) on the record of the user's own unit and on
the record of another unit, ``-`` for none. What a record of a unit is depends on the kind:

* ``UNIT``: a record of ward A (the users' ward) and one of ward B, the same for every user; for the dossier's
  lines, those of a received dossier; for the evaluation, the sheet of a colleague who is neither the user nor
  in their team (``TestEvaluationFollowsTheSheet`` covers the own and team sheets);
* ``OWN``: a form or generated report the user made themself in ward A, and one a user of the same role made in
  ward B (``TestGeneratedRecords`` covers colleagues' and leaders' access);
* ``GLOBAL``: a record without a unit, the same in both cells; the reason says why it has no unit rule;
* ``NO_TABLE``: an abstract model (mixins, report values), with no record to protect;
* ``EXTENDED``: a core model the addons extend; its own access rules apply.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import Q1ReportingCase

MODULES = ("q1_dossier", "q1_reporting")
ROLES = {
    "user": "base.group_user",
    "reception": "q1_dossier.group_q1_reception",
    "processing": "q1_dossier.group_q1_processing",
    "head": "q1_dossier.group_q1_department_head",
    "leader": "q1_dossier.group_q1_unit_leader",
    "manager": "q1_dossier.group_q1_manager",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
UNIT, OWN, GLOBAL, NO_TABLE, EXTENDED = "unit", "own", "global", "no table", "extended"
CATALOGUE = "catalogue read by every internal user on purpose, maintained by the administrators"

# Roles, in order:  user  reception  processing  head  leader  manager
MATRIX = {
    # q1_dossier
    "q1.dossier": (UNIT, "-/- rwc/- rw/- rw/- rwc/- rwcu/-"),
    "q1.dossier.document": (UNIT, "-/- r/- r/- r/- r/- r/-"),  # of a received dossier: closed
    "q1.dossier.step": (UNIT, "-/- r/- r/- r/- r/- r/-"),
    "q1.dossier.pause": (UNIT, "-/- r/- r/- r/- r/- r/-"),
    "q1.dossier.code.counter": (UNIT, "-/- -/- -/- -/- -/- r/-"),
    "q1.audit.log": (UNIT, "-/- -/- -/- -/- -/- r/-"),
    "q1.dossier.action": (OWN, "-/- rwc/- rwc/- rwc/- rwc/- rwc/-"),
    "q1.dossier.counter.outcome": (OWN, "-/- rwc/- -/- -/- rwc/- rwc/-"),
    "q1.dossier.correction": (OWN, "-/- -/- -/- -/- -/- rwc/-"),
    "q1.tracking.book": (OWN, "-/- rwc/- rwc/- rwc/- rwc/- rwc/-"),
    "q1.field": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"fields of law: {CATALOGUE}"),
    "q1.procedure": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"national procedures: {CATALOGUE}"),
    "q1.procedure.document": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"documents a procedure asks: {CATALOGUE}"),
    "q1.procedure.step": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"internal process steps: {CATALOGUE}"),
    "q1.dossier.stage": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"kanban stages: {CATALOGUE}"),
    "q1.work.calendar": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"working calendars: {CATALOGUE}"),
    "q1.work.calendar.day": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"holidays and make-up days: {CATALOGUE}"),
    "q1.lookup.attempt": (
        GLOBAL,
        "-/- -/- -/- -/- -/- -/-",
        "the public page's rate-limit log (client addresses, no unit): Settings administrators only",
    ),
    "q1.dossier.generator": (NO_TABLE, "abstract: generates demo and load-test histories"),
    "q1.dossier.watchdog": (NO_TABLE, "abstract: the crons' daily and hourly passes"),
    "q1.download.mixin": (NO_TABLE, "abstract: the download of generated files, built on request, never stored"),
    "q1.dossier.form.values": (NO_TABLE, "abstract: texts of the printed forms"),
    "q1.personal.data.mixin": (NO_TABLE, "abstract: logs reads of personal data"),
    "q1.dossier.statistics.row": (NO_TABLE, "abstract: the dossier columns the statistics rows share"),
    "q1.handling.table.row": (NO_TABLE, "abstract: a handling table row's counts, the wizard's and the issued"),
    "q1.service.index.values": (NO_TABLE, "abstract: a 766 sub-index's values, the wizard's and the issued"),
    "q1.document.line": (
        NO_TABLE,
        "abstract: a dossier component, the fields a procedure's list and a checklist share",
    ),
    "report.q1_dossier.report_q1_receipt": (NO_TABLE, "report values"),
    "report.q1_dossier.report_q1_refusal": (NO_TABLE, "report values"),
    "report.q1_dossier.report_q1_completion_request": (NO_TABLE, "report values"),
    "report.q1_dossier.report_q1_control_slip": (NO_TABLE, "report values"),
    "report.q1_dossier.report_q1_apology": (NO_TABLE, "report values"),
    "report.q1_dossier.report_q1_supplement_request": (NO_TABLE, "report values"),
    "report.q1_dossier.report_q1_stop_notice": (NO_TABLE, "report values"),
    "res.company": (EXTENDED, "the receiving units: settings added to the core model and its rules"),
    "res.users": (EXTENDED, "accounts: the second factor and the password policy's messages; the core's rules"),
    "base": (EXTENDED, "input checks added to every model"),
    # q1_reporting
    "q1.dossier.report": (UNIT, "-/- -/- -/- r/- r/- r/-"),
    "q1.dossier.fact": (
        GLOBAL,
        "-/- -/- -/- -/- -/- -/-",
        "the statistics' stored facts, read in SQL by q1.dossier.report only, whose unit rules apply",
    ),
    "q1.dossier.fact.sum": (
        GLOBAL,
        "-/- -/- -/- -/- -/- -/-",
        "the stored facts summed by day, read in SQL by q1.dossier.report only, whose unit rules apply",
    ),
    "q1.handling.entry": (UNIT, "-/- -/- -/- r/- r/- r/-"),
    "q1.evaluation.period": (UNIT, "r/- r/- r/- r/- rwc/- rwc/-"),
    "q1.evaluation.sheet": (UNIT, "-/- -/- -/- -/- rw/- rw/-"),
    "q1.evaluation.evidence": (UNIT, "-/- -/- -/- -/- r/- r/-"),
    "q1.evaluation.adjustment": (UNIT, "-/- -/- -/- -/- rc/- rc/-"),
    "q1.handling.report.wizard": (OWN, "-/- -/- -/- rwcu/- rwcu/- rwcu/-"),
    "q1.handling.report.line": (OWN, "-/- -/- -/- rwcu/- rwcu/- rwcu/-"),
    "q1.service.index.line": (OWN, "-/- -/- -/- rwcu/- rwcu/- rwcu/-"),
    "q1.handling.report.difference": (OWN, "-/- -/- -/- rwcu/- rwcu/- rwcu/-"),
    "q1.handling.report.withdrawal": (OWN, "-/- -/- -/- -/- -/- rwcu/-"),
    # issued reports: read by the leaders of their units, written by nobody (q1_handling_report_issued.py)
    "q1.handling.report.issue": (UNIT, "-/- -/- -/- -/- r/- r/-"),
    "q1.handling.report.issue.row": (UNIT, "-/- -/- -/- -/- r/- r/-"),
    "q1.handling.report.issue.index": (UNIT, "-/- -/- -/- -/- r/- r/-"),
    "q1.handling.report.issue.cell": (UNIT, "-/- -/- -/- -/- r/- r/-"),
    "q1.handling.column": (GLOBAL, "r/r r/r r/r r/r r/r r/r", "columns of the statutory form: fixed data"),
    "q1.service.index": (
        GLOBAL,
        "-/- -/- -/- r/r r/r rwcu/rwcu",
        "weights of the national service indices (Decision 766): one set for every unit, heads and up read it",
    ),
    "hr.employee": (EXTENDED, "employees: the evaluation count added; hr's own rules"),
}


def parse(cells):
    """``"r/- rw/r ..."`` -> [(own operations, other operations)] in ROLES order."""
    parsed = []
    for cell in cells.split():
        own, other = cell.split("/")
        parsed.append(tuple(frozenset(OPERATIONS[c] for c in part if c != "-") for part in (own, other)))
    return parsed


def cell(operations):
    return "".join(letter for letter, name in OPERATIONS.items() if name in operations) or "-"


@tagged("post_install", "-at_install")
class TestPermissionMatrix(Q1ReportingCase):
    # Class attributes, so that an addon built on these two checks its own models the same way (q1_quality).
    MODULES, ROLES, MATRIX = MODULES, ROLES, MATRIX

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            (role, ward): new_test_user(
                cls.env,
                login=f"q1_matrix_{role}_{ward}",
                groups=xmlid if role == "user" else f"base.group_user,{xmlid}",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
            for ward, company in (("a", cls.ward_a), ("b", cls.ward_b))
            for role, xmlid in cls.ROLES.items()
        }
        cls.units = {}
        for ward, company in (("a", cls.ward_a), ("b", cls.ward_b)):
            cls.units[ward] = cls._unit_records(ward, company)

    @classmethod
    def _unit_records(cls, ward, company):
        """{model: record of ``company``} for the UNIT models."""
        env = cls.env
        dossier = env["q1.dossier"].browse(cls.received("2026-03-02 09:00", ward=ward).id)
        pause = env["q1.dossier.pause"].create(
            {"dossier_id": dossier.id, "kind": "payment", "paused_at": dossier.received_at}
        )
        colleague = new_test_user(
            env,
            login=f"q1_matrix_colleague_{ward}",
            groups="q1_dossier.group_q1_processing",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        employee = env["hr.employee"].create(
            {"name": colleague.name, "user_id": colleague.id, "company_id": company.id}
        )
        period = env["q1.evaluation.period"].create(
            {"company_id": company.id, "kind": "month", "year": 2026, "index": 3}
        )
        sheet = env["q1.evaluation.sheet"].create({"period_id": period.id, "employee_id": employee.id})
        evidence = env["q1.evaluation.evidence"].create(
            {"sheet_id": sheet.id, "ref": f"reception:{dossier.id}", "criterion": "service", "reason": "Thử"}
        )
        adjustment = env["q1.evaluation.adjustment"].create({"sheet_id": sheet.id, "points": 1, "reason": "Thử"})
        audit = env["q1.audit.log"].create(
            {
                "kind": "correction",
                "user_id": cls.users["manager", ward].id,
                "dossier_id": dossier.id,
                "company_id": company.id,
                "deciding_company_id": company.id,
            }
        )
        issue = env["q1.handling.report.issue"].create(
            {
                "name": "Thử",
                "company_ids": [Command.set(company.ids)],
                "unit_key": str(company.id),
                "period_kind": "custom",
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "group_by": "field",
                "issued_by_id": cls.users["leader", ward].id,
                "issued_at": "2026-04-01 02:00:00",
                "row_ids": [Command.create({"label": "Thử", "is_total": True})],
                "index_ids": [Command.create({"company_id": company.id, "code": "1.1"})],
                "cell_ids": [Command.create({"dossier_id": dossier.id, "column": "direct_postal"})],
            }
        )
        env.flush_all()
        window = {"q1_window_start": "2026-03-01", "q1_window_end": "2026-03-31"}
        return {
            "q1.dossier": dossier,
            "q1.dossier.document": dossier.document_ids[:1],
            "q1.dossier.step": dossier.step_ids[:1],
            "q1.dossier.pause": pause,
            "q1.dossier.code.counter": env["q1.dossier.code.counter"].search([("company_id", "=", company.id)]),
            "q1.audit.log": audit,
            "q1.dossier.report": env["q1.dossier.report"].search([("dossier_id", "=", dossier.id)]),
            "q1.handling.entry": env["q1.handling.entry"]
            .with_context(**window)
            .search([("dossier_id", "=", dossier.id)], limit=1),
            "q1.evaluation.period": period,
            "q1.evaluation.sheet": sheet,
            "q1.evaluation.evidence": evidence,
            "q1.evaluation.adjustment": adjustment,
            "q1.handling.report.issue": issue,
            "q1.handling.report.issue.row": issue.row_ids,
            "q1.handling.report.issue.index": issue.index_ids,
            "q1.handling.report.issue.cell": issue.cell_ids,
        }

    def _own_records(self, owner, company):
        """{model: record ``owner`` made in ``company``} for the OWN models (made as the system, as ``owner``)."""
        env = self.env(user=owner, su=True)
        ward = "a" if company == self.ward_a else "b"
        dossier = self.units[ward]["q1.dossier"]
        wizard = env["q1.handling.report.wizard"].create(
            {
                "company_ids": [Command.set(company.ids)],
                "period_kind": "custom",
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
            }
        )
        return {
            "q1.dossier.action": env["q1.dossier.action"].create({"dossier_id": dossier.id, "action": "return"}),
            "q1.dossier.counter.outcome": env["q1.dossier.counter.outcome"].create(
                {"dossier_id": dossier.id, "outcome": "refused", "reason": "Thử"}
            ),
            "q1.dossier.correction": env["q1.dossier.correction"].create(
                {"dossier_id": dossier.id, "fact": "returned_to", "reason": "Thử"}
            ),
            "q1.tracking.book": env["q1.tracking.book"].create(
                {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), "company_ids": company.ids}
            ),
            "q1.handling.report.wizard": wizard,
            "q1.handling.report.line": env["q1.handling.report.line"].create({"wizard_id": wizard.id, "label": "Thử"}),
            "q1.service.index.line": env["q1.service.index.line"].create(
                {"wizard_id": wizard.id, "company_id": company.id, "code": "1.1"}
            ),
            "q1.handling.report.difference": env["q1.handling.report.difference"].create(
                {"wizard_id": wizard.id, "dossier_id": dossier.id, "change": "added"}
            ),
            "q1.handling.report.withdrawal": env["q1.handling.report.withdrawal"].create(
                {"issue_id": self.units[ward]["q1.handling.report.issue"].id, "reason": "Thử"}
            ),
        }

    def _global_records(self):
        env = self.env
        return {
            "q1.field": self.field,
            "q1.procedure": self.proc_5d,
            "q1.procedure.document": self.proc_5d.document_ids[:1],
            "q1.procedure.step": self.proc_flow.step_ids[:1],
            "q1.dossier.stage": self.stage_appraise,
            "q1.work.calendar": self.calendar,
            "q1.work.calendar.day": env["q1.work.calendar.day"].search([], limit=1),
            "q1.lookup.attempt": env["q1.lookup.attempt"].create({"ip": "192.0.2.10"}),
            "q1.handling.column": env["q1.handling.column"].search([], limit=1),
            "q1.service.index": env["q1.service.index"].search([], limit=1),
            "q1.dossier.fact": env["q1.dossier.fact"].search([("dossier_id", "=", self.units["a"]["q1.dossier"].id)]),
            "q1.dossier.fact.sum": env["q1.dossier.fact.sum"].search([], limit=1),
        }

    # ------------------------------------------------------------------ what Odoo allows

    def _allowed(self, record, user):
        """The operations ``user`` may do on ``record``, as the ORM decides, cross-checked."""
        mine = record.with_user(user)
        allowed = {name for name in OPERATIONS.values() if mine.has_access(name)}
        for name in OPERATIONS.values():
            self.assertEqual(
                bool(mine._filtered_access(name)), name in allowed, f"{record._name} {name}: _filtered_access"
            )
        self.assertEqual(self._reads(mine), "read" in allowed, f"{record._name}: search/read vs has_access")
        return allowed

    def _reads(self, record):
        """Whether a client reading ``record`` gets it: a search by id, then a read of a stored column (SQL with the
        rules' SQL form, not the Python evaluation ``has_access`` makes)."""
        column = next(
            name
            for name, field in record._fields.items()
            if field.store and field.column_type and name != "id" and field.type not in ("binary", "many2many")
        )
        try:
            found = record.with_context(active_test=False).search([("id", "=", record.id)])
            record.invalidate_recordset()
            record.read([column])
        except AccessError:
            return False
        return found == record

    def test_every_role_on_every_model(self):
        category = self.env.ref("q1_dossier.module_category_q1_one_stop")
        groups = self.env["res.groups"].search([("category_id", "=", category.id)])
        missing_roles = set(groups.get_external_id().values()) - set(self.ROLES.values())
        self.assertFalse(missing_roles, f"Groups of the one-stop shop without a column in MATRIX: {missing_roles}")

        data = self.env["ir.model.data"].search([("module", "in", self.MODULES), ("model", "=", "ir.model")])
        models = set(self.env["ir.model"].browse(data.mapped("res_id")).mapped("model"))
        missing = sorted(models - set(self.MATRIX))
        self.assertFalse(
            missing,
            f"Models of {', '.join(self.MODULES)} without a line in the permission MATRIX (give each a record rule "
            "or a written reason to be shared): " + ", ".join(missing),
        )
        self.assertTrue({m for m, (kind, *_rest) in self.MATRIX.items() if kind in (UNIT, OWN, GLOBAL)} <= models)

        global_records = self._global_records()
        own_records = {user: self._own_records(user, user.company_id) for user in self.users.values()}
        wrong = []
        for model, (kind, *rest) in sorted(self.MATRIX.items()):
            if kind == NO_TABLE:
                self.assertTrue(self.env[model]._abstract, f"{model} is listed without a table but has one")
                continue
            if kind == EXTENDED:
                self.assertFalse(
                    self.env[model]._original_module in self.MODULES, f"{model} is defined by the addons, not extended"
                )
                continue
            if kind == GLOBAL:
                self.assertTrue(rest[1:] and rest[1].strip(), f"{model}: a global model needs its written reason")
            expected = parse(rest[0])
            self.assertEqual(len(expected), len(self.ROLES), f"{model}: one own/other cell per role")
            for (role, _xmlid), (own_ops, other_ops) in zip(self.ROLES.items(), expected, strict=True):
                user = self.users[role, "a"]
                if kind == UNIT:
                    own, other = self.units["a"][model], self.units["b"][model]
                elif kind == OWN:
                    own, other = own_records[user][model], own_records[self.users[role, "b"]][model]
                else:
                    own = other = global_records[model]
                self.assertEqual(len(own), 1, f"{model}: no record of ward A")
                self.assertEqual(len(other), 1, f"{model}: no record of ward B")
                for side, record, ops in (("own", own, own_ops), ("other", other, other_ops)):
                    actual = self._allowed(record, user)
                    if actual != ops:
                        wrong.append(f"{model} {role} {side}: expected {cell(ops)}, actual {cell(actual)}")
        self.assertFalse(wrong, "Permission matrix differs:\n" + "\n".join(wrong))


@tagged("post_install", "-at_install")
class TestGeneratedRecords(Q1ReportingCase):
    """Tracking books and handling reports name applicants: their maker uses them; the leaders of every unit they
    cover may read them; no one else, not even a colleague of the same ward."""

    def test_a_book_or_report_is_its_makers_and_its_leaders(self):
        book = (
            self.env["q1.tracking.book"]
            .with_user(self.reception_a)
            .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), "company_ids": self.ward_a.ids})
        )
        report = self.march_report(self.head_a, computed=True)
        self.assertTrue(report.line_ids and report.index_line_ids)
        for records in (book, report, report.line_ids, report.index_line_ids):
            with self.subTest(model=records._name):
                self.assertTrue(records.with_user(self.leader_a).has_access("read"))
                self.assertFalse(records.with_user(self.leader_a).has_access("write"))
                for outsider in (self.proc_a1, self.reception_b, self.leader_b):
                    with self.assertRaises(AccessError):
                        records.with_user(outsider).read([])
        # A leader of A and B reads a book over A; a book over A and B is not ward A's leader's to read.
        both = book.sudo().copy({"company_ids": [Command.set((self.ward_a | self.ward_b).ids)]})
        self.assertTrue(book.with_user(self.leader).has_access("read"))
        self.assertFalse(both.with_user(self.leader_a).has_access("read"))
        # Nobody makes a book over a unit that is not theirs.
        with self.assertRaises(AccessError):
            self.env["q1.tracking.book"].with_user(self.reception_a).create(
                {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), "company_ids": self.ward_b.ids}
            )


@tagged("post_install", "-at_install")
class TestEvaluationFollowsTheSheet(Q1ReportingCase):
    """Adjustments and evidence are read as their sheet is: by the officer, their manager, and HR and the
    leaders of the sheet's unit."""

    def test_adjustments_and_evidence_of_own_team_and_unit(self):
        employee = self.env["hr.employee"].create(
            {"name": "Head", "user_id": self.head_a.id, "company_id": self.ward_a.id}
        )
        officer = self.env["hr.employee"].create(
            {"name": "Officer", "user_id": self.proc_a1.id, "company_id": self.ward_a.id, "parent_id": employee.id}
        )
        period = self.env["q1.evaluation.period"].create(
            {"company_id": self.ward_a.id, "kind": "month", "year": 2026, "index": 4}
        )
        sheet = self.env["q1.evaluation.sheet"].create(
            {"period_id": period.id, "employee_id": officer.id, "manager_user_id": self.head_a.id}
        )
        adjustment = self.env["q1.evaluation.adjustment"].create({"sheet_id": sheet.id, "points": -2, "reason": "Thử"})
        evidence = self.env["q1.evaluation.evidence"].create({"sheet_id": sheet.id, "criterion": "service"})
        for records in (adjustment, evidence):
            with self.subTest(model=records._name):
                for reader in (self.proc_a1, self.head_a, self.leader_a, self.leader):
                    self.assertTrue(records.with_user(reader).has_access("read"), reader.login)
                for outsider in (self.proc_a2, self.reception_a, self.leader_b, self.proc_b):
                    self.assertFalse(records.with_user(outsider).has_access("read"), outsider.login)
        self.assertFalse(adjustment.with_user(self.proc_a1).has_access("write"))
