from odoo.exceptions import AccessError, UserError

# The roles of the quality system, in OCA's groups (security/q1_quality_security.xml): the unit's ISO secretary is
# OCA's "Manager"; a unit leader is OCA's "Approving User", which implies "Auditor"; officers are "Users".
ISO_SECRETARY = "mgmtsystem.group_mgmtsystem_manager"
APPROVER = "mgmtsystem.group_mgmtsystem_user_manager"
AUDITOR = "mgmtsystem.group_mgmtsystem_auditor"
LEADER = "q1_dossier.group_q1_unit_leader"


class Q1QualityUnitCaller:
    """Who may call what on a record of the audits and reviews: the role and unit checks that open every public
    method of these models (the RPC rule of q1_dossier's ``Q1DossierCaller``). A plain Python base class of the
    models that use it, not a model: Odoo registers nothing for it.

    ``_q1_facts`` are the fields only the model's own methods write (states, who approved, when, the results of a
    checklist): a user's direct write of one is refused with a message naming them (``_q1_check_facts``)."""

    # no instance dictionary: Odoo rebuilds a model class's bases at each registry set-up, which needs every base
    # to share BaseModel's slotted layout
    __slots__ = ()

    _q1_facts = frozenset()

    def _q1_check_caller(self, *group_xmlids):
        """Refuse the caller unless they hold one of ``group_xmlids`` and every record's unit (``company_id``) is one
        of their units; the system (sudo) may."""
        if self.env.su:
            return
        user = self.env.user
        if not any(user.has_group(xmlid) for xmlid in group_xmlids):
            roles = ", ".join(self.env.ref(xmlid).sudo().full_name for xmlid in group_xmlids)
            raise AccessError(self.env._("Only a user with one of these roles may do this: %(roles)s.", roles=roles))
        for record in self.sudo():
            if record.company_id and record.company_id not in user.company_ids:
                raise AccessError(self.env._("This record belongs to another unit: only its own officers may do this."))

    def _q1_check_facts(self, vals):
        """Refuse a user's direct write of the model's facts (``_q1_facts``); the system (its own methods, sudo) may."""
        if self.env.su:
            return
        facts = sorted(name for name in vals if name in self._q1_facts)
        if facts:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in facts)
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s are set by its own actions and cannot be written directly.",
                    fields=labels,
                    model=self._description,
                )
            )

    def _q1_check_user_unit(self, company):
        """Refuse a unit (res.company record) that is not one of the user's; the system may."""
        if self.env.su or not company:
            return
        if company not in self.env.user.company_ids:
            raise AccessError(self.env._("You may only work in the quality records of your own units."))

    def _q1_input_check(self, vals):
        """The one-stop shop's input checks (addons/q1_dossier/models/base.py) for a model not named ``q1.*`` (OCA's
        models this addon extends): field types, bounds, records that exist."""
        if not self._name.startswith("q1."):
            self._q1_check_vals(vals)
        return vals
