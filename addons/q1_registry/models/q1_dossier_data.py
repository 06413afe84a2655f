from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.q1_dossier.core.localtime import to_local
from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension

from ..core import procedure_data
from ..core.procedure_data import missing_required, printed_lines, values_problems

RECEPTION = "q1_dossier.group_q1_reception"
PROCESSING = "q1_dossier.group_q1_processing"
# Where the data can still change: before the result (the counter and the processing). Once the result is ready, or
# the dossier closed without one, its data is what was decided: an amendment dossier changes it (the registers).
DATA_OPEN_STATUSES = frozenset({"draft", "incomplete", "received", "processing", "supplement", "payment"})
# Endings the law allows whatever the data says: a refusal, a stop or a withdrawal is never held back by it.
ENDINGS_WITHOUT_RESULT = frozenset({"refused", "stopped", "withdrawn"})


class Q1Dossier(DossierExtension, models.Model):
    """The procedure's data on each of its dossiers (``data_values``, Odoo properties defined on the procedure), the
    stages from which some of it is required (``q1.procedure.data.rule``) and its freezing once the result is
    ready."""

    _inherit = "q1.dossier"  # pylint: disable=consider-merging-classes-inherited

    data_values = fields.Properties(
        "Dossier Data",
        definition="procedure_id.data_definition",
        copy=True,
        help="The data the procedure collects and decides, as its administrators defined it.",
    )

    # ------------------------------------------------------------------ reads of it

    def _fetch_query(self, query, fields):
        """The data is the citizen's too (a child's name and birth date, a business's address): a read of it
        outside the dossier's unit flow is logged as a read of the applicant's data is (q1.personal.data.mixin).
        The properties are fetched on their own (not prefetched), hence this hook beside the mixin's."""
        records = super()._fetch_query(query, fields)
        names = {field.name for field in fields}
        if records and "data_values" in names and not names & set(self._q1_personal_fields):
            self.env["q1.audit.log"]._log_personal_reads(lambda: self._q1_audit_dossier_ids(records))
        return records

    # ------------------------------------------------------------------ required data

    def _q1_stage_key(self, stage):
        return (stage.sequence, stage.id)

    def _q1_missing_data(self, stage=None):
        """The labels of the data items required at ``stage`` (a q1.dossier.stage, by default the dossier's own)
        that are empty on the dossier, in the procedure's order. Read as the system: the rules are the
        procedure's."""
        self.ensure_one()
        dossier = self.sudo()
        stage = (stage or dossier.stage_id).sudo()
        procedure = dossier.procedure_id
        if not stage or not procedure:
            return []
        rules = {
            rule.property_name: self._q1_stage_key(rule.required_stage_id)
            for rule in procedure.data_rule_ids
            if rule.required_stage_id
        }
        if not rules:
            return []
        definitions = procedure._q1_data_definitions()
        names = missing_required(definitions, dossier.data_values or {}, rules, self._q1_stage_key(stage))
        labels = procedure._q1_data_labels()
        return [labels.get(name, name) for name in names]

    def _q1_check_data_complete(self, stage=None):
        """Refuse (UserError naming the items) when a data item required at ``stage`` (by default the dossier's
        stage) is empty. The registers call it before writing an entry from the dossier."""
        for dossier in self:
            missing = dossier._q1_missing_data(stage)
            if missing:
                target = (stage or dossier.stage_id).sudo()
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s cannot be at stage '%(stage)s' without its data: %(items)s. "
                        "Fill them in on the dossier's Dossier Data tab.",
                        dossier=dossier.display_name,
                        stage=target.name,
                        items=", ".join(missing),
                    )
                )
        return True

    def _lifecycle_write(self, vals):
        """Every move of a dossier's stage goes through here (reception, hand-overs, waits, result, return): a stage
        that needs data the dossier lacks is refused before anything is written. Refusals, stops and withdrawals
        end a dossier whatever its data."""
        if vals.get("stage_id"):
            stage = self.env["q1.dossier.stage"].sudo().browse(vals["stage_id"])
            if stage.status not in ENDINGS_WITHOUT_RESULT:
                self.filtered(lambda dossier: dossier.stage_id != stage)._q1_check_data_complete(stage)
        return super()._lifecycle_write(vals)

    # ------------------------------------------------------------------ what is typed in

    def _q1_clean_vals(self, vals):
        """Every value typed into a data item fits its type and bounds, or the whole save is refused naming the
        item; an ORM error on a value of the wrong shape would be a traceback."""
        vals = super()._q1_clean_vals(vals)
        if "data_values" not in vals:
            return vals
        values = vals["data_values"]
        if values in (False, None):
            return vals
        if not isinstance(values, (dict, list)) or (
            isinstance(values, list) and not all(isinstance(item, dict) for item in values)
        ):
            raise ValidationError(self.env._("Dossier Data: the values must be given item by item."))
        procedures = self.mapped("procedure_id")
        if vals.get("procedure_id"):
            procedures = self.env["q1.procedure"].browse(vals["procedure_id"])
        for procedure in procedures.sudo():
            problems = values_problems(procedure._q1_data_definitions(), values)
            if problems:
                definition, code = problems[0]
                raise ValidationError(self._q1_data_value_message(definition, code))
        return vals

    def _q1_data_value_message(self, definition, code):
        item = definition.get("string") or definition.get("name")
        messages = {
            procedure_data.TOO_LONG: lambda: self.env._(
                "%(item)s is too long: at most %(max)s characters.", item=item, max=procedure_data.TEXT_MAX_LENGTH
            ),
            procedure_data.CONTROL: lambda: self.env._(
                "%(item)s contains control characters (such as a line break); remove them.", item=item
            ),
            procedure_data.OUT_OF_RANGE: lambda: self.env._(
                "%(item)s is out of range (a number of at most 15 digits, a date between 1900 and 2200).", item=item
            ),
            procedure_data.BAD_DATE: lambda: self.env._("%(item)s: a date (YYYY-MM-DD) is expected.", item=item),
            procedure_data.UNKNOWN_CHOICE: lambda: self.env._("%(item)s: choose one of the item's options.", item=item),
        }
        return messages.get(code, lambda: self.env._("%(item)s: the value does not fit the item's type.", item=item))()

    # ------------------------------------------------------------------ who writes the data

    def _check_user_vals(self, vals, creating=False):
        if "data_values" in vals:
            self._q1_check_data_writer(creating)
        return super()._check_user_vals(vals, creating=creating)

    def _q1_check_data_writer(self, creating=False):
        """The data is entered by the officers (reception or processing) of the dossier's units, receiving or
        deciding, while it is open; once the result is ready, or the dossier closed, it is frozen."""
        if creating:
            # a new dossier is the counter's draft: who may create one is the access rights' and the units' rule
            return
        self._check_role(RECEPTION, PROCESSING)
        self._check_unit("either")
        frozen = self.filtered(lambda dossier: dossier.state not in DATA_OPEN_STATUSES)
        if frozen:
            raise UserError(
                self.env._(
                    "The data of dossier %s is frozen: its result is ready or it is closed. A change to a decided "
                    "result is made by an amendment dossier.",
                    frozen[0].display_name,
                )
            )

    def write(self, vals):
        result = super().write(vals)
        if "data_values" in vals and not self.env.su:
            # Emptying a required item once the dossier is past its stage would undo what the stage checked.
            for dossier in self.filtered(lambda d: d.state not in ENDINGS_WITHOUT_RESULT):
                dossier._q1_check_data_complete()
        return result

    # ------------------------------------------------------------------ printing

    def _q1_printed_data_lines(self):
        """``[(label, text), ...]`` of the data items the procedure prints on the forms (rules "Printed on forms"),
        those with a value, in the procedure's order; dates dd/mm/yyyy, numbers the Vietnamese way, choices by
        their labels, records by their names."""
        self.ensure_one()
        dossier = self.sudo()
        procedure = dossier.procedure_id
        printed = {rule.property_name for rule in procedure.data_rule_ids if rule.printed}
        if not printed:
            return []
        definitions = procedure._q1_data_definitions()
        values = dict(dossier.data_values or {})
        names = {}
        for definition in definitions:
            name, kind, value = definition["name"], definition.get("type"), values.get(definition["name"])
            if name not in printed or not value:
                continue
            if kind == "datetime":
                values[name] = to_local(fields.Datetime.to_datetime(value))
            elif kind in ("many2one", "many2many") and definition.get("comodel") in self.env:
                ids = [value] if kind == "many2one" else value
                records = self.env[definition["comodel"]].sudo().browse(ids).exists()
                names[name] = {record.id: record.display_name for record in records}
        return printed_lines(definitions, values, printed, names)
