import io

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
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
from ..core.indices import IndexFact, IndexWeight, handling_days, index_result, service_indices
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
# Columns of q1.dossier.report read to build the facts, in DossierFact order after the key: the end of processing
# itself (not the end as judged today), the waits coming apart (q1.dossier.report._waits_of) for the core to judge.
FACT_COLUMNS = ("channel", "received_date", "due_date", "finished_date", "id")


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
    issue_id = fields.Many2one(
        "q1.handling.report.issue",
        string="Issued Report",
        compute="_compute_issue_id",
        groups="q1_dossier.group_q1_unit_leader",
        help="The report issued for these units, period and grouping: what prints and exports.",
    )
    is_issued = fields.Boolean(string="Issued", compute="_compute_issue_id")
    difference_ids = fields.One2many(
        "q1.handling.report.difference", "wizard_id", string="Differences with the Issued Report", readonly=True
    )

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

    @api.depends("company_ids", "date_from", "date_to", "group_by")
    def _compute_issue_id(self):
        for wizard in self:
            issue = wizard._issued()
            wizard.issue_id = issue.id
            wizard.is_issued = bool(issue)

    def _unit_key(self):
        """The units as the issued report's unique key holds them: their ids, sorted."""
        return ",".join(str(unit_id) for unit_id in sorted(self.company_ids.ids))

    def _issued(self):
        """The issued report of this window, units and grouping (as the system), or an empty record."""
        self.ensure_one()
        Issue = self.env["q1.handling.report.issue"].sudo()
        if not (self.company_ids and self.date_from and self.date_to and self.group_by):
            return Issue
        return Issue.search([("issue_key", "=", self._issue_key())], limit=1)

    def _issue_key(self):
        return self.env["q1.handling.report.issue"]._key(self._unit_key(), self.date_from, self.date_to, self.group_by)

    @api.model
    def _report_title(self):
        return REPORT_TITLE

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
        """Rows of ``columns`` of q1.dossier.report in the window, record rules applied, in one query; what the
        view reads (its ``_depends``) is flushed first, so changes not yet written to the database are counted."""
        report = self.env["q1.dossier.report"]
        query = report._search(self._report_domain())
        return self.env.execute_query(query.select(*(SQL.identifier(query.table, column) for column in columns)))

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
        return sorted(self._late_details().values(), key=lambda row: (row.unit, row.received_on, row.code))

    def _late_details(self):
        """{dossier id: LateRow} of the dossiers resolved late in the window or overdue at its end."""
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
        result = {}
        for entry in entries:
            dossier = entry.dossier_id
            finished = entry.end_date if entry.end_date and entry.end_date <= end else None
            reason = (
                dossier.extension_reason
                or dossier.closing_reason
                or ("Yêu cầu bổ sung hồ sơ quá một lần" if dossier.supplement_count > 1 else "")
            )
            result[dossier.id] = LateRow(
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
        return result

    # ------------------------------------------------------------------ service indices

    def _index_weights(self):
        return [
            IndexWeight(index.code, index.name, index.max_points, index.threshold or None)
            for index in self.env["q1.service.index"].search([])
        ]

    def _index_results(self):
        """Decision 766 sub-indices of each selected unit over the window: {unit id: [IndexResult]}.

        Each dossier's fact carries its waits, so the core judges it at the end of the window as the table does
        (``core.handling_report.judged``), and its handling time for 2.2 (``core.indices.handling_days``) in
        working days of its calendar unless the setting says calendar days (``_handling_calendars``)."""
        self.ensure_one()
        items = self._index_items()
        weights = self._index_weights()
        return {
            unit_id: service_indices(unit_items, self.date_from, self.date_to, weights)
            for unit_id, unit_items in items.items()
        }

    def _replace_index_results(self, results, codes, measures_of):
        """``results`` with the indices ``codes`` counted by another addon from its own records:
        ``measures_of(unit_id)`` gives {code: (numerator, denominator)} of a unit (q1_quality's feedback indices,
        q1_registry's electronic results and reuse). Codes without a weight record are left as they are."""
        weights = {weight.code: weight for weight in self._index_weights() if weight.code in codes}
        if not weights:
            return results
        for unit_id, unit_results in results.items():
            # a wizard made with new() (the review's gathering) has new units: their facts are the real units'
            measured = measures_of(getattr(unit_id, "origin", None) or unit_id)
            results[unit_id] = [
                index_result(weights[result.code], *measured[result.code]) if result.code in weights else result
                for result in unit_results
            ]
        return results

    def _index_items(self):
        """The facts the indices count, per selected unit: {unit id: [IndexFact]} (the fact's ``ref`` is the
        dossier's id). Also read by q1_quality's objectives, which count by the same rules."""
        self.ensure_one()
        report = self.env["q1.dossier.report"]
        rows = self._fetch(
            "deciding_company_id", *FACT_COLUMNS, "digitised", "e_result", "returned_date", "dissatisfied"
        )
        dossier_ids = [row[5] for row in rows]
        waits, calendars = report._waits_of(dossier_ids), report._handling_calendars(dossier_ids)
        items = {unit_id: [] for unit_id in self.company_ids.ids}
        for unit_id, channel, received, due, finished, ref, digitised, e_result, returned, dissatisfied in rows:
            # judged at the end of the window like every fact: an electronic result counts once returned by then
            e_result = bool(e_result and returned and returned <= self.date_to)
            history = waits.get(ref, ())
            fact = DossierFact(unit_id, channel, received, due, finished, False, False, ref, history)
            days = handling_days(received, finished, history, calendars.get(ref))
            items[unit_id].append(IndexFact(fact, days, digitised, dissatisfied, e_result))
        return items

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
        issue = self._issued()
        if issue and issue.with_env(self.env).has_access("read"):
            self.difference_ids = [fields.Command.clear()] + [
                fields.Command.create(values) for values in self._differences(issue)
            ]
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self._q1_description(),  # the dialog's title: without a name Odoo titles it "Odoo"
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
        """Everything the PDF prints: meta, rows and late dossiers; those of the issued report once it is issued."""
        self.ensure_one()
        issue = self._issued()
        if issue:
            return issue._report_values()
        rows, labels = self._handling_rows()
        return {"meta": self._report_meta(labels), "rows": rows, "labels": labels, "late_rows": self._late_rows()}

    def action_export_xlsx(self):
        """Download the table and the late dossiers as .xlsx, refused here (not on the download) when empty."""
        self.check_access("read")
        self.ensure_one()
        if not self._issued() and not self.env["q1.dossier.report"].search_count(self._report_domain(), limit=1):
            raise UserError(self.env._("No dossier of these units is counted in this period."))
        return self._q1_download_action("xlsx")

    def _q1_download_file(self, kind):
        """The report as .xlsx (the only kind): the table, then the list of late dossiers; once issued, the issued
        report's file."""
        self.ensure_one()
        issue = self._issued()
        if issue:
            return issue._q1_download_file(kind)
        values = self._report_values()
        stream = io.BytesIO()
        write_handling_report_xlsx(stream, values["rows"], values["meta"], values["late_rows"])
        name = f"bao-cao-giai-quyet-tthc-{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}.xlsx"
        return name, self._q1_xlsx_mimetype, stream.getvalue()

    def action_print_pdf(self):
        self.check_access("read")
        self.ensure_one()
        return self.env.ref("q1_reporting.action_report_q1_handling").report_action(self)

    # ------------------------------------------------------------------ issuing

    def action_issue(self):
        """Issue the report: store its table, indices and the dossiers of every cell, as counted now, with the
        issuer and the time; from then on the issued version is what prints and exports."""
        self.check_access("write")
        self.ensure_one()
        if not self.env.user.has_group("q1_dossier.group_q1_unit_leader"):
            raise AccessError(self.env._("Only the leaders of the units issue a statutory report."))
        self._check_units()
        if self._issued():
            raise UserError(self._already_issued_message())
        issue = self._create_issue(self._issue_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": issue._name,
            "res_id": issue.id,
            "view_mode": "form",
            "target": "current",
        }

    def _already_issued_message(self):
        return self.env._(
            "The report of %(units)s from %(start)s to %(end)s has already been issued; it prints as issued. "
            "Show the table to see what changed since.",
            units=", ".join(self.company_ids.mapped("name")),
            start=self.date_from.strftime("%d/%m/%Y"),
            end=self.date_to.strftime("%d/%m/%Y"),
        )

    def _create_issue(self, values):
        """Create the issued report as the system; a second report of the same key (another leader's, issued at
        the same moment) is refused with the message, not the database's error."""
        try:
            with self.env.cr.savepoint():
                return self.env["q1.handling.report.issue"].sudo().create(values).sudo(False)
        except psycopg2.errors.UniqueViolation:
            raise UserError(self._already_issued_message()) from None

    def _cells(self):
        """{dossier id: (code, {(key id, column code)}, entry values)} of the dossiers counted now, record rules
        applied: each dossier is in two cells of its row (how it was received, how it ended or stands)."""
        key_column = self._key_column()
        entries = self._entries().search_fetch(
            [("deciding_company_id", "in", self.company_ids.ids)],
            ["dossier_id", "code", key_column, "column_id", "received_date", "due_date", "end_date"],
        )
        cells = {}
        for entry in entries:
            cells.setdefault(
                entry.dossier_id.id, (entry.code, set(), (entry.received_date, entry.due_date, entry.end_date))
            )[1].add((entry[key_column].id or 0, entry.column_id.code))
        return cells

    def _issue_values(self):
        """The values of the issued report: header as printed, rows counted from the cells (so the table and the
        dossiers behind it agree by construction), indices, cells with the late list's lines."""
        self.ensure_one()
        cells = self._cells()
        counts = {}
        for _code, places, _dates in cells.values():
            for key, column in places:
                row = counts.setdefault(key, {})
                row[column] = row.get(column, 0) + 1
        labels = self._key_labels([key or False for key in counts])
        labels = {key or 0: label for key, label in labels.items()}
        order = sorted(counts, key=lambda key: labels[key])
        rows = [counted_row(key or False, counts[key]) for key in order]
        rows.append(
            counted_row(
                None,
                {n: sum(row.get(n, 0) for row in counts.values()) for n in RECEIVED_COLUMNS + OUTCOME_COLUMNS},
            )
        )
        meta = self._report_meta({key or False: label for key, label in labels.items()})
        sequences = {key: index for index, key in enumerate(order, start=1)}
        late = self._late_details()
        Line = self.env["q1.handling.report.line"]
        cell_values = []
        for dossier_id, (code, places, (received, due, end)) in sorted(cells.items(), key=lambda item: item[1][0]):
            for key, column in sorted(places):
                values = {
                    "dossier_id": dossier_id,
                    "dossier_code": code,
                    "sequence": sequences[key],
                    "key_id": key,
                    "row_label": labels[key],
                    "column": column,
                    "received_date": received,
                    "due_date": due,
                    "end_date": end,
                }
                if column in LATE_OUTCOMES and dossier_id in late:
                    row = late[dossier_id]
                    values.update(
                        procedure_name=row.procedure,
                        applicant_name=row.applicant,
                        unit_name=row.unit,
                        days_late=row.days_late,
                        reason=row.reason,
                    )
                cell_values.append(fields.Command.create(values))
        units = ", ".join(self.company_ids.mapped("name"))
        return {
            "name": f"Báo cáo {meta.period_label[:1].lower()}{meta.period_label[1:]} – {units}",
            "company_ids": [fields.Command.set(self.company_ids.ids)],
            "unit_key": self._unit_key(),
            "issue_key": self._issue_key(),
            "period_kind": self.period_kind,
            "convention": self.convention if self.period_kind != "custom" else False,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "group_by": self.group_by,
            "period_label": meta.period_label,
            "authority": meta.authority,
            "unit_title": meta.unit,
            "group_label": meta.group_label,
            "date_line": meta.date_line,
            "signer_title": meta.signer_title,
            "signer_name": meta.signer_name,
            "issued_by_id": self.env.user.id,
            "issued_at": fields.Datetime.now(),
            "row_ids": [
                fields.Command.create(Line._values_from_row(row, labels, index))
                for index, row in enumerate(rows, start=1)
            ],
            "index_ids": [
                fields.Command.create(self.env["q1.service.index.line"]._values_from_result(unit_id, result, sequence))
                for unit_id, results in self._index_results().items()
                for sequence, result in enumerate(results)
            ],
            "cell_ids": cell_values,
        }

    def _differences(self, issue):
        """Values of ``q1.handling.report.difference`` for each dossier whose cells now differ from ``issue``'s:
        added (counted now, not issued), removed (issued, not counted now) or in other rows or columns."""
        column_labels = dict(
            self.env["q1.handling.report.issue.cell"]._fields["column"]._description_selection(self.env)
        )
        issued = {}
        for cell in issue.sudo().cell_ids:
            issued.setdefault(cell.dossier_id.id, (cell.dossier_code, set(), cell.row_label))[1].add(
                (cell.key_id, cell.column)
            )
        current = self._cells()
        labels = self._key_labels([key or False for _c, places, _d in current.values() for key, _col in places])

        def text(places):
            return ", ".join(column_labels[column] for _key, column in sorted(places, key=lambda p: p[1]))

        result = []
        for dossier_id in sorted(set(issued) | set(current)):
            before = issued.get(dossier_id, (None, set(), None))
            now = current.get(dossier_id, (None, set(), None))
            if before[1] == now[1]:
                continue
            keys = {key for key, _column in now[1]}
            result.append(
                {
                    "dossier_id": dossier_id,
                    "dossier_code": now[0] or before[0],
                    "row_label": labels[min(keys) or False] if keys else before[2],
                    "change": "added" if not before[1] else "removed" if not now[1] else "moved",
                    "issued_columns": text(before[1]),
                    "current_columns": text(now[1]),
                }
            )
        return result
