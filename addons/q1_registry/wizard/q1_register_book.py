from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# The longest period one book covers (a printed book of ten years is a typing error).
MAX_BOOK_DAYS = 3660


class Q1RegisterBook(models.TransientModel):
    """The printable register book (sổ) of one register, one unit and a period: its entries in order, as a PDF."""

    _name = "q1.register.book"
    _description = "Register Book"

    register_id = fields.Many2one("q1.register", required=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company",
        string="Unit",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
        ondelete="cascade",
    )
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_year()[0])
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_year()[1])

    @api.model
    def _default_year(self):
        today = fields.Date.context_today(self)
        first = today.replace(month=1, day=1)
        return first, first + relativedelta(years=1, days=-1)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for book in self:
            if book.date_from > book.date_to:
                raise ValidationError(self.env._("The start of the period must not be after its end."))
            if (book.date_to - book.date_from).days > MAX_BOOK_DAYS:
                raise ValidationError(self.env._("A register book covers at most ten years."))

    @api.constrains("company_id")
    def _check_company(self):
        for book in self:
            if not self.env.su and book.company_id not in self.env.user.company_ids:
                raise ValidationError(self.env._("Print the register book of one of your units."))

    def _entries(self):
        """The book's entries, in the order they were written (under the user's record rules)."""
        self.ensure_one()
        return self.env["q1.register.entry"].search(
            [
                ("register_id", "=", self.register_id.id),
                ("company_id", "=", self.company_id.id),
                ("entry_date", ">=", self.date_from),
                ("entry_date", "<=", self.date_to),
            ],
            order="entry_date, year, seq, number, id",
        )

    def action_print_pdf(self):
        self.ensure_one()
        self.check_access("read")
        if not self.env.user.has_group("q1_dossier.group_q1_reception") and not self.env.user.has_group(
            "q1_dossier.group_q1_processing"
        ):
            raise AccessError(self.env._("Only the one-stop shop's officers print register books."))
        return self.env.ref("q1_registry.action_report_q1_register_book").report_action(self)
