from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.codes import DEFAULT_PATTERN, dossier_code


class ResCompany(models.Model):
    """A receiving unit: one company per ward centre (DESIGN.md §1)."""

    _inherit = "res.company"

    q1_unit_code = fields.Char(
        string="Official Unit Code",
        help="Electronic identifier of the unit used in dossier codes (Decree 118/2025 Art. 28(2)(a)).",
    )
    q1_authority_name = fields.Char(
        string="Governing Authority",
        help="Printed above the unit name on official forms, e.g. the ward People's Committee.",
    )
    q1_place_name = fields.Char(
        string="Place Name on Documents", help="Locality written before the date (Decree 30/2020)."
    )
    q1_work_calendar_id = fields.Many2one(
        "q1.work.calendar",
        string="Working Calendar",
        default=lambda self: self.env.ref("q1_dossier.q1_work_calendar_state", raise_if_not_found=False),
    )
    q1_code_pattern = fields.Char(
        string="Dossier Code Pattern",
        default=DEFAULT_PATTERN,
        help="Fields: {unit}, {yy}, {yyyy}, {mm}, {dd}, {seq}. The sequence restarts every day for each unit.",
    )
    q1_lookup_url = fields.Char(
        string="Public Lookup Address",
        help="Address printed with the QR code on receipts; defaults to this server's /q1/lookup page.",
    )

    q1_sms_enabled = fields.Boolean(string="Send SMS to Applicants")
    q1_sms_action_id = fields.Many2one(
        "ir.actions.server",
        string="SMS Gateway Action",
        domain="[('model_id.model', '=', 'q1.dossier')]",
        help="Server action that sends one SMS; it finds the phone number and text in the context keys "
        "q1_sms_phone and q1_sms_body. Connect the unit's SMS provider here.",
    )

    _sql_constraints = [
        ("q1_unit_code_uniq", "unique(q1_unit_code)", "Two receiving units cannot share an official unit code."),
    ]

    @api.constrains("q1_code_pattern", "q1_unit_code")
    def _check_q1_code_pattern(self):
        """Codes are unique across units and days, so the pattern must tell apart units, days and sequences."""
        samples = [
            ("A", date(2026, 1, 2), 1),
            ("B", date(2026, 1, 2), 1),
            ("A", date(2027, 1, 2), 1),
            ("A", date(2026, 2, 2), 1),
            ("A", date(2026, 1, 3), 1),
            ("A", date(2026, 1, 2), 2),
        ]
        for company in self.filtered("q1_code_pattern"):
            try:
                codes = {dossier_code(unit, day, seq, company.q1_code_pattern) for unit, day, seq in samples}
            except (KeyError, IndexError, ValueError) as error:
                raise ValidationError(self.env._("The dossier code pattern is not valid: %s", error)) from error
            if len(codes) < len(samples):
                raise ValidationError(
                    self.env._(
                        "The dossier code pattern must contain the unit code, the full date and the sequence "
                        "({unit}, {yy} or {yyyy}, {mm}, {dd} and {seq}), or two dossiers would get the same code."
                    )
                )

    def _q1_send_sms(self, dossier, template):
        """SMS hook: off by default; a unit connects its provider through a server action, without code."""
        self.ensure_one()
        if not (self.q1_sms_enabled and self.q1_sms_action_id and dossier.applicant_phone):
            return False
        body = template._render_field("subject", dossier.ids)[dossier.id]
        self.q1_sms_action_id.sudo().with_context(
            active_model=dossier._name,
            active_id=dossier.id,
            active_ids=dossier.ids,
            q1_sms_phone=dossier.applicant_phone,
            q1_sms_body=body,
        ).run()
        dossier.message_post(
            body=self.env._("SMS sent to %(phone)s: %(body)s", phone=dossier.applicant_phone, body=body),
            subtype_xmlid="mail.mt_note",
        )
        return True
