"""Internal audits (ISO 9001 9.2): the unit's yearly programme approved by its leader, audits opened from it with a
checklist by clause and by process, and findings that raise exactly one nonconformity each."""

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.q1_dossier.tests.common import join_or_stack, start_in_thread, wait_for_lock
from odoo.addons.q1_reporting.tests.common import Q1ReportingCase


def assert_waits_then_retries(case, cr_a, probe, b_pid, in_b, twice):
    """Run ``in_b`` as the second request (cursor of backend ``b_pid``) while A's same work is not committed on
    ``cr_a``: B must wait on A's lock, and once A commits, fail with an error Odoo retries (``twice``: what B's
    success would mean). Returns that error."""
    thread, outcome, b_done = start_in_thread(in_b)
    waited = wait_for_lock(probe, b_pid, b_done)
    case.assertFalse(b_done.is_set(), f"B went through while A's work was not committed: {outcome}")
    case.assertEqual(waited, "Lock", "B never waited for A's lock")
    cr_a.commit()
    if stack := join_or_stack(thread):
        case.fail(f"B is still blocked after A committed:\n{stack}")
    case.assertNotIn("result", outcome, twice)
    case.assertIsInstance(outcome["error"], PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, repr(outcome["error"]))
    return outcome["error"]


ISO_GROUPS = "mgmtsystem.group_mgmtsystem_manager,q1_dossier.group_q1_processing"
AUDITOR_GROUPS = "mgmtsystem.group_mgmtsystem_auditor,q1_dossier.group_q1_processing"


class Q1AuditCase(Q1ReportingCase):
    """Wards A and B with an ISO secretary each and an auditor in ward A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups, company, name):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                name=name,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                tz="Asia/Ho_Chi_Minh",
            )

        cls.iso_a = user("q1_aud_iso_a", ISO_GROUPS, cls.ward_a, "Đỗ Thư Ký ISO")
        cls.iso_b = user("q1_aud_iso_b", ISO_GROUPS, cls.ward_b, "Bùi Thư Ký ISO")
        cls.auditor_a = user("q1_aud_auditor_a", AUDITOR_GROUPS, cls.ward_a, "Ngô Đánh Giá")
        cls.clause_75 = cls.env.ref("q1_quality.iso_clause_7_5")
        cls.clause_87 = cls.env.ref("q1_quality.iso_clause_8_7")

    @classmethod
    def programme(cls, company=None, user=None, year=2026, lines=None):
        """A draft programme of ``company`` (ward A) made by ``user`` (its ISO secretary)."""
        company = company or cls.ward_a
        user = user or (cls.iso_a if company == cls.ward_a else cls.iso_b)
        if lines is None:
            lines = [
                {"month": "3", "clause_id": cls.clause_75.id, "auditor_id": cls.auditor_a.id},
                {"month": "3", "procedure_id": cls.proc_flow.id, "auditor_id": cls.auditor_a.id},
                {"month": "9", "clause_id": cls.clause_87.id},
            ]
            if company != cls.ward_a:
                lines = [dict(line, auditor_id=False) for line in lines]
        return (
            cls.env["q1.audit.programme"]
            .with_user(user)
            .create(
                {
                    "company_id": company.id,
                    "year": year,
                    "line_ids": [Command.create(line) for line in lines],
                }
            )
        )

    @classmethod
    def approved_audit(cls, company=None):
        """The March audit of an approved programme of ``company``, its checklist generated."""
        company = company or cls.ward_a
        programme = cls.programme(company)
        leader = cls.leader_a if company == cls.ward_a else cls.leader_b
        programme.with_user(leader).action_approve()
        secretary = cls.iso_a if company == cls.ward_a else cls.iso_b
        programme.with_user(secretary).action_create_audits()
        return programme, programme.audit_ids.filtered(lambda audit: audit.date.month in (2, 3))


@tagged("post_install", "-at_install")
class TestAuditProgramme(Q1AuditCase):
    def test_only_the_units_leader_approves(self):
        programme = self.programme()
        for outsider in (self.iso_a, self.auditor_a, self.officer_a, self.leader_b):
            with self.subTest(user=outsider.login), self.assertRaises(AccessError):
                programme.with_user(outsider).action_approve()
        self.assertEqual(programme.state, "draft")
        # the state is a fact of the programme's own methods: no direct write, even by its secretary
        with self.assertRaises(UserError):
            programme.with_user(self.iso_a).write({"state": "approved"})
        with self.assertRaises(UserError):
            programme.with_user(self.iso_a).write({"approved_by_id": self.leader_a.id})
        programme.with_user(self.leader_a).action_approve()
        self.assertEqual(programme.state, "approved")
        self.assertEqual(programme.approved_by_id, self.leader_a)
        self.assertTrue(programme.approved_at)
        # approved: its plan is fixed until the leader sets it back to draft
        with self.assertRaises(UserError):
            programme.line_ids[:1].with_user(self.iso_a).write({"month": "4"})
        with self.assertRaises(UserError):
            programme.with_user(self.iso_a).write(
                {"line_ids": [Command.create({"month": "5", "clause_id": self.clause_87.id})]}
            )
        with self.assertRaises(AccessError):
            programme.with_user(self.iso_a).action_reset_draft()
        programme.with_user(self.leader_a).action_reset_draft()
        self.assertEqual((programme.state, programme.approved_by_id.id), ("draft", False))
        programme.line_ids[:1].with_user(self.iso_a).write({"month": "4"})
        self.assertEqual(programme.line_ids[:1].month, "4")

    def test_a_programme_needs_a_plan_and_one_per_unit_and_year(self):
        empty = self.programme(lines=[], year=2027)
        with self.assertRaises(UserError):
            empty.with_user(self.leader_a).action_approve()
        with self.assertRaises(ValidationError):
            self.programme(year=2028, lines=[{"month": "2"}])  # neither clause nor process
        with self.assertRaises(ValidationError):
            self.programme(year=3000)
        with self.assertRaises(ValidationError):  # the lead auditor is an officer of another unit
            self.programme(
                year=2029, lines=[{"month": "2", "clause_id": self.clause_75.id, "auditor_id": self.proc_b.id}]
            )
        self.programme(year=2030)
        with self.assertRaises(UserError) as caught:
            self.programme(year=2030)
        self.assertIn("2030", str(caught.exception))
        # two secretaries saving at once: the unique index keeps one, and the RPC layer answers with its message
        constraint = dict((name, message) for name, _sql, message in self.env["q1.audit.programme"]._sql_constraints)
        self.assertIn("q1_audit_programme_unit_year_unique", constraint)

    def test_the_units_rules(self):
        programme_b = self.programme(self.ward_b)
        # ward A's people neither see nor act on ward B's programme
        for user in (self.iso_a, self.leader_a, self.auditor_a):
            with self.subTest(user=user.login):
                self.assertFalse(programme_b.with_user(user).has_access("read"))
                with self.assertRaises(AccessError):
                    programme_b.with_user(user).action_approve()
        # a secretary files a programme in their own unit only
        with self.assertRaises(AccessError):
            self.env["q1.audit.programme"].with_user(self.iso_a).create({"company_id": self.ward_b.id, "year": 2031})
        self.assertTrue(programme_b.with_user(self.iso_b).has_access("read"))


@tagged("post_install", "-at_install")
class TestAuditChecklist(Q1AuditCase):
    def test_audits_and_their_checklists_come_from_the_programme(self):
        programme = self.programme()
        with self.assertRaises(UserError):  # not approved yet
            programme.with_user(self.iso_a).action_create_audits()
        programme.with_user(self.leader_a).action_approve()
        with self.assertRaises(AccessError):  # an officer is not an auditor
            programme.with_user(self.officer_a).action_create_audits()
        programme.with_user(self.iso_a).action_create_audits()
        audits = programme.audit_ids.sorted("date")
        self.assertEqual(len(audits), 2, "one audit per planned month")
        march, september = audits
        self.assertEqual((march.company_id, march.q1_programme_id), (self.ward_a, programme))
        self.assertEqual(march.q1_clause_ids, self.clause_75)
        self.assertEqual(march.q1_procedure_ids, self.proc_flow)
        self.assertEqual(march.auditor_user_ids, self.auditor_a)
        self.assertEqual(programme.line_ids.filtered(lambda line: line.month == "3").audit_id, march)
        # the checklist: the clause's question, the procedure's handling, and each step of its internal process
        lines = march.line_ids
        steps = self.proc_flow.step_ids
        self.assertEqual(len(lines), 1 + 1 + len(steps))
        self.assertEqual(lines.filtered("q1_clause_id").name, f"7.5 – {self.clause_75.question}")
        self.assertEqual(lines.filtered("q1_step_id").q1_step_id, steps)
        self.assertEqual(lines.filtered("q1_procedure_id").q1_process_issue_id, self.proc_flow.q1_current_issue_id)
        self.assertEqual(len(lines.filtered(lambda line: line.q1_procedure_id and not line.q1_step_id)), 1)
        self.assertEqual(set(lines.mapped("q1_result")), {"pending"})
        self.assertEqual(set(lines.mapped("company_id")), {self.ward_a})
        self.assertEqual(september.line_ids.q1_clause_id, self.clause_87)
        # again: nothing new, neither audits nor items; a wider scope adds only what is missing
        programme.with_user(self.iso_a).action_create_audits()
        march.with_user(self.auditor_a).action_q1_generate_checklist()
        self.assertEqual(len(programme.audit_ids), 2)
        self.assertEqual(len(march.line_ids), 5)
        march.with_user(self.auditor_a).write({"q1_clause_ids": [Command.link(self.clause_87.id)]})
        march.with_user(self.auditor_a).action_q1_generate_checklist()
        self.assertEqual(len(march.line_ids), 6)
        self.assertEqual(march.line_ids.filtered("q1_clause_id").q1_clause_id, self.clause_75 | self.clause_87)

    def test_an_audit_without_scope_and_another_units_audit(self):
        audit = (
            self.env["mgmtsystem.audit"]
            .with_user(self.iso_a)
            .create({"name": "Đánh giá đột xuất", "user_id": self.iso_a.id})
        )
        self.assertEqual(audit.company_id, self.ward_a)
        with self.assertRaises(UserError):
            audit.with_user(self.auditor_a).action_q1_generate_checklist()
        _programme, audit_b = self.approved_audit(self.ward_b)
        self.assertFalse(audit_b.with_user(self.auditor_a).has_access("read"))
        with self.assertRaises(AccessError):
            audit_b.with_user(self.iso_a).action_q1_generate_checklist()
        with self.assertRaises(AccessError):
            audit_b.line_ids[:1].with_user(self.auditor_a).action_q1_conforming()


@tagged("post_install", "-at_install")
class TestAuditFindings(Q1AuditCase):
    def test_a_finding_raises_exactly_one_nonconformity(self):
        _programme, audit = self.approved_audit()
        finding = audit.line_ids.filtered("q1_clause_id")
        NC = self.env["mgmtsystem.nonconformity"].sudo()
        before = NC.search_count([("q1_kind", "=", "audit")])
        # no answer without evidence
        with self.assertRaises(UserError):
            finding.with_user(self.auditor_a).action_q1_not_conforming()
        finding.with_user(self.auditor_a).write(
            {"q1_evidence": "Quy trình lần ban hành 2 còn lưu tại bộ phận một cửa."}
        )
        # an officer without the auditor's role may not answer
        with self.assertRaises(AccessError):
            finding.with_user(self.officer_a).action_q1_not_conforming()
        finding.with_user(self.auditor_a).action_q1_not_conforming()
        nc = finding.q1_nonconformity_id
        self.assertTrue(nc)
        self.assertEqual((finding.q1_result, finding.is_conformed), ("not_conforming", False))
        self.assertEqual(finding.q1_checked_by_id, self.auditor_a)
        self.assertEqual(
            (nc.q1_kind, nc.res_model, nc.res_id, nc.company_id),
            ("audit", "mgmtsystem.verification.line", finding.id, self.ward_a),
        )
        self.assertIn("lần ban hành 2", nc.description)
        self.assertIn(nc, audit.nonconformity_ids)
        # twice, and by another auditor: still the one nonconformity
        finding.with_user(self.auditor_a).action_q1_not_conforming()
        finding.with_user(self.iso_a).action_q1_not_conforming()
        self.assertEqual(NC.search_count([("q1_kind", "=", "audit")]), before + 1)
        self.assertEqual(NC.search([("res_model", "=", finding._name), ("res_id", "=", finding.id)]), nc)
        self.assertEqual(finding.q1_nonconformity_id, nc)
        self.assertEqual(len(audit.nonconformity_ids), 1)
        # a finding stays one, its evidence as it was found
        with self.assertRaises(UserError):
            finding.with_user(self.auditor_a).action_q1_conforming()
        with self.assertRaises(UserError):
            finding.with_user(self.auditor_a).write({"q1_evidence": "Không có gì."})
        with self.assertRaises(UserError):
            finding.with_user(self.auditor_a).unlink()

    def test_results_are_facts_and_a_closed_audit_is_a_record(self):
        _programme, audit = self.approved_audit()
        lines = audit.line_ids.with_user(self.auditor_a)
        with self.assertRaises(UserError):
            lines[:1].write({"q1_result": "conforming"})
        with self.assertRaises(UserError):
            lines[:1].write({"is_conformed": True})
        with self.assertRaises(UserError):
            audit.with_user(self.iso_a).write({"state": "done"})
        lines.write({"q1_evidence": "Đã kiểm tra 10 hồ sơ tháng 02/2026."})
        lines[:-1].action_q1_conforming()
        # not every item answered: the audit cannot close
        with self.assertRaises(UserError):
            audit.with_user(self.leader_a).button_close()
        lines[-1:].action_q1_not_conforming()
        with self.assertRaises(AccessError):  # an auditor does not close an audit: the leader or the secretary
            audit.with_user(self.auditor_a).button_close()
        audit.with_user(self.leader_a).button_close()
        self.assertEqual(audit.state, "done")
        self.assertEqual((audit.q1_finding_count, audit.q1_pending_count), (1, 0))
        with self.assertRaises(UserError):
            audit.with_user(self.iso_a).write({"q1_scope": "Sửa sau khi đóng"})
        with self.assertRaises(UserError):
            lines[:1].write({"comments": "Sửa sau khi đóng"})
        with self.assertRaises(UserError):
            self.env["mgmtsystem.verification.line"].with_user(self.auditor_a).create(
                {"name": "Câu hỏi thêm", "audit_id": audit.id}
            )


@tagged("post_install", "-at_install")
class TestOpenAuditsRace(TransactionCase):
    """Two ISO secretaries press "Open the Planned Audits" together, in two transactions on real connections: the
    month is opened once. The second waits for the first's lock; its snapshot, older than the first's commit, is
    refused by PostgreSQL (a serialization failure, which Odoo answers by running the request again), and the
    request run again finds the month opened."""

    YEAR = 2099

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _committed_programme(self):
        conn = self._cursor()
        try:
            env = api.Environment(conn, SUPERUSER_ID, {"tracking_disable": True})
            programme = env["q1.audit.programme"].create(
                {
                    "company_id": env.ref("base.main_company").id,
                    "year": self.YEAR,
                    "state": "approved",
                    "line_ids": [Command.create({"month": "3", "clause_id": env.ref("q1_quality.iso_clause_7_5").id})],
                }
            )
            programme_id = programme.id
            conn.commit()
        finally:
            conn.close()

        def cleanup():
            conn = self._cursor()
            try:
                conn.execute("SELECT id FROM mgmtsystem_audit WHERE q1_programme_id = %s", (programme_id,))
                audit_ids = tuple(row[0] for row in conn.fetchall()) or (0,)
                conn.execute("DELETE FROM mgmtsystem_verification_line WHERE audit_id IN %s", (audit_ids,))
                conn.execute("DELETE FROM q1_audit_programme_line WHERE programme_id = %s", (programme_id,))
                for model, ids in (("mgmtsystem.audit", audit_ids), ("q1.audit.programme", (programme_id,))):
                    for table, model_column in (("mail_message", "model"), ("mail_followers", "res_model")):
                        conn.execute(
                            f"DELETE FROM {table} WHERE {model_column} = %s AND res_id IN %s",  # noqa: S608
                            (model, ids),
                        )
                conn.execute("DELETE FROM mgmtsystem_audit WHERE id IN %s", (audit_ids,))
                conn.execute("DELETE FROM q1_audit_programme WHERE id = %s", (programme_id,))
                conn.commit()
            finally:
                conn.close()

        return programme_id, cleanup

    @mute_logger("odoo.sql_db")
    def test_two_openings_at_once_open_the_month_once(self):
        programme_id, cleanup = self._committed_programme()
        self.addCleanup(cleanup)
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()

        def open_in_b():
            env_b["q1.audit.programme"].browse(programme_id).action_create_audits()
            cr_b.commit()
            return "opened"

        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            # B has read the programme (its snapshot) before A opens the month
            self.assertFalse(env_b["q1.audit.programme"].browse(programme_id).line_ids.audit_id)
            env_a["q1.audit.programme"].browse(programme_id).action_create_audits()

            error = assert_waits_then_retries(self, cr_a, probe, b_pid, open_in_b, "the month was opened twice")
            # refused at the programme's lock itself, whatever else the opening would have touched after it
            failed = error.cursor.query or b""
            self.assertIn(b"FROM q1_audit_programme WHERE", failed)
            self.assertIn(b"FOR UPDATE", failed)
            cr_b.rollback()

            # the request run again (Odoo's retry) finds the month opened and opens nothing
            env_b.invalidate_all()
            env_b["q1.audit.programme"].browse(programme_id).action_create_audits()
            cr_b.commit()
            probe.execute("SELECT count(*) FROM mgmtsystem_audit WHERE q1_programme_id = %s", (programme_id,))
            self.assertEqual(probe.fetchone()[0], 1)
            probe.execute(
                "SELECT count(*) FROM mgmtsystem_verification_line l JOIN mgmtsystem_audit a ON a.id = l.audit_id "
                "WHERE a.q1_programme_id = %s",
                (programme_id,),
            )
            self.assertEqual(probe.fetchone()[0], 1)
        finally:
            for cursor in (cr_a, cr_b, probe):
                cursor.rollback()
                cursor.close()
