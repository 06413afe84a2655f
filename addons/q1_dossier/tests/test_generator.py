"""The history generator writes dossiers the ORM reads as if the lifecycle had made them."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..core import lifecycle
from ..core.deadline import due_date
from ..core.localtime import to_local
from .common import Q1Case


@tagged("post_install", "-at_install")
class TestGenerator(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Received over the 120 days before 31/03/2026 (a fixed end, not today): Tết 2026 included.
        result = cls.env["q1.dossier.generator"].load(
            300, seed=5, days=120, end=date(2026, 3, 31), company_ids=(cls.ward_a | cls.ward_b).ids
        )
        cls.generated = cls.env["q1.dossier"].search(
            [("company_id", "in", (cls.ward_a | cls.ward_b).ids), ("received_at", "!=", False)]
        )
        cls.count = result["count"]

    def test_rows_read_back_consistently(self):
        self.assertEqual(self.count, 300)
        self.assertEqual(len(self.generated), 300)
        codes = self.generated.mapped("code")
        self.assertEqual(len(set(codes)), 300)
        for dossier in self.generated[:80]:
            self.assertEqual(dossier.state, dossier.stage_id.status)
            self.assertIn(dossier.state, lifecycle.OPEN_STATUSES | lifecycle.CLOSED_STATUSES | {"done"})
            self.assertEqual(dossier.field_id, dossier.procedure_id.field_id)
            self.assertTrue(dossier.code.startswith(dossier.company_id.q1_unit_code + "-"))
            self.assertEqual(dossier.received_date, to_local(dossier.received_at).date())
            if dossier.procedure_id.time_unit == "day":
                days = 0 if dossier.same_day else dossier.time_limit
                self.assertEqual(
                    dossier.original_due_date,
                    due_date(
                        to_local(dossier.received_at), days, dossier.deciding_company_id.q1_work_calendar_id._to_core()
                    ),
                )
            self.assertEqual(dossier.current_step_id, dossier.step_ids.sorted("sequence")[-1:])
            self.assertEqual(bool(dossier.submitted_at), dossier.channel == "online")

    def test_stored_computed_fields_equal_a_recomputation(self):
        sample = self.generated[:60]
        stored = [(d.supplement_count, [s.result for s in d.step_ids], d.step_ids.mapped("company_id")) for d in sample]
        self.env.add_to_compute(self.env["q1.dossier"]._fields["supplement_count"], sample)
        self.env.add_to_compute(self.env["q1.dossier.step"]._fields["result"], sample.step_ids)
        sample._recompute_recordset(["supplement_count"])
        sample.step_ids._recompute_recordset(["result"])
        self.assertEqual(
            stored,
            [
                (
                    d.supplement_count,
                    [s.result for s in d.step_ids],
                    d.deciding_company_id if d.step_ids else d.step_ids.mapped("company_id"),
                )
                for d in sample
            ],
        )

    def test_a_new_reception_continues_the_daily_sequence(self):
        last = self.generated.sorted("received_at")[-1]
        day = to_local(last.received_at)
        same_day = self.generated.filtered(
            lambda d: d.company_id == last.company_id and d.received_date == last.received_date
        )
        dossier = self.make_dossier(user=self.reception_a if last.company_id == self.ward_a else self.reception_b)
        self.receive_at(
            dossier,
            day.strftime("%Y-%m-%d 16:50"),
            user=self.reception_a if last.company_id == self.ward_a else self.reception_b,
        )
        self.assertTrue(dossier.code.endswith(f"-{len(same_day) + 1:04d}"), dossier.code)

    def test_only_administrators_generate(self):
        with self.assertRaises(AccessError):
            self.env["q1.dossier.generator"].with_user(self.leader_a).load(1)
