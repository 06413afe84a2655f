"""The statutory handling report and the dashboards on a seeded mix of dossiers driven through the lifecycle:
the wizard's table equals core.handling_table over facts taken the naive way from the dossier records, every
pivot cell opens exactly the dossiers it counts, and a department head sees only their unit. The outcome rule's
CASE expression, generated from the core's table, gives in PostgreSQL what the core gives in Python."""

import itertools
import random
from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.deadline import due_date_after_pauses
from odoo.addons.q1_dossier.core.localtime import to_local

from ..core.handling_report import DossierFact, Wait, fact_columns, handling_table, outcome, outcome_sql
from ..core.indices import DEFAULT_WEIGHTS, IndexFact, handling_days, service_indices
from .common import Q1ReportingCase

WINDOWS = [
    # cut-off March 2026, calendar March 2026, cut-off first quarter, free dates
    (date(2026, 2, 15), date(2026, 3, 14)),
    (date(2026, 3, 1), date(2026, 3, 31)),
    (date(2025, 12, 15), date(2026, 3, 14)),
    (date(2026, 3, 5), date(2026, 3, 20)),
]


CORE_CODES = frozenset(weight.code for weight in DEFAULT_WEIGHTS)


@tagged("post_install", "-at_install")
class TestHandlingReport(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rng = random.Random(766)
        cls.dossiers = cls.env["q1.dossier"]
        workdays = [date(2026, 2, 2) + timedelta(days=n) for n in range(60)]
        workdays = [d for d in workdays if d.weekday() < 5 and not date(2026, 2, 14) <= d <= date(2026, 2, 22)]
        for n in range(36):
            day = rng.choice(workdays[:-8])
            ward = "a" if n % 3 else "b"
            procedure = cls.proc_5d if n % 2 else cls.proc_3d
            channel = rng.choice(["direct", "online", "postal"])
            dossier = cls.received(f"{day} {8 + n % 8:02d}:{n:02d}", procedure, ward, channel)
            roll = rng.random()
            if roll < 0.7:
                end = day + timedelta(days=rng.randint(1, 12))
                cls.finish(dossier, f"{end} 10:00")
            elif roll < 0.8:
                with cls.at(f"{day + timedelta(days=1)} 09:00"):
                    dossier.sudo().request_supplement("Thiếu giấy tờ", "Bản sao giấy khai sinh")
            cls.dossiers |= dossier
        cls.env.flush_all()

    def naive_facts(self, key="field"):
        """Facts built from the dossier records with the portal's rules (the test's own reading of them): the
        end of processing and every wait, a wait ended with the dossier (closed, stopped while waiting) never
        answered; each wait began under the due date net of the waits before it, counted here again by
        ``core.deadline.due_date_after_pauses`` (procedures in days) and held equal to the one stamped on it."""
        facts = []
        for dossier in self.dossiers:
            waits, earlier = [], []
            calendar, cutoff = dossier._core_calendar(), dossier._work_calendar()._cutoff_time()
            for pause in dossier.pause_ids.sorted(lambda p: (p.paused_at, p.id)):
                answered = pause.resumed_at and (not dossier.finished_at or pause.resumed_at < dossier.finished_at)
                received = to_local(dossier.received_at)
                before = due_date_after_pauses(received, dossier.time_limit, earlier, calendar, cutoff)
                self.assertEqual(pause.due_before, before, dossier.code)
                waits.append(
                    Wait(
                        pause.kind,
                        to_local(pause.paused_at).date(),
                        to_local(pause.resumed_at).date() if answered else None,
                        before,
                    )
                )
                if pause.resumed_at:
                    earlier.append((to_local(pause.paused_at).date(), to_local(pause.resumed_at).date()))
            facts.append(
                DossierFact(
                    dossier.field_id.id if key == "field" else dossier.deciding_company_id.id,
                    dossier.channel,
                    dossier.received_date,
                    dossier.statistical_due_date,
                    to_local(dossier.finished_at).date() if dossier.finished_at else None,
                    False,
                    False,
                    dossier.id,
                    tuple(waits),
                )
            )
        return facts

    def wizard(self, start, end, user=None, group_by="field", units=None):
        return (
            self.env["q1.handling.report.wizard"]
            .with_user(user or self.leader)
            .create(
                {
                    "company_ids": [(6, 0, (units or (self.ward_a | self.ward_b)).ids)],
                    "period_kind": "custom",
                    "date_from": start,
                    "date_to": end,
                    "group_by": group_by,
                }
            )
        )

    def test_table_equals_core_on_naive_facts(self):
        largest = 0
        for start, end in WINDOWS:
            for group_by in ("field", "unit"):
                rows, _labels = self.wizard(start, end, group_by=group_by)._handling_rows()
                expected = handling_table(self.naive_facts(group_by), start, end)
                self.assertEqual(
                    sorted(rows, key=lambda r: (r.key is None, r.key or 0)), expected, f"{start} - {end} by {group_by}"
                )
                largest = max(largest, expected[-1].received)
        self.assertGreater(largest, 20)

    def test_every_pivot_cell_opens_exactly_its_dossiers(self):
        start, end = WINDOWS[0]
        facts = self.naive_facts()
        Entry = (
            self.env["q1.handling.entry"]
            .with_user(self.leader)
            .with_context(q1_window_start=str(start), q1_window_end=str(end))
        )
        domain = [("deciding_company_id", "in", (self.ward_a | self.ward_b).ids)]
        groups = Entry.read_group(domain, ["__count"], ["field_id", "column_id"], lazy=False)
        cells = 0
        for group in groups:
            column = self.env["q1.handling.column"].browse(group["column_id"][0]).code
            expected = {
                f.ref
                for f in facts
                if f.key == group["field_id"][0]
                and (fact_columns(f, start, end) or ())[1:2] == (column,)
                or f.key == group["field_id"][0]
                and (fact_columns(f, start, end) or ())[:1] == (column,)
            }
            opened = Entry.search(group["__domain"]).mapped("dossier_id")
            self.assertEqual(set(opened.ids), expected, column)
            self.assertEqual(group["__count"], len(expected))
            cells += 1
        self.assertGreater(cells, 6)

    def test_dashboard_cells_open_exactly_their_dossiers(self):
        Report = self.env["q1.dossier.report"].with_user(self.leader)
        domain = [("dossier_id", "in", self.dossiers.ids)]
        groups = Report.read_group(
            domain, ["__count", "on_time_rate:avg"], ["deciding_company_id", "outcome_id"], lazy=False
        )
        self.assertEqual(sum(g["__count"] for g in groups), len(self.dossiers))
        for group in groups:
            rows = Report.search(group["__domain"])
            self.assertEqual(len(rows), group["__count"])
            self.assertEqual(set(rows.mapped("outcome_id").ids), {group["outcome_id"][0]})
            late = group["outcome_id"][0] in (
                self.env.ref("q1_reporting.column_late").id,
                self.env.ref("q1_reporting.column_overdue").id,
            )
            self.assertEqual(group["on_time_rate"], 0 if late else 100)

    def test_indices_equal_core(self):
        start, end = WINDOWS[1]
        wizard = self.wizard(start, end)
        report = {
            r.dossier_id.id: r for r in self.env["q1.dossier.report"].search([("dossier_id", "in", self.dossiers.ids)])
        }
        calendar = self.calendar._to_core()  # both wards' calendar; 2.2 in its working days by default
        for unit in self.ward_a | self.ward_b:
            items = [
                IndexFact(
                    f,
                    handling_days(f.received_on, f.finished_on, f.waits, calendar),
                    report[f.ref].digitised,
                    report[f.ref].dissatisfied,
                    report[f.ref].dossier_id.e_result,
                )
                for f in self.naive_facts("unit")
                if f.key == unit.id
            ]
            # the indices this addon's core computes (others' addons add theirs: q1_quality 5.2/5.3, q1_registry
            # 4.1/4.3, each tested there)
            weights = [weight for weight in wizard._index_weights() if weight.code in CORE_CODES]
            results = [result for result in wizard._index_results()[unit.id] if result.code in CORE_CODES]
            self.assertEqual(results, service_indices(items, start, end, weights))

    def test_department_head_sees_only_their_unit(self):
        only_b = self.dossiers.filtered(lambda d: d.company_id == self.ward_b and d.deciding_company_id == self.ward_b)
        self.assertTrue(only_b)
        seen = self.env["q1.dossier.report"].with_user(self.head_a).search([("dossier_id", "in", self.dossiers.ids)])
        self.assertFalse(seen.dossier_id & only_b)
        self.assertTrue(seen)
        entries = (
            self.env["q1.handling.entry"]
            .with_user(self.head_a)
            .with_context(q1_window_start="2026-01-01", q1_window_end="2026-12-31")
            .search([])
        )
        self.assertFalse(entries.dossier_id & only_b)
        with self.assertRaises(ValidationError):
            self.wizard(*WINDOWS[0], user=self.head_a, units=self.ward_b)
        rows, _labels = self.wizard(*WINDOWS[2], user=self.head_a, units=self.ward_a)._handling_rows()
        self.assertEqual(
            rows[-1],
            handling_table([f for f in self.naive_facts("unit") if f.key == self.ward_a.id], *WINDOWS[2])[-1].__class__(
                None, **{k: v for k, v in vars(rows[-1]).items() if k != "key"}
            ),
        )

    def test_wizard_form_fills_the_cutoff_window_and_shows_the_table(self):
        form = Form(self.env["q1.handling.report.wizard"].with_user(self.leader))
        form.period_kind = "quarter"
        form.year = 2026
        form.quarter = "1"
        self.assertEqual((form.date_from, form.date_to), (date(2025, 12, 15), date(2026, 3, 14)))
        form.convention = "calendar"
        self.assertEqual((form.date_from, form.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        wizard = form.save()
        wizard.action_compute()
        total = wizard.line_ids.filtered("is_total")
        self.assertEqual(total.received, wizard._handling_rows()[0][-1].received)
        self.assertEqual(len(wizard.index_line_ids), len(wizard.company_ids) * len(wizard._index_weights()))
        action = wizard.line_ids.filtered(lambda line: not line.is_total)[:1].action_open_entries()
        self.assertEqual(action["res_model"], "q1.handling.entry")
        self.assertEqual(action["context"]["q1_window_start"], "2026-01-01")

    def test_pdf_prints_the_table_in_vietnamese(self):
        wizard = self.wizard(*WINDOWS[0])
        html = (
            self.env["ir.actions.report"]._render_qweb_html("q1_reporting.report_q1_handling", wizard.ids)[0].decode()
        )
        self.assertIn("BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", html)
        self.assertIn("từ ngày 15/02/2026 đến ngày 14/03/2026", html)
        self.assertIn("Tổng cộng", html)
        self.assertIn("DANH SÁCH HỒ SƠ GIẢI QUYẾT QUÁ HẠN", html)

    def test_xlsx_holds_the_table_and_the_late_dossiers(self):
        import io

        import openpyxl

        from ..core.handling_xlsx import FIRST_DATA_ROW

        wizard = self.wizard(*WINDOWS[2])
        action = wizard.action_export_xlsx()
        self.assertEqual(action["url"], f"/q1/download/q1.handling.report.wizard/{wizard.id}/xlsx")
        name, _mimetype, content = wizard._q1_download_file("xlsx")
        self.assertEqual(name, "bao-cao-giai-quyet-tthc-20251215-20260314.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        rows, labels = wizard._handling_rows()
        sheet = book["Biểu tổng hợp"]
        for offset, row in enumerate(rows):
            line = FIRST_DATA_ROW + 1 + offset
            label = "Tổng cộng" if row.key is None else labels[row.key]
            self.assertEqual(sheet.cell(line, 2 if row.key is not None else 1).value, label)
            self.assertEqual(
                [sheet.cell(line, c).value for c in range(3, 14)],
                [
                    getattr(row, name)
                    for name in (
                        "received",
                        "online",
                        "direct_postal",
                        "carried_over",
                        "resolved",
                        "early",
                        "on_time",
                        "late",
                        "pending",
                        "within",
                        "overdue",
                    )
                ],
            )
        formulas = openpyxl.load_workbook(io.BytesIO(content))["Biểu tổng hợp"]
        self.assertTrue(str(formulas.cell(FIRST_DATA_ROW + 1, 3).value).startswith("="))
        late = book["Hồ sơ quá hạn"]
        codes = {late.cell(r, 2).value for r in range(5, late.max_row + 1)} - {None}
        self.assertEqual(codes, {row.code for row in wizard._late_rows()})
        self.assertEqual(len(codes), rows[-1].late + rows[-1].overdue)

    def test_xlsx_of_a_window_without_dossiers_is_refused_at_the_button(self):
        with self.assertRaisesRegex(UserError, "No dossier"):
            self.wizard(date(2024, 3, 1), date(2024, 3, 31)).action_export_xlsx()


@tagged("post_install", "-at_install")
class TestHandlingReportOnGeneratedData(Q1ReportingCase):
    """The same checks on a few hundred dossiers written by the history generator (processed, late, paused,
    extended, withdrawn...), as the million-dossier benchmark database is built. The histories end on a fixed day,
    so the windows below count the same record whenever the test runs."""

    END = date(2026, 11, 30)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        units = cls.ward_a | cls.ward_b
        cls.env["q1.dossier.generator"].load(400, seed=766, days=150, end=cls.END, company_ids=units.ids)
        cls.dossiers = cls.env["q1.dossier"].search([("company_id", "in", units.ids), ("received_at", "!=", False)])

    naive_facts = TestHandlingReport.naive_facts
    wizard = TestHandlingReport.wizard

    def test_table_and_cells_equal_core_on_generated_dossiers(self):
        self.assertEqual(len(self.dossiers), 400)
        today = self.END
        for start, end in (
            (today - timedelta(days=120), today - timedelta(days=30)),
            (today - timedelta(days=45), today),
        ):
            for group_by in ("field", "unit"):
                rows, _labels = self.wizard(start, end, group_by=group_by)._handling_rows()
                expected = handling_table(self.naive_facts(group_by), start, end)
                self.assertEqual(sorted(rows, key=lambda r: (r.key is None, r.key or 0)), expected)
            self.assertTrue(expected[-1].late and expected[-1].carried_over and expected[-1].early)
            Entry = (
                self.env["q1.handling.entry"]
                .with_user(self.leader)
                .with_context(q1_window_start=str(start), q1_window_end=str(end))
            )
            facts = self.naive_facts()
            for group in Entry.read_group(
                [("dossier_id", "in", self.dossiers.ids)], ["__count"], ["column_id"], lazy=False
            ):
                code = self.env["q1.handling.column"].browse(group["column_id"][0]).code
                counted = {f.ref for f in facts if code in (fact_columns(f, start, end) or ())}
                self.assertEqual(set(Entry.search(group["__domain"]).dossier_id.ids), counted, code)


@tagged("post_install", "-at_install")
class TestHandlingReportWithSeveralWaits(Q1ReportingCase):
    """Dossiers with two waits each, judged by PostgreSQL and by the core at every day of March 2026: the table
    and each of its cells equal ``core.handling_report.handling_table`` over the waits' history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        officer = cls.officer_a

        def at(local_string, action, dossier, *args):
            with cls.at(local_string):
                getattr(dossier.with_user(officer), action)(*args)

        # two fee waits, both paid (04/03-06/03, 16/03-20/03), result 23/03
        fees = cls.received("2026-03-02 09:00", cls.proc_5d)
        at("2026-03-04 10:00", "request_payment", fees, "Chờ nộp lệ phí")
        at("2026-03-06 09:00", "resume", fees)
        at("2026-03-16 09:00", "request_payment", fees, "Chờ nộp lệ phí")
        at("2026-03-20 09:00", "resume", fees)
        cls.finish(fees, "2026-03-23 10:00")
        # a supplement (04/03-09/03), then fees (12/03-17/03), result 19/03
        both = cls.received("2026-03-03 09:00", cls.proc_5d)
        at("2026-03-04 11:00", "request_supplement", both, "Thiếu giấy tờ", "Bản sao giấy khai sinh")
        at("2026-03-09 09:00", "resume", both)
        at("2026-03-12 09:00", "request_payment", both, "Chờ nộp lệ phí")
        at("2026-03-17 09:00", "resume", both)
        cls.finish(both, "2026-03-19 10:00")
        # fees (03/03-04/03), then a supplement asked 05/03 and never brought
        never = cls.received("2026-03-02 10:00", cls.proc_3d)
        at("2026-03-03 10:00", "request_payment", never, "Chờ nộp lệ phí")
        at("2026-03-04 09:00", "resume", never)
        at("2026-03-05 10:00", "request_supplement", never, "Thiếu giấy tờ", "Bản sao giấy khai sinh")
        cls.dossiers = fees | both | never

    naive_facts = TestHandlingReport.naive_facts
    wizard = TestHandlingReport.wizard

    def test_every_day_of_march_equals_core(self):
        self.assertEqual([len(d.pause_ids) for d in self.dossiers], [2, 2, 2])
        facts = self.naive_facts()
        for day in range(2, 32):
            end = date(2026, 3, day)
            for start in (date(2026, 3, 1), end - timedelta(days=3)):
                wizard = self.wizard(start, end, units=self.ward_a)
                rows, _labels = wizard._handling_rows()
                expected = handling_table(facts, start, end)
                self.assertEqual(sorted(rows, key=lambda r: (r.key is None, r.key or 0)), expected, f"{start}-{end}")
                self.env.invalidate_all()  # an entry's id is the same in every window: read this window's rows
                entries = wizard._entries().with_user(self.leader)
                for entry in entries.search([("dossier_id", "in", self.dossiers.ids)]):
                    code = entry.column_id.code
                    fact = next(f for f in facts if f.ref == entry.dossier_id.id)
                    self.assertIn(code, fact_columns(fact, start, end), f"{entry.dossier_id.code} {start}-{end}")


@tagged("post_install", "-at_install")
class TestOutcomeRuleInPostgres(TransactionCase):
    def test_generated_case_gives_the_python_outcome_on_every_ordering(self):
        """Three consecutive days and "not ended" give every ordering of the end, the due day and the judging day;
        each with and without the forced-late and the paused flags, judged by PostgreSQL in one query."""
        days = (date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10))
        grid = list(itertools.product((None, *days), days, days, (False, True), (False, True)))
        rows = SQL(", ").join(
            SQL("(%s, %s::date, %s::date, %s::date, %s::boolean, %s::boolean)", n, *operands)
            for n, operands in enumerate(grid)
        )
        judged = SQL(
            outcome_sql(),
            end=SQL("g.end_on"),
            due=SQL("g.due_on"),
            as_of=SQL("g.as_of"),
            forced_late=SQL("g.late"),
            paused=SQL("g.paused"),
        )
        self.env.cr.execute(
            SQL("SELECT g.n, %s FROM (VALUES %s) AS g(n, end_on, due_on, as_of, late, paused)", judged, rows)
        )
        result = dict(self.env.cr.fetchall())
        self.assertEqual(result, {n: outcome(*operands) for n, operands in enumerate(grid)})
        self.assertEqual(set(result.values()), {"early", "on_time", "late", "within", "overdue"})
