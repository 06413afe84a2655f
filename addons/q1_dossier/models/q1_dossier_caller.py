from odoo import api, models
from odoo.exceptions import AccessError, UserError

RECEPTION = "q1_dossier.group_q1_reception"
PROCESSING = "q1_dossier.group_q1_processing"
# Who may call each action on a dossier, over RPC exactly as from its button (the button's groups= in the form
# view): the roles, each with the dossier's unit it must be held in: "receiving" (company_id), "deciding"
# (deciding_company_id) or "either". The keys of the lifecycle form (q1.dossier.action) are actions here too.
CALLER_ROLES = {
    "receive": ((RECEPTION, "receiving"),),
    "counter_outcome": ((RECEPTION, "receiving"),),
    "take": ((PROCESSING, "deciding"),),
    "assign": (("q1_dossier.group_q1_department_head", "deciding"),),
    "hand_over": ((PROCESSING, "deciding"),),
    "supplement": ((PROCESSING, "deciding"),),
    "payment": ((PROCESSING, "deciding"),),
    "resume": ((RECEPTION, "receiving"), (PROCESSING, "deciding")),
    "extension": ((PROCESSING, "deciding"),),
    "decide_extension": (("q1_dossier.group_q1_unit_leader", "deciding"),),
    "refuse": ((PROCESSING, "deciding"),),
    "stop": ((RECEPTION, "receiving"),),
    "withdraw": ((RECEPTION, "receiving"),),
    "return": ((RECEPTION, "receiving"),),
    "rate": ((RECEPTION, "receiving"),),
    "print": ((RECEPTION, "either"), (PROCESSING, "either")),
}


class Q1DossierCaller:
    """Who may call what on a dossier: the role and unit checks that open every public method of ``q1.dossier``. Over
    RPC any logged-in user calls any public method; each one therefore checks its caller exactly as its button's
    ``groups=`` does, and in the unit that role acts for (``CALLER_ROLES``).

    It is a plain Python base class of ``q1.dossier``'s model class, not a model: Odoo registers nothing for
    it, so its public methods exist over RPC on ``q1.dossier`` alone, where they check their caller.
    """

    def _check_role(self, *group_xmlids):
        """Refuse the caller unless they hold one of the groups ``group_xmlids``; the system (sudo) may."""
        if self.env.su or any(self.env.user.has_group(xmlid) for xmlid in group_xmlids):
            return
        roles = ", ".join(self.env.ref(xmlid).sudo().name for xmlid in group_xmlids)
        raise AccessError(self.env._("Only a user with one of these roles may do this: %(roles)s.", roles=roles))

    def _in_user_units(self, side):
        """Whether the dossier's unit ``side`` ("receiving", "deciding" or "either") is one of the user's."""
        self.ensure_one()
        dossier = self.sudo()
        units = {
            "receiving": dossier.company_id,
            "deciding": dossier.deciding_company_id,
            "either": dossier.company_id | dossier.deciding_company_id,
        }[side]
        return bool(units & self.env.user.company_ids)

    def _check_unit(self, side):
        """Refuse the caller unless every dossier's unit ``side`` is one of theirs; the system (sudo) may."""
        if self.env.su or all(dossier._in_user_units(side) for dossier in self):
            return
        if side == "receiving":
            raise AccessError(self.env._("Only the officers of the unit that received this dossier may do this."))
        if side == "deciding":
            raise AccessError(self.env._("Only the officers of the unit that decides this dossier may do this."))
        raise AccessError(self.env._("This dossier belongs to another unit."))

    def _check_caller(self, action):
        """Refuse the caller unless they hold a role of ``action`` (CALLER_ROLES) in the dossier's unit that role
        acts for, as the action's button requires. The first line of every public method that acts on dossiers."""
        if self.env.su:
            return
        if action not in CALLER_ROLES:
            raise UserError(self.env._("Unknown action on a dossier."))
        options = CALLER_ROLES[action]
        sides = [side for group, side in options if self.env.user.has_group(group)]
        if not sides:
            self._check_role(*(group for group, _side in options))
        for dossier in self:
            if not any(dossier._in_user_units(side) for side in sides):
                dossier._check_unit(sides[0])

    def _as_user(self, user):
        """``user`` as a res.users record: given as a record by the forms and code, as an id over RPC."""
        if isinstance(user, models.BaseModel):
            return user if user._name == "res.users" else self.env["res.users"]
        if isinstance(user, int) and not isinstance(user, bool):
            return self.env["res.users"].browse(user)
        return self.env["res.users"]

    def _check_holder(self, user):
        """Refuse ``user`` (record or id) as the holder of the dossiers' current step unless they are one active
        internal user with the processing role in the unit that decides every dossier; return it as a record."""
        user = self._as_user(user)
        officer = user.sudo().exists()
        if len(officer) != 1:
            raise UserError(self.env._("Choose one officer to hold the dossier."))
        for dossier in self:
            if not (
                officer.active
                and officer._is_internal()
                and officer.has_group(PROCESSING)
                and dossier.sudo().deciding_company_id in officer.company_ids
            ):
                raise UserError(
                    self.env._(
                        "%(officer)s cannot hold this dossier: the holder must be an active processing officer "
                        "of the unit that decides it.",
                        officer=officer.name,
                    )
                )
        return user

    @api.model
    def _check_dossier_ref(self, value):
        """Refuse a form's reference to a dossier the user may not read. A new record's form (``onchange``) shows
        its dossier by name, code and applicant, and the ORM reads that name as the system: the forms that point
        to a dossier call this first, so that another ward's dossier is not named by guessing its id."""
        ident = value.get("id") if isinstance(value, dict) else value
        if isinstance(ident, int) and not isinstance(ident, bool) and ident:
            self.browse(ident).check_access("read")
