"""Quality objectives (ISO 9001 6.2, 9.1): monthly values computed from dossiers driven through the real lifecycle
equal counts made by hand; statuses; the drill-down opens exactly the dossiers counted; a closed month keeps its
value; unit rules and RPC checks."""

import contextlib
import json
from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.q1_dossier.tests.common import join_or_stack, start_in_thread, wait_for_lock
from odoo.addons.q1_reporting.tests.common import Q1ReportingCase

MEASURES = ("on_time_rate", "average_days", "online_share", "digitised_share", "satisfaction")


class ObjectivesCase(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.iso_secretary_a = new_test_user(
            cls.env,
            login="q1_iso_secretary_a",
            groups="mgmtsystem.group_mgmtsystem_manager,q1_dossier.group_q1_processing",
            name="Đặng Thư Ký",
            company_id=cls.ward_a.id,
            company_ids=[(6, 0, cls.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )

    @classmethod
    def objective(cls, company, year=2026, convention="calendar", targets=None):
        """An objective of ``company`` for ``year`` with one indicator per dossier measure."""
        targets = targets or {}
        defaults = {
            "on_time_rate": (98.0, "min", 1.0),
            "average_days": (5.0, "max", 0.5),
            "online_share": (40.0, "min", 5.0),
            "digitised_share": (10.0, "min", 0.0),
            "satisfaction": (95.0, "min", 0.0),
        }
        defaults.update(targets)
        return cls.env["mgmtsystem.objective"].create(
            {
                "name": f"Mục tiêu chất lượng năm {year}",
                "company_id": company.id,
                "q1_year": year,
                "q1_convention": convention,
                "indicator_ids": [
                    (
                        0,
                        0,
                        {
                            "name": code,
                            "q1_measure": code,
                            "q1_target": target,
                            "q1_direction": direction,
                            "q1_margin": margin,
                            "state": "active",
                        },
                    )
                    for code, (target, direction, margin) in defaults.items()
                ],
            }
        )

    @staticmethod
    def indicator(objective, code):
        return objective.indicator_ids.filtered(lambda i: i.q1_measure == code)

    @staticmethod
    def month(indicator, month):
        return indicator.value_ids.filtered(lambda v: v.q1_month == month)

    @staticmethod
    def ids_of(domain):
        ((field, operator, ids),) = domain
        assert (field, operator) == ("id", "in")
        return set(ids)


@tagged("post_install", "-at_install")
class TestObjectives(ObjectivesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Ward A, procedure of 5 working days. March 2026 (calendar month):
        # carried: received Wed 25/02 (due Wed 04/03), result Tue 03/03: on time, not received in March
        cls.carried = cls.finish(cls.received("2026-02-25 09:00"), "2026-03-03 10:00")
        # early: received Mon 02/03, result Wed 04/03 (2 working days), returned electronically, "satisfied"
        cls.early = cls.finish(cls.received("2026-03-02 09:00"), "2026-03-04 10:00")
        # late: received Mon 02/03 (due Mon 09/03), result Thu 12/03 (8 working days)
        cls.late = cls.finish(cls.received("2026-03-02 09:10"), "2026-03-12 10:00")
        # online: received Tue 03/03, result Thu 05/03 (2 days), returned electronically, rated "not satisfied"
        cls.online = cls.finish(cls.received("2026-03-03 09:00", channel="online"), "2026-03-05 10:00")
        # online_open: received online Mon 16/03, result Wed 18/03 (2 days), not returned (no electronic result)
        cls.online_open = cls.finish(cls.received("2026-03-16 09:00", channel="online"), "2026-03-18 10:00")
        # pending: received Mon 30/03 (due 06/04): pending within its time at the end of March
        cls.pending = cls.received("2026-03-30 09:00")
        with cls.at("2026-03-06 09:00"):
            cls.early.with_user(cls.reception_a).return_result("electronic", "Lê Thị Công Dân")
            cls.early.with_user(cls.reception_a).rate("satisfied")
            cls.online.with_user(cls.reception_a).return_result("electronic", "Lê Thị Công Dân")
            cls.online.with_user(cls.reception_a).rate("not_satisfied")
        # ward B's dossier of March: never counted for ward A
        cls.other_unit = cls.finish(cls.received("2026-03-02 09:00", ward="b"), "2026-03-20 10:00")
        cls.obj_a = cls.objective(cls.ward_a)
        with cls.at("2026-04-05 09:00"):
            cls.obj_a.with_user(cls.leader_a).action_q1_recompute()

    def test_march_values_equal_hand_counts(self):
        # Hand counts over ward A's dossiers of March (see setUpClass):
        table = {self.carried, self.early, self.late, self.online, self.online_open, self.pending}
        received = table - {self.carried}
        on_time = table - {self.late}
        finished_in_march = {self.early: 2, self.late: 8, self.online: 2, self.online_open: 2}
        expected = {
            # (value, numerator, denominator, dossiers behind the figure, dossiers of the numerator)
            "on_time_rate": (100.0 * 5 / 6, 5, 6, table, on_time),
            "average_days": (14 / 4, 14, 4, set(finished_in_march), set(finished_in_march)),
            "online_share": (100.0 * 2 / 5, 2, 5, received, {self.online, self.online_open}),
            # online (digitised) and returned electronically: only "online"
            "digitised_share": (100.0 * 1 / 5, 1, 5, received, {self.online}),
            # 1 - (1 late + 1 not satisfied) / 6
            "satisfaction": (100.0 * 4 / 6, 4, 6, table, table - {self.late, self.online}),
        }
        for code, (value, numerator, denominator, behind, counted) in expected.items():
            with self.subTest(code=code):
                march = self.month(self.indicator(self.obj_a, code), 3)
                self.assertEqual(len(march), 1)
                self.assertAlmostEqual(march.value, value, places=3)
                self.assertEqual((march.q1_numerator, march.q1_denominator), (numerator, denominator))
                self.assertEqual((march.q1_date_from, march.q1_date_to), (date(2026, 3, 1), date(2026, 3, 31)))
                self.assertEqual(march.q1_model, "q1.dossier")
                self.assertEqual(self.ids_of(json.loads(march.q1_domain)), {d.id for d in behind})
                self.assertEqual(self.ids_of(json.loads(march.q1_numerator_domain)), {d.id for d in counted})

    def test_the_registry_agrees_with_the_statutory_indices(self):
        # the same rules as the 766 indices of the handling report, never a second implementation
        wizard = self.env["q1.handling.report.wizard"].create(
            {
                "company_ids": [(6, 0, self.ward_a.ids)],
                "period_kind": "custom",
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
            }
        )
        indices = {result.code: result for result in wizard._index_results()[self.ward_a.id]}
        Measure = self.env["q1.quality.measure"]
        for code, index in (
            ("on_time_rate", "2.1"),
            ("average_days", "2.2"),
            ("online_share", "3.3"),
            ("digitised_share", "4.2"),
            ("satisfaction", "5.4"),
        ):
            with self.subTest(code=code):
                result = Measure._q1_compute(code, self.ward_a, date(2026, 3, 1), date(2026, 3, 31))
                self.assertEqual(
                    (result["numerator"], result["denominator"]),
                    (indices[index].numerator, indices[index].denominator),
                )

    def test_months_statuses_and_year(self):
        status = {code: self.month(self.indicator(self.obj_a, code), 3).q1_status for code in MEASURES}
        self.assertEqual(
            status,
            {
                "on_time_rate": "missed",  # 83.3 < 98
                "average_days": "met",  # 3.5 <= 5 - 0.5
                "online_share": "at_risk",  # 40 >= 40 but < 40 + 5
                "digitised_share": "met",  # 20 >= 10
                "satisfaction": "missed",  # 66.7 < 95
            },
        )
        on_time = self.indicator(self.obj_a, "on_time_rate")
        # a value for each month begun by 05/04: January to April; January and February without dossiers
        self.assertEqual(sorted(on_time.value_ids.mapped("q1_month")), [1, 2, 3, 4])
        january = self.month(on_time, 1)
        self.assertEqual((january.q1_has_data, january.q1_status, january.value_state), (False, "no_data", "no_target"))
        # the year (01/01 to 05/04): February's carried dossier was pending within its time at the end of February
        self.assertEqual(on_time.q1_year_status, "missed")
        self.assertEqual((on_time.q1_year_numerator, on_time.q1_year_denominator), (5, 6))
        self.assertEqual(self.obj_a.q1_status, "missed")
        # OCA's own target check agrees: 83.3 below a minimum of 98
        self.assertEqual((on_time.has_min_target, on_time.min_target_value), (True, 98.0))
        self.assertEqual(self.month(on_time, 3).value_state, "below_target")

    def test_drill_down_opens_exactly_the_counted_dossiers(self):
        march = self.month(self.indicator(self.obj_a, "on_time_rate"), 3).with_user(self.leader_a)
        action = march.action_q1_open_records()
        self.assertEqual(action["res_model"], "q1.dossier")
        found = self.env["q1.dossier"].with_user(self.leader_a).search(action["domain"])
        self.assertEqual(found, self.carried | self.early | self.late | self.online | self.online_open | self.pending)
        numerator = self.env["q1.dossier"].search(march.action_q1_open_numerator()["domain"])
        self.assertNotIn(self.late, numerator)
        self.assertEqual(len(numerator), march.q1_numerator)

    def test_a_closed_month_keeps_its_value_and_shows_the_recount(self):
        on_time = self.indicator(self.obj_a, "on_time_rate")
        march = self.month(on_time, 3)
        with self.at("2026-04-05 10:00"):
            march.with_user(self.leader_a).post()
        self.assertEqual(march.state, "posted")
        self.assertEqual(march.q1_closed_by_id, self.leader_a)
        before = (march.value, march.q1_numerator, march.q1_denominator, march.q1_domain)
        # a late dossier of March comes to light after the closing (received 16/03, result 27/03)
        self.finish(self.received("2026-03-16 09:30"), "2026-03-27 10:00")
        messages = len(on_time.message_ids)
        with self.at("2026-04-06 09:00"):
            self.obj_a.with_user(self.iso_secretary_a).action_q1_recompute()
        self.assertEqual((march.value, march.q1_numerator, march.q1_denominator, march.q1_domain), before)
        self.assertTrue(march.q1_recount_differs)
        self.assertEqual((march.q1_recount_numerator, march.q1_recount_denominator), (5, 7))
        self.assertAlmostEqual(march.q1_recount_value, 100.0 * 5 / 7, places=3)
        self.assertEqual(len(on_time.message_ids), messages + 1)
        # the same recount again is not logged twice
        with self.at("2026-04-07 09:00"):
            self.obj_a.with_user(self.leader_a).action_q1_recompute()
        self.assertEqual(len(on_time.message_ids), messages + 1)
        # nobody writes a closed month's figures over RPC
        with self.assertRaises(UserError):
            march.with_user(self.iso_secretary_a).write({"value": 99.0})

    def test_the_daily_pass_closes_months_past_the_delay(self):
        with self.at("2026-04-12 09:00"):
            self.env["mgmtsystem.objective"]._q1_cron_recompute()
        on_time = self.indicator(self.obj_a, "on_time_rate")
        # 31/03 + 10 days = 10/04 < 12/04: January to March closed, April open
        self.assertEqual(
            {v.q1_month: v.state for v in on_time.value_ids},
            {1: "posted", 2: "posted", 3: "posted", 4: "draft"},
        )

    def test_cutoff_months(self):
        objective = self.objective(self.ward_a, convention="cutoff")
        with self.at("2026-04-05 09:00"):
            objective.with_user(self.leader_a).action_q1_recompute()
        march = self.month(self.indicator(objective, "online_share"), 3)
        # 15/02-14/03: received early, late, online (the carried one came on 25/02: also received in the window)
        self.assertEqual((march.q1_date_from, march.q1_date_to), (date(2026, 2, 15), date(2026, 3, 14)))
        self.assertEqual(
            self.ids_of(json.loads(march.q1_domain)), {d.id for d in (self.carried, self.early, self.late, self.online)}
        )
        self.assertEqual((march.q1_numerator, march.q1_denominator), (1, 4))


@tagged("post_install", "-at_install")
class TestObjectivesRules(ObjectivesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.obj_a = cls.objective(cls.ward_a)
        cls.obj_b = cls.objective(cls.ward_b)
        with cls.at("2026-03-10 09:00"):
            (cls.obj_a | cls.obj_b).indicator_ids._q1_recompute()

    def test_unit_rules(self):
        Objective = self.env["mgmtsystem.objective"]
        self.assertEqual(Objective.with_user(self.leader_a).search([]), self.obj_a)
        self.assertEqual(Objective.with_user(self.leader_b).search([]), self.obj_b)
        values = self.env["mgmtsystem.indicator.value"].with_user(self.leader_b).search([])
        self.assertTrue(values)
        self.assertEqual(values.company_id, self.ward_b)
        indicators = self.env["mgmtsystem.indicator"].with_user(self.iso_secretary_a).search([])
        self.assertEqual(indicators, self.obj_a.indicator_ids)

    def test_another_units_leader_cannot_recompute_or_close(self):
        with self.assertRaises(AccessError):
            self.obj_a.with_user(self.leader_b).action_q1_recompute()
        with self.assertRaises(AccessError):
            self.obj_a.indicator_ids[0].with_user(self.leader_b).action_q1_recompute()
        with self.assertRaises(AccessError):
            self.obj_a.indicator_ids.value_ids[:1].with_user(self.leader_b).post()
        # an officer (OCA's "User") is not a leader or the ISO secretary
        with self.assertRaises(AccessError):
            self.obj_a.with_user(self.officer_a).action_q1_recompute()
        with self.assertRaises(AccessError):
            self.obj_a.indicator_ids.value_ids[:1].with_user(self.officer_a).post()
        self.assertFalse(self.obj_a.indicator_ids.value_ids.filtered(lambda v: v.state == "posted"))

    def test_figures_and_facts_are_not_written_directly(self):
        value = self.month(self.indicator(self.obj_a, "on_time_rate"), 3).with_user(self.iso_secretary_a)
        for vals in ({"value": 99.0}, {"q1_numerator": 1}, {"q1_status": "met"}, {"state": "posted"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                value.write(vals)
        # a comment on the month is the secretary's to write
        value.write({"comment": "Đã họp rút kinh nghiệm"})
        with self.assertRaises(UserError):
            value.unlink()
        with self.assertRaises(UserError):
            self.env["mgmtsystem.indicator.value"].with_user(self.iso_secretary_a).create(
                {"indicator_id": value.indicator_id.id, "date": date(2026, 5, 1), "value": 100.0}
            )
        objective = self.obj_a.with_user(self.iso_secretary_a)
        for vals in ({"company_id": self.ward_b.id}, {"q1_year": 2025}, {"q1_status": "met"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                objective.write(vals)
        with self.assertRaises(UserError):
            value.indicator_id.write({"q1_year_value": 100.0})

    def test_a_running_month_is_not_closed(self):
        march = self.month(self.indicator(self.obj_a, "on_time_rate"), 3)
        with self.at("2026-03-31 16:00"), self.assertRaises(UserError):
            march.with_user(self.leader_a).post()
        self.assertEqual(march.state, "draft")
        with self.at("2026-04-01 09:00"):
            march.with_user(self.leader_a).post()
        self.assertEqual(march.state, "posted")

    def test_target_is_fixed_once_a_month_is_closed(self):
        indicator = self.indicator(self.obj_a, "on_time_rate").with_user(self.iso_secretary_a)
        indicator.write({"q1_target": 97.0})  # no month closed yet
        self.assertEqual(indicator.min_target_value, 97.0)
        # the open months are judged against the new target at once
        march = self.month(indicator, 3)
        self.assertFalse(march.q1_has_data)
        with self.at("2026-03-10 10:00"):
            self.finish(self.received("2026-03-02 09:00"), "2026-03-04 10:00")
            indicator.action_q1_recompute()
        self.assertEqual((march.value, march.q1_status), (100.0, "met"))
        indicator.write({"q1_target": 100.0, "q1_margin": 1.0})
        self.assertEqual((march.q1_status, indicator.q1_year_status), ("at_risk", "at_risk"))
        with self.at("2026-03-10 10:00"):
            self.month(indicator, 2).post()
        with self.assertRaises(UserError):
            indicator.write({"q1_target": 90.0})

    def test_bad_input(self):
        Indicator = self.env["mgmtsystem.indicator"].with_user(self.iso_secretary_a)
        for vals in (
            {"q1_measure": "on_time_rate", "q1_target": 150.0},
            {"q1_measure": "average_days", "q1_target": -1.0},
            {"q1_measure": "on_time_rate", "q1_target": 90.0, "q1_margin": -2.0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError), self.cr.savepoint():
                Indicator.create({"name": "x", "objective_id": self.obj_a.id, **vals})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["mgmtsystem.objective"].with_user(self.iso_secretary_a).create(
                {"name": "x", "company_id": self.ward_a.id, "q1_year": 20260}
            )
        # an objective of another unit is refused
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["mgmtsystem.objective"].with_user(self.iso_secretary_a).create(
                {"name": "x", "company_id": self.ward_b.id, "q1_year": 2026}
            )
        with self.assertRaises(UserError):
            self.env["q1.quality.measure"]._q1_compute("coffee", self.ward_a, date(2026, 3, 1), date(2026, 3, 31))
        with self.assertRaises(UserError):
            self.env["q1.quality.measure"]._q1_compute("on_time_rate", self.ward_a, date(2026, 3, 31), date(2026, 3, 1))

    def test_one_value_per_month(self):
        value = self.month(self.indicator(self.obj_a, "on_time_rate"), 3)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.cr.savepoint():
            value.sudo().copy({"q1_month": 3})
        # recomputing twice leaves one value per month
        with self.at("2026-03-11 09:00"):
            self.obj_a._q1_cron_recompute()
        months = self.indicator(self.obj_a, "on_time_rate").value_ids.mapped("q1_month")
        self.assertEqual(sorted(months), [1, 2, 3])

    def test_deleting_an_objective(self):
        objective = self.obj_b.with_user(
            self.iso_secretary_a.sudo().copy(
                {"login": "q1_iso_b", "company_id": self.ward_b.id, "company_ids": [(6, 0, self.ward_b.ids)]}
            )
        )
        indicator = self.indicator(self.obj_a, "on_time_rate")
        with self.at("2026-03-10 10:00"):
            self.month(indicator, 1).with_user(self.leader_a).post()
        with self.assertRaises(UserError):
            self.obj_a.with_user(self.iso_secretary_a).unlink()
        with self.assertRaises(UserError):
            indicator.with_user(self.iso_secretary_a).unlink()
        # an objective without a closed month goes with its indicators and computed months
        values = objective.indicator_ids.value_ids
        self.assertTrue(values)
        objective.unlink()
        self.assertFalse(values.exists())

    def test_changing_the_measure_recounts_the_open_months(self):
        indicator = self.indicator(self.obj_a, "online_share").with_user(self.iso_secretary_a)
        self.assertEqual(len(indicator.value_ids), 3)
        indicator.write({"q1_measure": "digitised_share"})
        self.assertFalse(indicator.value_ids)
        with self.at("2026-03-10 10:00"):
            indicator.action_q1_recompute()
        self.assertEqual(len(indicator.value_ids), 3)
        self.assertEqual(set(indicator.value_ids.mapped("q1_measure")), {"digitised_share"})

    def test_an_objective_on_nonconformities_opens_them(self):
        # interface 2 with the nonconformities' measure: a nonconformity raised on 02/03, open past its due date
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-02 10:00"):
            nc = self.env["mgmtsystem.nonconformity"]._q1_raise(dossier, "manual", "Thiếu phiếu kiểm soát")
        due = nc.q1_close_due
        objective = self.env["mgmtsystem.objective"].create(
            {
                "name": "Khắc phục đúng hạn",
                "company_id": self.ward_a.id,
                "q1_year": 2026,
                "indicator_ids": [(0, 0, {"name": "NC", "q1_measure": "nc_closed_on_time", "q1_target": 90})],
            }
        )
        with self.at(f"{due.year}-{due.month + 1:02d}-05 09:00"):
            objective.with_user(self.leader_a).action_q1_recompute()
        month = self.month(objective.indicator_ids, due.month)
        self.assertEqual((month.q1_numerator, month.q1_denominator, month.q1_status), (0, 1, "missed"))
        action = month.with_user(self.leader_a).action_q1_open_records()
        self.assertEqual(action["res_model"], "mgmtsystem.nonconformity")
        self.assertEqual(self.env["mgmtsystem.nonconformity"].search(action["domain"]), nc)

    def test_dashboard_opens_for_a_leader_with_this_months_figures(self):
        action = self.env.ref("q1_quality.q1_dashboard_action")
        Indicator = self.env["mgmtsystem.indicator"].with_user(self.leader)  # leader of wards A and B
        views = Indicator.get_views(
            [(view.view_id.id, view.view_mode) for view in action.view_ids] + [(False, "search")]
        )
        self.assertIn("kanban", views["views"])
        with self.at("2026-03-10 09:00"):
            groups = Indicator.with_context(allowed_company_ids=(self.ward_a | self.ward_b).ids).web_read_group(
                [("q1_measure", "!=", False), ("q1_year", "=", 2026)], ["company_id"], ["company_id"]
            )["groups"]
            self.assertEqual(
                {g["company_id"][0]: g["company_id_count"] for g in groups}, {self.ward_a.id: 5, self.ward_b.id: 5}
            )
            on_time = self.indicator(self.obj_a, "on_time_rate").with_user(self.leader)
            # this month is March, begun on 01/03: its value and status
            self.assertEqual(on_time.q1_month_value_id, self.month(on_time, 3))
            self.assertEqual(on_time.q1_month_status, self.month(on_time, 3).q1_status)
        values = self.env["mgmtsystem.indicator.value"].with_user(self.leader)
        self.assertTrue(values.get_views([(False, "graph"), (False, "pivot"), (False, "list")])["views"])


@tagged("post_install", "-at_install")
class TestObjectivesConcurrency(TransactionCase):
    """Two recomputations of the same indicator at once (the daily pass and a leader's button): the second waits
    for the first, then fails with PostgreSQL's serialization error, which Odoo retries for a request (the retry
    finds the months made); never a second value for a month."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _recompute(self, cr, indicator_id):
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        env["mgmtsystem.indicator"].browse(indicator_id)._q1_recompute(today=date(2026, 3, 10))

    @mute_logger("odoo.sql_db")
    def test_two_recomputations_at_once_make_one_value_per_month(self):
        setup, cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor(), self._cursor()
        objective_id = None
        try:
            env = api.Environment(setup, SUPERUSER_ID, {"tracking_disable": True})
            objective = env["mgmtsystem.objective"].create(
                {
                    "name": "Thử đồng thời",
                    "company_id": env.ref("base.main_company").id,
                    "q1_year": 2026,
                    "indicator_ids": [(0, 0, {"name": "Đúng hạn", "q1_measure": "on_time_rate", "q1_target": 98})],
                }
            )
            objective_id, indicator_id = objective.id, objective.indicator_ids.id
            setup.commit()
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            cr_b.execute("SELECT 1 FROM mgmtsystem_indicator LIMIT 1")  # B's snapshot starts before A commits
            # B's transaction gets its registry here: the loading thread holds the registries' lock
            api.Environment(cr_b, SUPERUSER_ID, {})

            def recompute_in_b():
                self._recompute(cr_b, indicator_id)
                cr_b.commit()

            self._recompute(cr_a, indicator_id)
            thread, outcome, b_done = start_in_thread(recompute_in_b)
            waited = wait_for_lock(probe, b_pid, b_done)
            self.assertEqual(waited, "Lock", f"B never waited for A: {outcome}")
            cr_a.commit()
            if stack := join_or_stack(thread):
                self.fail(f"B is still blocked after A ended:\n{stack}")
            # B lost the race: a serialization failure, which Odoo retries for a request; a retry works
            self.assertIsInstance(outcome.get("error"), psycopg2.errors.SerializationFailure)
            cr_b.rollback()
            self._recompute(cr_b, indicator_id)
            cr_b.commit()
            probe.execute(
                "SELECT q1_month, count(*) FROM mgmtsystem_indicator_value "
                "WHERE indicator_id = %s GROUP BY 1 ORDER BY 1",
                (indicator_id,),
            )
            self.assertEqual(probe.fetchall(), [(1, 1), (2, 1), (3, 1)])
            probe.rollback()
        finally:
            for cr in (cr_a, cr_b, probe):
                with contextlib.suppress(psycopg2.Error):
                    cr.rollback()
            if objective_id:
                setup.execute(
                    "DELETE FROM mgmtsystem_indicator_value WHERE indicator_id IN "
                    "(SELECT id FROM mgmtsystem_indicator WHERE objective_id = %s)",
                    (objective_id,),
                )
                setup.execute("DELETE FROM mgmtsystem_indicator WHERE objective_id = %s", (objective_id,))
                setup.execute("DELETE FROM mgmtsystem_objective WHERE id = %s", (objective_id,))
                setup.commit()
            for cr in (setup, cr_a, cr_b, probe):
                cr.close()
