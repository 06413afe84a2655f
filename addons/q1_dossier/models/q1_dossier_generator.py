import io
import random
import time as clock
from datetime import datetime, time, timedelta
from itertools import islice

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..core.generator import HistoryGenerator, ProcedureSpec, StepSpec, UnitSpec
from ..core.localtime import to_local, to_utc
from ..core.synthetic import SyntheticApplicants

DOSSIER_COLUMNS = (
    "id",
    "code",
    "company_id",
    "deciding_company_id",
    "procedure_id",
    "field_id",
    "stage_id",
    "state",
    "channel",
    "user_id",
    "applicant_type",
    "applicant_name",
    "applicant_id_number",
    "applicant_sex",
    "applicant_birth_date",
    "applicant_phone",
    "applicant_address",
    "received_at",
    "received_date",
    "received_by_id",
    "time_limit",
    "time_unit",
    "same_day",
    "due_date",
    "original_due_date",
    "statistical_due_date",
    "promised_date",
    "appointment_at",
    "supplement_count",
    "extension_state",
    "extension_reason",
    "extension_date",
    "finished_at",
    "closing_reason",
    "returned_at",
    "return_method",
    "returned_to",
    "rating",
    "rating_date",
    "rating_channel",
    "digitised",
    "submitted_at",
    "escalation_level",
    "fee_amount",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)
STEP_COLUMNS = (
    "id",
    "dossier_id",
    "company_id",
    "procedure_step_id",
    "sequence",
    "name",
    "department_id",
    "handed_by_id",
    "handed_at",
    "user_id",
    "taken_at",
    "planned_end",
    "finished_at",
    "result",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)
PAUSE_COLUMNS = (
    "id",
    "dossier_id",
    "kind",
    "paused_at",
    "resumed_at",
    "reason",
    "missing_items",
    "requested_by_id",
    "due_before",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)
# Counter demo (load_demo_counter): relative volumes at a ward counter (certification dominates, then civil
# status) and the share of organisations among applicants, by national procedure code.
DEMO_WEIGHTS = {
    "2.000815": 30,
    "2.000884": 14,
    "2.001035": 5,
    "2.001019": 2,
    "2.000908": 3,
    "1.001193": 10,
    "1.000894": 5,
    "1.000656": 4,
    "2.000635": 8,
    "1.004873": 8,
    "1.004884": 2,
    "1.004222": 6,
    "1.003677": 3,
    "1.001612": 5,
    "2.000575": 4,
    "1.013225": 3,
    "1.001776": 2,
    "1.001699": 2,
}
DEMO_ORGANISATION_SHARE = {"2.001035": 0.3, "2.000815": 0.08, "2.000884": 0.1, "2.000575": 0.6, "1.013225": 0.15}
DEMO_REFUSALS = [
    "Bản chính giấy tờ bị tẩy xóa, sửa chữa, không xác định được nội dung (Điều 22 Nghị định số 23/2015/NĐ-CP).",
    "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường; đã hướng dẫn người yêu cầu "
    "liên hệ cơ quan có thẩm quyền.",
    "Người nộp hồ sơ không phải là người có quyền yêu cầu và không có văn bản ủy quyền hợp lệ.",
    "Giấy tờ tùy thân xuất trình đã hết giá trị sử dụng.",
]
# Generated receiving units (_ensure_units): their official codes, in a range of their own beside the demo wards'
# H29.39.01-04, and their kind by number (Ho Chi Minh City since 1 July 2025: 113 wards, 54 communes, 1 special
# zone; the names are generated, not the real ones).
GENERATED_UNIT_CODE = "H29.99.{:03d}"
GENERATED_UNIT_KINDS = ((113, "Phường"), (167, "Xã"), (10**6, "Đặc khu"))
# Generated instants are local; these columns store UTC.
LOCAL_INSTANTS = {
    "received_at",
    "submitted_at",
    "finished_at",
    "returned_at",
    "rating_date",
    "handed_at",
    "taken_at",
    "planned_end",
    "paused_at",
    "resumed_at",
}


def _copy_text(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Q1DossierGenerator(models.AbstractModel):
    """Fills the database with generated dossier histories (``core.generator``) for demo data and load tests.

    Rows are written with PostgreSQL COPY, every stored column filled as the ORM would have (stored computed
    and related fields included), ids reserved from the sequences, codes continuing each unit's daily sequence
    and the code counters advanced, so that later receptions go on where the history stops. No chatter
    messages, followers or activities are written: the history is data, not events.
    """

    _name = "q1.dossier.generator"
    _description = "Dossier History Generator"

    @api.model
    def load(self, count, seed=2026, days=300, end=None, company_ids=None, batch=50000):
        """Generate ``count`` dossiers received over the ``days`` days before ``end`` (default today)."""
        self._check_generate_access()
        units = self._unit_specs(company_ids)
        procedures = self._procedure_specs()
        if not units or not procedures:
            return 0
        self.env.flush_all()
        end = end or to_local(fields.Datetime.now()).date()
        generator = HistoryGenerator(units, procedures, end, days, seed, first_seq=self._last_sequences())
        lookups = {
            "stages": self._stages(),
            "clocks": {
                company.id: company.q1_work_calendar_id._appointment_clock()
                for company in self.env["res.company"].sudo().browse(u.id for u in units)
            },
            "fees": {p.id: p.fee_amount for p in self.env["q1.procedure"].sudo().search([])},
        }
        histories = generator.histories(count)
        written, started = 0, clock.perf_counter()
        while written < count:
            chunk = list(islice(histories, min(batch, count - written)))
            self._write(chunk, lookups)
            written += len(chunk)
        self._advance_counters(generator.seq)
        self.env.invalidate_all()
        self._after_bulk_write()
        return {"count": written, "seconds": clock.perf_counter() - started}

    def _after_bulk_write(self):
        """After histories were copied in bulk, past the ORM: what depends on the tables is brought up to date."""
        self.env.cr.execute("ANALYZE q1_dossier; ANALYZE q1_dossier_step; ANALYZE q1_dossier_pause")

    @api.model
    def _ensure_units(self, count):
        """Receiving units up to ``count``, for a province-scale history (since 1 July 2025 Ho Chi Minh City has
        168 wards, communes and a special zone on one system): the units that can receive are kept, and generated
        ones are added as the demo wards are, a company with the state working calendar and its unit code, each
        with a reception officer and a processing officer (``load`` draws receivers and holders from a unit's
        staff). Idempotent: a generated unit is found again by its code. Returns the receiving units."""
        self._check_generate_access()
        Company = self.env["res.company"].sudo()
        domain = [("q1_unit_code", "!=", False), ("q1_work_calendar_id", "!=", False)]
        units = Company.search(domain, order="id")
        missing = count - len(units)
        if missing <= 0:
            return units
        calendar = self.env.ref("q1_dossier.q1_work_calendar_state")
        currency = self.env.ref("base.VND", raise_if_not_found=False)
        country = self.env.ref("base.vn", raise_if_not_found=False)
        taken = set(
            Company.with_context(active_test=False).search([("q1_unit_code", "!=", False)]).mapped("q1_unit_code")
        )
        values, number = [], len(units)
        while len(values) < missing:
            number += 1
            code = GENERATED_UNIT_CODE.format(number)
            if code in taken:
                continue
            kind = GENERATED_UNIT_KINDS[-1][1]
            kind = next((name for last, name in GENERATED_UNIT_KINDS if number <= last), kind)
            place = f"{kind} {number}"
            values.append(
                {
                    "name": f"Trung tâm Phục vụ hành chính công {place[0].lower()}{place[1:]}",
                    "q1_authority_name": f"ỦY BAN NHÂN DÂN {place.upper()}",
                    "q1_place_name": place,
                    "q1_unit_code": code,
                    "q1_work_calendar_id": calendar.id,
                    "currency_id": currency.id if currency else False,
                    "country_id": country.id if country else False,
                    "city": "Thành phố Hồ Chí Minh",
                }
            )
        created = Company.create(values)
        groups = {
            "tiepnhan": self.env.ref("q1_dossier.group_q1_reception"),
            "chuyenvien": self.env.ref("q1_dossier.group_q1_processing"),
        }
        titles = {"tiepnhan": "Cán bộ tiếp nhận", "chuyenvien": "Chuyên viên"}
        users = []
        for company in created:
            slug = company.q1_unit_code.replace(".", "").lower()
            for role, group in groups.items():
                users.append(
                    {
                        "name": f"{titles[role]} {company.q1_place_name}",
                        "login": f"{role}.{slug}",
                        "lang": self.env["res.lang"]._get_code("vi_VN") or "en_US",
                        "tz": "Asia/Ho_Chi_Minh",
                        "company_id": company.id,
                        "company_ids": [fields.Command.set(company.ids)],
                        "groups_id": [fields.Command.set([self.env.ref("base.group_user").id, group.id])],
                    }
                )
        self.env["res.users"].sudo().with_context(no_reset_password=True).create(users)
        return units | created

    def _check_generate_access(self):
        if not (self.env.su or self.env.user.has_group("q1_dossier.group_q1_manager")):
            raise AccessError(self.env._("Only an administrator of the one-stop shop may generate dossiers."))

    # ------------------------------------------------------------------ what exists

    def _unit_specs(self, company_ids):
        domain = [("q1_unit_code", "!=", False), ("q1_work_calendar_id", "!=", False)]
        if company_ids:
            domain.append(("id", "in", list(company_ids)))
        Users = self.env["res.users"].sudo()
        specs = []
        for company in self.env["res.company"].sudo().search(domain, order="id"):
            staff = Users.search([("company_ids", "in", company.id), ("share", "=", False)])
            receivers = staff.filtered(lambda u: u.has_group("q1_dossier.group_q1_reception")) or staff
            officers = staff.filtered(lambda u: u.has_group("q1_dossier.group_q1_processing")) or staff
            if not staff:
                continue
            calendar = company.q1_work_calendar_id
            specs.append(
                UnitSpec(
                    company.id,
                    company.q1_unit_code,
                    calendar._to_core(),
                    company.q1_place_name or "",
                    tuple(receivers.ids),
                    tuple(officers.ids),
                    calendar._cutoff_time(),
                    company.q1_code_pattern or UnitSpec.pattern,
                    calendar._appointment_clock(),
                )
            )
        return specs

    def _procedure_specs(self):
        specs = []
        # the catalogue: a few hundred procedures at most
        for procedure in self.env["q1.procedure"].sudo().search([]):  # pylint: disable=no-search-all
            steps = tuple(
                StepSpec(s.name, s.time_budget, s.time_unit, s.department_id.id or None, s.stage_id.id or None, s.id)
                for s in procedure.step_ids
            )
            specs.append(
                ProcedureSpec(
                    procedure.id,
                    procedure.field_id.id,
                    procedure.time_limit,
                    procedure.time_unit or "day",
                    procedure.same_day,
                    tuple(procedure._allowed_channels()) or ("direct",),
                    1.0,
                    steps,
                )
            )
        return specs

    def _last_sequences(self):
        # The counter keeps one row per number issued: the last number of a unit's day is the highest.
        self.env.cr.execute(
            "SELECT company_id, day, MAX(last_seq) FROM q1_dossier_code_counter GROUP BY company_id, day"
        )
        return {(company, day): seq for company, day, seq in self.env.cr.fetchall()}

    def _stages(self):
        Stage = self.env["q1.dossier.stage"].sudo()
        return {
            status: Stage._for_status(status).id
            for status in (
                "received",
                "processing",
                "supplement",
                "payment",
                "stopped",
                "done",
                "returned",
                "withdrawn",
                "refused",
            )
        }

    # ------------------------------------------------------------------ writing

    def _reserve_ids(self, table, count):
        if not count:
            return iter(())
        # One nextval per row: ids taken by concurrent inserts meanwhile are skipped, never handed out twice.
        self.env.cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)", (f"{table}_id_seq", count))
        return iter([row[0] for row in self.env.cr.fetchall()])

    def _write(self, histories, lookups):
        stages = lookups["stages"]
        now = fields.Datetime.now()
        uid = self.env.uid
        dossier_ids = self._reserve_ids("q1_dossier", len(histories))
        step_ids = self._reserve_ids("q1_dossier_step", sum(len(h.steps) for h in histories))
        pause_ids = self._reserve_ids("q1_dossier_pause", sum(len(h.pauses) for h in histories))
        dossiers, steps, pauses = [], [], []
        audit = {"create_uid": uid, "write_uid": uid, "create_date": now, "write_date": now}
        for history in histories:
            values = dict(history.values, id=next(dossier_ids), **audit)
            values["create_date"] = to_utc(values["received_at"])
            current = None
            for step in history.steps:
                row = dict(
                    step,
                    id=next(step_ids),
                    dossier_id=values["id"],
                    company_id=values["deciding_company_id"],
                    handed_by_id=values["received_by_id"],
                    **audit,
                )
                steps.append(row)
                current = row
            for pause in history.pauses:
                pauses.append(
                    dict(
                        pause,
                        id=next(pause_ids),
                        dossier_id=values["id"],
                        requested_by_id=current and current["user_id"],
                        **audit,
                    )
                )
            state = values["state"]
            stage = current.get("stage_id") if state == "processing" and current else None
            values.update(
                stage_id=stage or stages.get(state),
                user_id=(current["user_id"] if state == "processing" and current else values["received_by_id"]),
                escalation_level=0,
                fee_amount=lookups["fees"].get(values["procedure_id"], 0),
                appointment_at=to_utc(
                    datetime.combine(values["promised_date"], lookups["clocks"][values["deciding_company_id"]])
                ),
            )
            dossiers.append(values)
        self._copy("q1_dossier", DOSSIER_COLUMNS, dossiers)
        self._copy("q1_dossier_step", STEP_COLUMNS, steps)
        self._copy("q1_dossier_pause", PAUSE_COLUMNS, pauses)
        # The dossier and its steps reference each other: the current step is set once both exist.
        self.env.cr.execute(
            """
            UPDATE q1_dossier d SET current_step_id = s.id
              FROM (SELECT DISTINCT ON (dossier_id) dossier_id, id FROM q1_dossier_step
                     WHERE dossier_id BETWEEN %(first)s AND %(last)s ORDER BY dossier_id, sequence DESC, id DESC) s
             WHERE d.id = s.dossier_id
        """,
            {"first": dossiers[0]["id"], "last": dossiers[-1]["id"]},
        )

    def _copy(self, table, columns, rows):
        buffer = io.StringIO()
        for row in rows:
            cells = []
            for column in columns:
                value = row.get(column)
                if column in LOCAL_INSTANTS and value is not None:
                    value = to_utc(value)
                cells.append(_copy_text(value))
            buffer.write("\t".join(cells))
            buffer.write("\n")
        buffer.seek(0)
        self.env.cr._obj.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)

    def _advance_counters(self, sequences):
        rows = [(company, day, seq) for (company, day), seq in sequences.items()]
        if not rows:
            return
        buffer = io.StringIO("".join(f"{company}\t{day}\t{seq}\n" for company, day, seq in rows))
        self.env.cr.execute(
            "CREATE TEMP TABLE q1_generated_counter (company_id int, day date, last_seq int) ON COMMIT DROP"
        )
        self.env.cr._obj.copy_expert("COPY q1_generated_counter FROM STDIN", buffer)
        self.env.cr.execute("""
            INSERT INTO q1_dossier_code_counter (company_id, day, last_seq)
                 SELECT company_id, day, last_seq FROM q1_generated_counter
            ON CONFLICT (company_id, day, last_seq) DO NOTHING
        """)
        self.env.cr.execute("DROP TABLE q1_generated_counter")

    # ------------------------------------------------------------------ counter demo

    @api.model
    def load_demo_counter(self, count=320, seed=2026, days=120):
        """Demo dossiers of the last ``days`` days for every receiving unit (deterministic for a given seed).

        Unlike ``load``, they go through the real paths and leave their events: created by the unit's reception
        officer, received with ``_receive`` in chronological order (so codes follow the daily sequence), counter
        outcomes through the wizard; the instants those paths stamp as "now" are then moved back to the demo
        instant.
        """
        self._check_generate_access()
        rng = random.Random(seed)
        officers = self._demo_officers()
        # the catalogue: a few hundred procedures at most
        procedures = self.env["q1.procedure"].search([])  # pylint: disable=no-search-all
        if not officers or not procedures:
            return False
        now_local = to_local(fields.Datetime.now().replace(microsecond=0))
        applicants = SyntheticApplicants(rng, now_local.date())
        plans = sorted(
            (self._demo_plan(rng, officers, procedures, now_local, days) for _i in range(count)),
            key=lambda plan: (plan["when"], plan["company"].id),
        )
        dated = [(self._demo_dossier(rng, plan, officers, applicants), to_utc(plan["when"])) for plan in plans]
        self.env.flush_all()
        for dossier, instant in dated:
            self.env.cr.execute(
                "UPDATE mail_message SET date = %s WHERE model = 'q1.dossier' AND res_id = %s", (instant, dossier.id)
            )
            self.env.cr.execute(
                "UPDATE q1_dossier SET create_date = %(instant)s, submitted_at = CASE WHEN channel = 'online' "
                "THEN %(instant)s ELSE submitted_at END WHERE id = %(id)s",
                {"instant": instant, "id": dossier.id},
            )
        self.env.invalidate_all()
        return True

    def _demo_officers(self):
        """{unit: its first reception officer} for the units that can receive (unit code and calendar set)."""
        reception = self.env.ref("q1_dossier.group_q1_reception")
        leader = self.env.ref("q1_dossier.group_q1_unit_leader")
        officers = {}
        for company in self.env["res.company"].search(
            [("q1_unit_code", "!=", False), ("q1_work_calendar_id", "!=", False)], order="q1_unit_code"
        ):
            officer = self.env["res.users"].search(
                [
                    ("company_id", "=", company.id),
                    ("groups_id", "in", reception.id),
                    ("groups_id", "not in", leader.id),
                    ("share", "=", False),
                ],
                limit=1,
                order="id",
            )
            if officer:
                officers[company] = officer
        return officers

    def _demo_plan(self, rng, officers, procedures, now_local, days):
        """Unit, procedure, channel, outcome and local instant of one demo dossier."""
        company = rng.choice(list(officers))
        procedure = rng.choices(procedures, weights=[DEMO_WEIGHTS.get(p.code, 1) for p in procedures])[0]
        channels = procedure._allowed_channels()
        roll = rng.random()
        wanted = "direct" if roll < 0.52 else "online" if roll < 0.9 else "postal"
        channel = wanted if wanted in channels else ("direct" if "direct" in channels else channels[0])
        roll = rng.random()
        outcome = "received" if roll < 0.78 else "incomplete" if roll < 0.88 else "refused" if roll < 0.94 else "draft"
        calendar = company.q1_work_calendar_id._to_core()
        back = rng.randint(0, 4) if outcome == "draft" else rng.randint(0, days)
        day = now_local.date() - timedelta(days=back)
        if channel == "online" and outcome == "received" and rng.random() < 0.2:
            # Filed on the national portal at night or over a weekend: received when the system records it.
            when = datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59)))
        else:
            day = day if calendar.is_workday(day) else calendar.add_workdays(day, 1)
            minute = (
                rng.randint(7 * 60 + 30, 11 * 60 + 25) if rng.random() < 0.55 else rng.randint(13 * 60, 16 * 60 + 55)
            )
            when = datetime.combine(day, time(minute // 60, minute % 60))
        if when >= now_local or not procedure._is_effective_on(when.date()):
            outcome, when = "draft", min(when, now_local)
        return {"company": company, "procedure": procedure, "channel": channel, "outcome": outcome, "when": when}

    def _demo_dossier(self, rng, plan, officers, applicants):
        company, procedure = plan["company"], plan["procedure"]
        officer = officers[company]
        if rng.random() < DEMO_ORGANISATION_SHARE.get(procedure.code, 0.0):
            vals = applicants.organisation(household=procedure.code == "2.000575")
        else:
            vals = applicants.person(
                20 if procedure.code in ("1.001193", "1.000894") else 18, 45 if procedure.code == "1.001193" else 85
            )
            if rng.random() < 0.3:
                vals["applicant_email"] = applicants.email(vals["applicant_name"])
        vals.update(
            company_id=company.id,
            procedure_id=procedure.id,
            channel=plan["channel"],
            applicant_phone=applicants.phone(),
            applicant_address=applicants.address(company.q1_place_name),
        )
        if procedure.code == "2.000815":  # certified copies: 2.000 đ a page for the first two, then 1.000 đ
            pages, copies = rng.choice([1, 1, 1, 2, 2, 3, 4, 6]), rng.choice([1, 1, 2, 3])
            vals["fee_amount"] = copies * (2000 * min(pages, 2) + 1000 * max(pages - 2, 0))
        others = [unit for unit in officers if unit != company]
        if others and procedure.field_id.code in ("HKD", "XD", "BTXH") and rng.random() < 0.15:
            vals["deciding_company_id"] = rng.choice(others).id  # boundary-free reception, Decree 118 Art. 14(2)
        dossier = self.env["q1.dossier"].with_user(officer).with_company(company).create(vals)
        self._demo_outcome(rng, dossier, plan, officer)
        return dossier

    def _demo_outcome(self, rng, dossier, plan, officer):
        lines = dossier.document_ids
        instant = to_utc(plan["when"])
        if plan["outcome"] == "draft":
            lines.filtered(lambda line: rng.random() < 0.5).write({"is_received": True})
        elif plan["outcome"] == "received":
            lines.write({"is_received": True})
            dossier.with_user(officer)._receive(instant)
        else:
            required = lines.filtered("is_required")
            (lines - (required.filtered(lambda line: rng.random() < 0.5) or required[-1:])).write({"is_received": True})
            incomplete = plan["outcome"] == "incomplete" and dossier._missing_document_names()
            reason = (
                "Hồ sơ chưa đủ thành phần theo quy định; đề nghị bổ sung đầy đủ các giấy tờ dưới đây."
                if incomplete
                else rng.choice(DEMO_REFUSALS)
            )
            self.env["q1.dossier.counter.outcome"].with_user(officer).with_company(dossier.company_id).create(
                {
                    "dossier_id": dossier.id,
                    "outcome": "incomplete" if incomplete else "refused",
                    "reason": reason,
                }
            ).action_confirm()
            dossier.sudo().write({"counter_outcome_at": instant})
