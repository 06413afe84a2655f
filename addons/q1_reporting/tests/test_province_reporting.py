"""Province-scale reporting (issue 13, What to build 4): what is read from the stored facts equals what the waits say.

The statutory table reads most dossiers from their stored facts (``q1.dossier.fact``) and judges again from their
waits only the few whose history goes past the day it judges (``q1.handling.entry._dossiers_sql``). These tests
hold the two ways to each other, dossier by dossier, and to the pure-Python reference
(``core.handling_report.handling_table``), on generated histories with waits, in windows ending on many past days.
"""

from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.localtime import to_local

from ..core.handling_report import handling_table
from ..models.q1_dossier_fact_sum import KEYS
from .common import Q1ReportingCase
from .test_handling_report import TestHandlingReport


@tagged("post_install", "-at_install")
class TestTableFromStoredFacts(Q1ReportingCase):
    END = date(2026, 11, 30)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        units = cls.ward_a | cls.ward_b
        cls.env["q1.dossier.generator"].load(700, seed=1307, days=150, end=cls.END, company_ids=units.ids)
        cls.dossiers = cls.env["q1.dossier"].search([("company_id", "in", units.ids), ("received_at", "!=", False)])

    naive_facts = TestHandlingReport.naive_facts
    wizard = TestHandlingReport.wizard

    def columns(self, start, end, **context):
        """{dossier id: (received column id, outcome column id)} counted in the window."""
        entries = self.env["q1.handling.entry"].with_context(
            q1_window_start=str(start), q1_window_end=str(end), **context
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT dossier_id, received_column_id, outcome_column_id FROM (%s) t WHERE dossier_id IN %s",
                entries._dossiers_sql(),
                tuple(self.dossiers.ids),
            )
        )
        return {dossier_id: (received, outcome) for dossier_id, received, outcome in rows}

    def replayed(self, start, end):
        """How many of the window's dossiers are judged again from their waits, and how many that waited are read
        from their facts."""
        before = start - timedelta(days=1)
        [(replayed, stored)] = self.env.execute_query(
            SQL(
                """SELECT count(*) FILTER (WHERE history_until > %(end)s
                                              OR (received_date < %(start)s AND history_until > %(before)s)),
                          count(*) FILTER (WHERE history_until <= %(end)s
                                              AND (received_date >= %(start)s OR history_until <= %(before)s))
                     FROM q1_dossier_fact WHERE dossier_id IN %(ids)s AND received_date <= %(end)s""",
                start=start,
                end=end,
                before=before,
                ids=tuple(self.dossiers.ids),
            )
        )
        return replayed, stored

    def test_every_window_read_from_the_facts_equals_every_dossier_judged_from_its_waits(self):
        self.assertEqual(len(self.dossiers), 700)
        self.assertGreater(len(self.dossiers.filtered("pause_ids")), 20)
        facts = {key: self.naive_facts(key) for key in ("field", "unit")}
        replayed = stored = 0
        for back in (0, 2, 9, 20, 33, 47, 61, 90, 120):
            end = self.END - timedelta(days=back)
            for start in (end - timedelta(days=29), end - timedelta(days=6), end):
                fast = self.columns(start, end)
                self.assertEqual(fast, self.columns(start, end, q1_entry_replay_all=True), f"{start}-{end}")
                counts = self.replayed(start, end)
                replayed, stored = replayed + counts[0], stored + counts[1]
                for group_by in ("field", "unit"):
                    rows, _labels = self.wizard(start, end, group_by=group_by)._handling_rows()
                    expected = handling_table(facts[group_by], start, end)
                    self.assertEqual(sorted(rows, key=lambda r: (r.key is None, r.key or 0)), expected)
                    self.assertEqual(expected[-1].received, len(fast))
        # both ways were taken: dossiers that waited judged again, and others that waited read as stored
        self.assertGreater(replayed, 20)
        self.assertGreater(stored, 100)

    def test_counts_by_the_dossiers_fields_equal_the_entries_counted_one_by_one(self):
        start, end = self.END - timedelta(days=60), self.END - timedelta(days=25)
        entries = (
            self.env["q1.handling.entry"]
            .with_user(self.leader)
            .with_context(q1_window_start=str(start), q1_window_end=str(end))
        )
        domain = [("deciding_company_id", "in", (self.ward_a | self.ward_b).ids)]
        for groupby in (
            ["field_id", "column_id"],
            ["deciding_company_id", "section_id", "column_id"],
            ["column_id"],
            ["received_date:week", "column_id"],
            ["procedure_id"],
        ):
            counted = entries._read_group(domain, groupby, ["__count"])
            # the same groups in the same order, from the entries' table itself (an order spelled otherwise)
            expected = entries._read_group(domain, groupby, ["__count"], order=", ".join(f"{g} asc" for g in groupby))
            self.assertEqual(counted, expected, groupby)
            self.assertTrue(counted)
        # grouped by a column the per-dossier count does not know, or filtered by one: the entries' table
        self.assertFalse(
            entries._counts_per_dossier([("column_id.code", "=", "late")], ["field_id"], ["__count"], [], 0, None, None)
        )
        self.assertFalse(entries._counts_per_dossier(domain, ["end_date:month", "id"], ["__count"], [], 0, None, None))

    def test_history_until_is_the_last_day_the_judgement_reads(self):
        Fact = self.env["q1.dossier.fact"].sudo()
        Fact._refresh_marked()
        facts = {
            fact.dossier_id.id: fact.history_until for fact in Fact.search([("dossier_id", "in", self.dossiers.ids)])
        }
        for dossier in self.dossiers:
            finished = dossier.finished_at and to_local(dossier.finished_at).date()
            days = [to_local(p.paused_at).date() for p in dossier.pause_ids]
            days += [
                to_local(p.resumed_at).date()
                for p in dossier.pause_ids
                if p.resumed_at and (not dossier.finished_at or p.resumed_at < dossier.finished_at)
            ]
            expected = max([*days, finished] if finished else days) if days else False
            self.assertEqual(facts[dossier.id], expected, dossier.code)

    def test_facts_stored_before_history_until_existed_get_it_at_the_update(self):
        waited = self.dossiers.filtered("pause_ids")
        self.env["q1.dossier.fact"].sudo()._refresh_marked()
        self.env.cr.execute(
            SQL("UPDATE q1_dossier_fact SET history_until = NULL WHERE dossier_id IN %s", tuple(waited.ids))
        )
        # what the module's update runs once every table exists (data/q1_dossier_fact_cron.xml)
        self.assertEqual(self.env["q1.dossier.fact"].sudo()._check_all(), len(waited))
        self.assertEqual(self.env["q1.dossier.fact"].sudo()._check_all(), 0)


@tagged("post_install", "-at_install")
class TestProvinceUnits(Q1ReportingCase):
    def test_generated_units_receive_like_the_demo_wards(self):
        Generator = self.env["q1.dossier.generator"]
        Company = self.env["res.company"]
        before = Company.search([("q1_unit_code", "!=", False), ("q1_work_calendar_id", "!=", False)])
        units = Generator._ensure_units(len(before) + 2)
        created = units - before
        self.assertEqual(len(created), 2)
        self.assertEqual(Generator._ensure_units(len(before) + 2), units)  # found again, none added
        state = self.env.ref("q1_dossier.q1_work_calendar_state")
        for unit in created:
            self.assertEqual(unit.q1_work_calendar_id, state)
            self.assertRegex(unit.q1_unit_code, r"^H29\.99\.\d{3}$")
            self.assertTrue(unit.name.endswith(unit.q1_place_name[1:]), unit.name)
            staff = self.env["res.users"].search([("company_ids", "in", unit.id)])
            self.assertTrue(staff.filtered(lambda u: u.has_group("q1_dossier.group_q1_reception")))
            self.assertTrue(staff.filtered(lambda u: u.has_group("q1_dossier.group_q1_processing")))
        Generator.load(30, seed=3, days=20, end=date(2026, 11, 30), company_ids=created.ids)
        dossiers = self.env["q1.dossier"].search([("company_id", "in", created.ids)])
        self.assertEqual(len(dossiers), 30)
        self.assertEqual(dossiers.company_id, created)
        self.assertFalse(dossiers.received_by_id - self.env["res.users"].search([("company_ids", "in", created.ids)]))
        self.assertEqual(self.env["q1.dossier.fact"].sudo().search_count([("dossier_id", "in", dossiers.ids)]), 30)


@tagged("post_install", "-at_install")
class TestDashboardFromSums(Q1ReportingCase):
    """The leaders' dashboards count a province's dossiers from their facts summed by day (``q1.dossier.fact.sum``):
    the same groups and values as counted dossier by dossier, and the sums follow every write."""

    END = date(2026, 11, 30)
    MEASURES = [
        "__count",
        "dossier_count:sum",
        "on_time_rate:avg",
        "handling_days:avg",
        "satisfaction_rate:avg",
        "supplement_count:sum",
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        units = cls.ward_a | cls.ward_b
        cls.env["q1.dossier.generator"].load(400, seed=2807, days=120, end=cls.END, company_ids=units.ids)

    def assertSumsExact(self):
        """The sums' rows added up by key equal the facts summed again, key by key."""
        self.env["q1.dossier.fact"].sudo()._refresh_marked()
        keys = SQL(", ").join(SQL.identifier(key) for key in KEYS)
        ledger = self.env.execute_query(
            SQL(
                """SELECT %(keys)s, SUM(dossier_count), SUM(handling_days_sum), SUM(handling_days_count),
                          SUM(satisfaction_sum), SUM(satisfaction_count), SUM(supplement_count)
                     FROM q1_dossier_fact_sum GROUP BY %(keys)s HAVING SUM(dossier_count) <> 0""",
                keys=keys,
            )
        )
        summed = self.env.execute_query(self.env["q1.dossier.fact.sum"]._summed_sql(SQL("TRUE")))
        self.assertEqual(set(ledger), set(summed))
        self.assertEqual(len(ledger), len(summed))

    def test_the_dashboards_counts_from_the_sums_equal_the_dossiers_counted_one_by_one(self):
        self.assertSumsExact()
        [(rows, dossiers)] = self.env.execute_query(
            SQL("SELECT (SELECT count(*) FROM q1_dossier_fact_sum), (SELECT count(*) FROM q1_dossier_fact)")
        )
        self.assertLess(rows, dossiers)
        year = [("received_date", ">=", "2026-01-01"), ("received_date", "<=", "2026-12-31")]
        for user in (self.leader, self.leader_a):
            Report = self.env["q1.dossier.report"].with_user(user)
            for domain in (
                year,
                [],
                [("outcome_code", "in", ("late", "overdue"))],
                [("report_month", "=", "2026-10-01")],
            ):
                for groupby in (
                    [],
                    ["deciding_company_id"],
                    ["outcome_id"],
                    ["deciding_company_id", "outcome_id"],
                    ["received_date:month", "section_id"],
                    ["company_id", "outcome_code"],
                ):
                    self.assertTrue(Report._counts_by_day(domain, groupby, self.MEASURES, (), 0, None, None))
                    counted = Report._read_group(domain, groupby, self.MEASURES)
                    # the same read counted dossier by dossier (an order spelled otherwise, or a having, for no groups)
                    expected = Report._read_group(
                        domain,
                        groupby,
                        self.MEASURES,
                        having=() if groupby else [("__count", ">=", 0)],
                        order=", ".join(f"{spec} asc" for spec in groupby) or None,
                    )
                    self.assertEqual(counted, expected, f"{user.login} {domain} {groupby}")
        # what the sums do not hold is counted dossier by dossier
        Report = self.env["q1.dossier.report"]
        self.assertFalse(Report._counts_by_day(year, ["field_id"], ["__count"], (), 0, None, None))
        self.assertFalse(Report._counts_by_day(year, ["outcome_id"], ["days_late:max"], (), 0, None, None))
        self.assertFalse(Report._counts_by_day([("channel", "=", "online")], [], ["__count"], (), 0, None, None))

    def test_the_sums_follow_every_write_and_the_daily_pass_folds_them(self):
        dossier = self.received("2026-03-02 09:00")
        self.assertSumsExact()
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.officer_a).request_payment("Chờ nộp lệ phí")
        self.assertSumsExact()
        with self.at("2026-03-06 09:00"):
            dossier.with_user(self.officer_a).resume()
        self.finish(dossier, "2026-03-09 10:00")
        # read by the dashboard in the same transaction: counted once, as ended
        groups = (
            self.env["q1.dossier.report"]
            .with_user(self.leader)
            .read_group([("received_date", "=", "2026-03-02")], ["dossier_count:sum"], ["outcome_code"])
        )
        self.assertIn(("early", 1), [(g["outcome_code"], g["dossier_count"]) for g in groups])
        self.assertSumsExact()
        self.env["q1.dossier.fact"].sudo()._check_all()
        self.assertSumsExact()
        [(rows, keys)] = self.env.execute_query(
            SQL(
                "SELECT count(*), count(DISTINCT (%s)) FROM q1_dossier_fact_sum",
                SQL(", ").join(SQL.identifier(key) for key in KEYS),
            )
        )
        self.assertEqual(rows, keys)
