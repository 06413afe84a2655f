import io

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.vntext import format_vn_date

from ..core.handling_report import (
    LATE_OUTCOMES,
    OUTCOME_COLUMNS,
    RECEIVED_COLUMNS,
    DossierFact,
    LateRow,
    counted_row,
)
from ..core.handling_xlsx import ReportMeta, write_handling_report_xlsx
from ..core.indices import IndexFact, IndexWeight, service_indices
from ..core.periods import report_window, window_label

PERIOD_KINDS = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("half", "Half-year"),
    ("nine_months", "Nine months"),
    ("year", "Year"),
    ("custom", "Free dates"),
]
MONTHS = [(str(m), str(m)) for m in range(1, 13)]
QUARTERS = [("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")]
HALVES = [("1", "First half"), ("2", "Second half")]
REPORT_TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
# Columns of q1.dossier.report read to build the facts, in DossierFact order after the key.
FACT_COLUMNS = ("channel", "received_date", "due_date", "end_date", "forced_late", "id")


class Q1HandlingReportWizard(models.TransientModel):
    """The periodic report on the handling of administrative procedures, for the units that decide them.

    The report counts the dossiers of the units that resolve them (the deciding unit of each dossier), as the
    statutory form does for "cơ quan, đơn vị trực tiếp giải quyết TTHC". PostgreSQL counts the table over the
    entries of ``q1.handling.entry``, the same rows the on-screen pivot opens cell by cell; the Odoo tests hold it
    equal to ``core.handling_report.handling_table`` over the dossiers' facts. The service indices are computed
    by ``core.indices`` over facts read in one query from ``q1.dossier.report``.
    """

    _name = "q1.handling.report.wizard"
    _inherit = ["q1.download.mixin"]
    _description = "Handling Report"
    _q1_download_kinds = ("xlsx",)

    company_ids = fields.Many2many(
        "res.company",
        string="Units",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )
    period_kind = fields.Selection(PERIOD_KINDS, string="Period", required=True, default="month")
    convention = fields.Selection(
        [("cutoff", "Cut-off (15th to 14th)"), ("calendar", "Calendar")],
        required=True,
        default="cutoff",
        help="Cut-off: the reporting periods of Decree 09/2019/NĐ-CP, from the 15th of the month before to the "
        "14th. Calendar: calendar months, quarters and years.",
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    month = fields.Selection(MONTHS, default=lambda self: str(fields.Date.context_today(self).month))
    quarter = fields.Selection(QUARTERS, default="1")
    half = fields.Selection(HALVES, default="1")
    date_from = fields.Date(
        string="From", compute="_compute_window", store=True, readonly=False, required=True, precompute=True
    )
    date_to = fields.Date(
        string="To", compute="_compute_window", store=True, readonly=False, required=True, precompute=True
    )
    group_by = fields.Selection([("field", "Field of law"), ("unit", "Unit")], required=True, default="field")
    signer_title = fields.Char(string="Signed by (title)", default="CHỦ TỊCH")
    signer_name = fields.Char(string="Signed by (name)")
    line_ids = fields.One2many("q1.handling.report.line", "wizard_id", string="Handling Table", readonly=True)
    index_line_ids = fields.One2many("q1.service.index.line", "wizard_id", string="Service Indices", readonly=True)

    @api.depends("period_kind", "convention", "year", "month", "quarter", "half")
    def _compute_window(self):
        for wizard in self:
            if wizard.period_kind == "custom" or not wizard.year:
                if not wizard.date_from or not wizard.date_to:
                    today = fields.Date.context_today(wizard)
                    wizard.date_from, wizard.date_to = today.replace(day=1), today
                continue
            wizard.date_from, wizard.date_to = report_window(
                wizard.period_kind, wizard.year, wizard._period_index(), wizard.convention
            )

    def _period_index(self):
        value = {"month": self.month, "quarter": self.quarter, "half": self.half}.get(self.period_kind)
        return int(value or 1)

    @api.constrains("company_ids")
    def _check_units(self):
        for wizard in self:
            foreign = wizard.sudo().company_ids - self.env.user.company_ids
            if foreign:
                raise ValidationError(
                    self.env._(
                        "You can only report on your own units; not on %(units)s.",
                        units=", ".join(foreign.mapped("name")),
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_window(self):
        if any(wizard.date_from > wizard.date_to for wizard in self):
            raise ValidationError(self.env._("The start of the period must not be after its end."))

    # ------------------------------------------------------------------ facts

    def _report_domain(self):
        """Dossiers of the selected units counted in the window (core.handling_report.fact_columns keeps these)."""
        self.ensure_one()
        return [
            ("deciding_company_id", "in", self.company_ids.ids),
            ("received_date", "<=", self.date_to),
            "|",
            ("end_date", "=", False),
            ("end_date", ">=", self.date_from),
        ]

    def _key_column(self):
        return "field_id" if self.group_by == "field" else "deciding_company_id"

    def _fetch(self, *columns):
        """Rows of ``columns`` of q1.dossier.report in the window, record rules applied, in one query."""
        report = self.env["q1.dossier.report"]
        query = report._search(self._report_domain())
        self.env.cr.execute(query.select(*(SQL.identifier(query.table, column) for column in columns)))
        return self.env.cr.fetchall()

    def _key_labels(self, keys):
        model = "q1.field" if self.group_by == "field" else "res.company"
        records = self.env[model].sudo().browse(key for key in keys if key)
        labels = {record.id: record.name for record in records}
        return {key: labels.get(key, self.env._("(none)")) for key in keys}

    def _entries(self):
        """q1.handling.entry over the window: the statutory rule in SQL, record rules applied."""
        return self.env["q1.handling.entry"].with_context(
            q1_window_start=fields.Date.to_string(self.date_from), q1_window_end=fields.Date.to_string(self.date_to)
        )

    def _handling_rows(self):
        """The statutory table: rows sorted by their label, the total row last.

        Counted by PostgreSQL over the same entries the drill-down pivot shows (a million dossiers in about a
        second); the tests hold it equal to ``core.handling_report.handling_table`` over the dossiers' facts.
        """
        self.ensure_one()
        counts = {}
        for key, column, count in self._entries()._read_group(
            [("deciding_company_id", "in", self.company_ids.ids)], [self._key_column(), "column_id"], ["__count"]
        ):
            counts.setdefault(key.id, {})[column.code] = count
        labels = self._key_labels(list(counts))
        body = [counted_row(key, columns) for key, columns in sorted(counts.items(), key=lambda kv: labels[kv[0]])]
        total = counted_row(
            None,
            {name: sum(row.get(name, 0) for row in counts.values()) for name in RECEIVED_COLUMNS + OUTCOME_COLUMNS},
        )
        return body + [total], labels

    def _late_rows(self):
        """Dossiers resolved late in the window or overdue at its end, with the reason written on the dossier."""
        self.ensure_one()
        entries = self._entries().search_fetch(
            [("deciding_company_id", "in", self.company_ids.ids), ("column_id.code", "in", LATE_OUTCOMES)],
            ["dossier_id", "received_date", "due_date", "end_date"],
        )
        dossiers = entries.dossier_id
        dossiers.fetch(
            [
                "code",
                "procedure_id",
                "applicant_name",
                "deciding_company_id",
                "extension_reason",
                "closing_reason",
                "supplement_count",
            ]
        )
        end = self.date_to
        result = []
        for entry in entries:
            dossier = entry.dossier_id
            finished = entry.end_date if entry.end_date and entry.end_date <= end else None
            reason = (
                dossier.extension_reason
                or dossier.closing_reason
                or ("Yêu cầu bổ sung hồ sơ quá một lần" if dossier.supplement_count > 1 else "")
            )
            result.append(
                LateRow(
                    code=dossier.code,
                    procedure=dossier.procedure_id.name,
                    applicant=dossier.applicant_name,
                    unit=dossier.deciding_company_id.name,
                    received_on=entry.received_date,
                    due=entry.due_date,
                    finished_on=finished,
                    days_late=max(((finished or end) - entry.due_date).days, 0),
                    reason=reason,
                )
            )
        return sorted(result, key=lambda row: (row.unit, row.received_on, row.code))

    # ------------------------------------------------------------------ service indices

    def _index_weights(self):
        return [
            IndexWeight(index.code, index.name, index.max_points, index.threshold or None)
            for index in self.env["q1.service.index"].search([])
        ]

    def _index_results(self):
        """Decision 766 sub-indices of each selected unit over the window: {unit id: [IndexResult]}."""
        self.ensure_one()
        items = {unit.id: [] for unit in self.company_ids}
        for unit_id, channel, received, due, end, late, ref, days, digitised, dissatisfied in self._fetch(
            "deciding_company_id", *FACT_COLUMNS, "handling_days", "digitised", "dissatisfied"
        ):
            fact = DossierFact(unit_id, channel, received, due, end, False, late, ref)
            items[unit_id].append(IndexFact(fact, handling_days=days, digitised=digitised, dissatisfied=dissatisfied))
        weights = self._index_weights()
        return {
            unit_id: service_indices(unit_items, self.date_from, self.date_to, weights)
            for unit_id, unit_items in items.items()
        }

    # ------------------------------------------------------------------ buttons

    def action_compute(self):
        """Show the table and the indices on the wizard."""
        self.check_access("write")
        self.ensure_one()
        rows, labels = self._handling_rows()
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(self.env["q1.handling.report.line"]._values_from_row(row, labels, index))
            for index, row in enumerate(rows, start=1)
        ]
        self.index_line_ids = [fields.Command.clear()] + [
            fields.Command.create(self.env["q1.service.index.line"]._values_from_result(unit_id, result, sequence))
            for unit_id, results in self._index_results().items()
            for sequence, result in enumerate(results)
        ]
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": self.env.context,
        }

    def action_open_pivot(self):
        """The table as a pivot whose every cell opens the dossiers it counts."""
        self.check_access("read")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("q1_reporting.q1_handling_entry_action")
        action["domain"] = [("deciding_company_id", "in", self.company_ids.ids)]
        action["context"] = {
            "q1_window_start": fields.Date.to_string(self.date_from),
            "q1_window_end": fields.Date.to_string(self.date_to),
            "pivot_row_groupby": [self._key_column()],
            "pivot_column_groupby": ["section_id", "column_id"],
        }
        action["name"] = self.env._(
            "Handling report %(start)s - %(end)s",
            start=self.date_from.strftime("%d/%m/%Y"),
            end=self.date_to.strftime("%d/%m/%Y"),
        )
        return action

    def _report_meta(self, labels):
        self.ensure_one()
        units = self.company_ids
        first = units[:1]
        return ReportMeta(
            authority=(first.q1_authority_name or "").upper() if len(units) == 1 else "",
            unit=first.name.upper() if len(units) == 1 else "; ".join(units.mapped("name")).upper(),
            title=REPORT_TITLE,
            period_label=self._period_label(),
            start=self.date_from,
            end=self.date_to,
            group_label="Lĩnh vực" if self.group_by == "field" else "Đơn vị",
            date_line=format_vn_date(fields.Date.context_today(self), first.q1_place_name),
            signer_title=(self.signer_title or "").upper(),
            signer_name=self.signer_name or "",
            key_labels=labels,
        )

    def _period_label(self):
        if self.period_kind == "custom":
            return f"Từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y}"
        return window_label(self.period_kind, self.year, self._period_index())

    def _report_values(self):
        """Everything the PDF prints: meta, rows and late dossiers."""
        self.ensure_one()
        rows, labels = self._handling_rows()
        return {"meta": self._report_meta(labels), "rows": rows, "labels": labels, "late_rows": self._late_rows()}

    def action_export_xlsx(self):
        """Download the table and the late dossiers as .xlsx, refused here (not on the download) when empty."""
        self.check_access("read")
        self.ensure_one()
        if not self.env["q1.dossier.report"].search_count(self._report_domain(), limit=1):
            raise UserError(self.env._("No dossier of these units is counted in this period."))
        return self._q1_download_action("xlsx")

    def _q1_download_file(self, kind):
        """The report as .xlsx (the only kind): the table, then the list of late dossiers."""
        self.ensure_one()
        values = self._report_values()
        stream = io.BytesIO()
        write_handling_report_xlsx(stream, values["rows"], values["meta"], values["late_rows"])
        name = f"bao-cao-giai-quyet-tthc-{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}.xlsx"
        return name, self._q1_xlsx_mimetype, stream.getvalue()

    def action_print_pdf(self):
        self.check_access("read")
        self.ensure_one()
        return self.env.ref("q1_reporting.action_report_q1_handling").report_action(self)
