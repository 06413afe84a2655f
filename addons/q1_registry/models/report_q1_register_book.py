from odoo import api, models

from ..core.registers import STATE_VI
from .q1_register_event import _shown


class ReportQ1RegisterBook(models.AbstractModel):
    """The values of the printed register book: per book, its title, unit, period and one row per entry."""

    _name = "report.q1_registry.report_q1_register_book"
    _description = "Register Book (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        books = self.env["q1.register.book"].browse(docids)
        books.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "q1.register.book",
            "docs": books,
            "books": {book.id: self._book_values(book) for book in books},
        }

    @api.model
    def _book_values(self, book):
        register = book.register_id.with_context(lang="vi_VN")
        name = register.name or ""
        title = name.upper() if name.lower().startswith("sổ") else f"SỔ ĐĂNG KÝ {name.upper()}"
        columns = [prop for prop in register.data_definition or [] if prop.get("type") != "separator"]
        rows = []
        for index, entry in enumerate(book._entries(), 1):
            data = entry.data_values or {}
            content = "; ".join(
                f"{prop.get('string', prop['name'])}: {_shown(prop, data.get(prop['name']))}"
                for prop in columns
                if data.get(prop["name"]) not in (None, False, "", [])
            )
            if entry.valid_until:
                validity = f"{_day(entry.valid_from)} - {_day(entry.valid_until)}"
            else:
                validity = f"Từ {_day(entry.valid_from)}, không thời hạn" if entry.valid_from else "Không thời hạn"
            state = STATE_VI[entry.state]
            if entry.state == "replaced" and entry.replaced_by_id:
                state = f"{state} (bởi số {entry.replaced_by_id.number})"
            rows.append(
                {
                    "index": index,
                    "number": entry.number,
                    "date": _day(entry.entry_date),
                    "holder": entry.holder_name or "",
                    "holder_id": entry.holder_id_number or "",
                    "address": entry.holder_address or "",
                    "content": content,
                    "validity": validity,
                    "state": state,
                    "dossiers": ", ".join(code for code in entry.sudo().dossier_ids.mapped("code") if code)
                    or ("Nhập từ sổ cũ" if entry.origin == "import" else ""),
                }
            )
        return {
            "title": title,
            "unit_name": (book.company_id.name or "").upper(),
            "field_name": register.field_id.name or "",
            "period_text": f"Từ ngày {_day(book.date_from)} đến ngày {_day(book.date_to)}",
            "rows": rows,
        }


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""
