import io
import time as clock
from datetime import datetime
from itertools import islice

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..core.generator import HistoryGenerator, ProcedureSpec, StepSpec, UnitSpec
from ..core.localtime import to_local, to_utc

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
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)
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
        if not (self.env.su or self.env.user.has_group("q1_dossier.group_q1_manager")):
            raise AccessError(self.env._("Only an administrator of the one-stop shop may generate dossiers."))
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
                company.id: company.q1_work_calendar_id.appointment_clock()
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
        self.env.cr.execute("ANALYZE q1_dossier; ANALYZE q1_dossier_step; ANALYZE q1_dossier_pause")
        return {"count": written, "seconds": clock.perf_counter() - started}

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
                    calendar.to_core(),
                    company.q1_place_name or "",
                    tuple(receivers.ids),
                    tuple(officers.ids),
                    calendar.cutoff_time(),
                    company.q1_code_pattern or UnitSpec.pattern,
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
                    tuple(procedure.allowed_channels()) or ("direct",),
                    1.0,
                    steps,
                )
            )
        return specs

    def _last_sequences(self):
        self.env.cr.execute("SELECT company_id, day, last_seq FROM q1_dossier_code_counter")
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
            ON CONFLICT (company_id, day) DO UPDATE SET last_seq = GREATEST(q1_dossier_code_counter.last_seq,
                                                                            EXCLUDED.last_seq)
        """)
        self.env.cr.execute("DROP TABLE q1_generated_counter")
