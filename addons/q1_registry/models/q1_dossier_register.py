from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension

from .q1_register_entry import IN_FORCE

# The statuses in which the counter may still name the entry an amendment, replacement or revocation acts on.
BEFORE_RECEPTION = ("draft", "incomplete")


class Q1Dossier(DossierExtension, models.Model):
    """A dossier's result in its procedure's register (``q1.register``): when the result is ready (status "done") the
    dossier creates an entry, or amends, replaces or revokes the entry named at reception (``register_entry_id``),
    always through the entry's methods, which keep each change as an event with the data before and after. A
    dossier refused, stopped or withdrawn writes nothing."""

    _inherit = "q1.dossier"  # pylint: disable=consider-merging-classes-inherited

    register_entry_id = fields.Many2one(
        "q1.register.entry",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="For an amendment, replacement or revocation: the entry the dossier acts on, named at reception. Once "
        "the result is ready: the entry the dossier created or changed.",
    )
    register_event_ids = fields.One2many("q1.register.event", "dossier_id", string="Register Events", readonly=True)
    register_id = fields.Many2one(related="procedure_id.register_id", string="Result Register")
    register_action = fields.Selection(related="procedure_id.register_action")

    # ------------------------------------------------------------------ the entry acted on, named at the counter

    def _check_user_vals(self, vals, creating=False):
        if "register_entry_id" in vals:
            if not creating and self.filtered(lambda d: d.state not in BEFORE_RECEPTION):
                raise UserError(
                    self.env._(
                        "The register entry a dossier acts on is named before reception; afterwards the result "
                        "writes it."
                    )
                )
            entry = self.env["q1.register.entry"].browse(vals["register_entry_id"] or [])
            if entry:
                entry = entry.exists()
                if not entry or not entry.has_access("read"):
                    raise UserError(self.env._("Choose an entry of your unit's registers."))
        return super()._check_user_vals(vals, creating=creating)

    @api.constrains("register_entry_id", "procedure_id", "applicant_id_number", "state")
    def _q1_check_register_entry(self):
        for dossier in self.sudo().filtered(lambda d: d.state in BEFORE_RECEPTION and d.register_entry_id):
            dossier._q1_check_entry_acted_on()

    def _q1_check_entry_acted_on(self):
        """Refuse an entry the dossier cannot act on: an entry of the procedure's register kept by the deciding unit,
        in force (valid or amended), of the applicant (same ID number)."""
        self.ensure_one()
        dossier = self.sudo()
        entry = dossier.register_entry_id
        procedure = dossier.procedure_id
        if procedure.register_action not in ("amend", "replace", "revoke"):
            raise UserError(
                self.env._("Procedure %s does not act on an existing register entry.", procedure.display_name)
            )
        if not entry:
            raise UserError(
                self.env._(
                    "Name the register entry this dossier amends, replaces or revokes (Register Entry) before "
                    "receiving it."
                )
            )
        if entry.register_id != procedure.register_id or entry.company_id != dossier.deciding_company_id:
            raise UserError(
                self.env._(
                    "Entry %(entry)s is not in register %(register)s of %(unit)s, which this procedure acts on.",
                    entry=entry.number,
                    register=procedure.register_id.display_name,
                    unit=dossier.deciding_company_id.name,
                )
            )
        if entry.state not in IN_FORCE:
            raise UserError(
                self.env._(
                    "Entry %(entry)s is %(state)s: only an entry in force (valid or amended) can be acted on.",
                    entry=entry.number,
                    state=dict(entry._fields["state"]._description_selection(self.env))[entry.state],
                )
            )
        if not dossier.applicant_id_number or entry.holder_id_number != dossier.applicant_id_number:
            raise UserError(
                self.env._(
                    "Entry %(entry)s belongs to another holder: the applicant's ID number must be the entry's "
                    "(%(holder)s).",
                    entry=entry.number,
                    holder=entry.holder_name,
                )
            )

    def _check_receivable(self):
        result = super()._check_receivable()
        if self.sudo().procedure_id.register_action in ("amend", "replace", "revoke"):
            self._q1_check_entry_acted_on()
        return result

    # ------------------------------------------------------------------ the result written into the register

    def _set_status(self, status, **vals):
        result = super()._set_status(status, **vals)
        if status == "done":
            self._q1_write_register()
        return result

    def _q1_write_register(self):
        """Write each dossier's result into its procedure's register, as the procedure's register action says.
        Called when the result is ready; requires the dossier's data complete (part A)."""
        for dossier in self.sudo():
            procedure = dossier.procedure_id
            register, action = procedure.register_id, procedure.register_action
            if not register or not action:
                continue
            if dossier.register_event_ids:
                continue  # written already (never twice for one result)
            dossier._q1_check_data_complete()
            values = dossier._q1_register_values()
            Entry = self.env["q1.register.entry"].sudo()
            if action == "create":
                data = Entry._q1_register_data(register, values)
                entry = Entry._q1_create_entry(dossier, register, data)
            else:
                dossier._q1_check_entry_still_in_force()
                entry = dossier.register_entry_id
                if action == "amend":
                    entry._q1_amend(dossier, values)
                elif action == "replace":
                    entry = entry._q1_replace(dossier, values)
                else:
                    entry._q1_revoke(dossier)
            dossier._lifecycle_write({"register_entry_id": entry.id})
            dossier.message_post(
                body=self.env._(
                    "Result written into register %(register)s: entry %(entry)s.",
                    register=register.display_name,
                    entry=entry.number,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _q1_check_entry_still_in_force(self):
        """Between reception and the result another dossier may have replaced or revoked the entry: refuse then."""
        entry = self.register_entry_id
        if not entry or entry.state not in IN_FORCE:
            raise UserError(
                self.env._(
                    "Entry %s is no longer in force: the result of this dossier cannot be written into the register.",
                    entry.number or "",
                )
            )

    def _q1_register_values(self):
        """The dossier's data as {property name: value} (``data_values``)."""
        return dict(self.data_values or {})

    def _q1_register_signer(self):
        """Who signed the result: the holder of the last step of the control slip (the leader's signature); for a
        dossier without a control slip, a leader of the deciding unit; else the user writing the result."""
        last = self.step_ids.sorted(lambda s: (s.sequence, s.id))[-1:]
        if last.user_id:
            return last.user_id
        leader = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("company_ids", "in", self.deciding_company_id.id),
                    ("groups_id", "in", self.env.ref("q1_dossier.group_q1_unit_leader").id),
                    ("groups_id", "not in", self.env.ref("q1_dossier.group_q1_manager").id),
                    ("share", "=", False),
                ],
                order="id",
                limit=1,
            )
        )
        return leader or self.env.user

    def _q1_register_signer_title(self, user):
        """The signer's title at the time: their employee's job title in the deciding unit, else their role."""
        if not user:
            return False
        employee = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "=", user.id), ("company_id", "=", self.deciding_company_id.id)], limit=1)
        )
        if employee.job_title:
            return employee.job_title
        # The register is a Vietnamese record: the role's name as the Vietnamese catalogue of groups gives it.
        for group in ("q1_dossier.group_q1_unit_leader", "q1_dossier.group_q1_department_head"):
            if user.has_group(group):
                return self.env.ref(group).with_context(lang="vi_VN").name
        return False
