import math

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

from ..core import validation
from ..core.validation import InputError, shown

# Values the ORM accepts for an x2many field: ids, dicts of values, or commands (Command.CREATE .. Command.SET).
_X2MANY_COMMANDS = range(0, 7)


class Base(models.AbstractModel):
    """Input checks of every model of the one-stop shop (models named ``q1.*``, transient ones included), made
    before the ORM converts a value.

    Over RPC anyone can send any value: the ORM answers a selection key it does not know, a date it cannot parse,
    an integer beyond the PostgreSQL ``integer`` column or a NaN with a traceback (``ValueError``,
    ``NumericValueOutOfRange``), half-way through a request. Here each value of ``create``/``write`` is checked for
    its field's type first (``_q1_check_vals``), then the model's own rules for what people type apply
    (``_q1_clean_vals``: names, e-mails, bounds; ``core.validation`` holds the rules), and a bad value is refused
    with a message naming the field, in the user's language, before anything is stored. Rules that tie several
    fields together stay ``@api.constrains`` on the model.
    """

    _inherit = "base"

    # {field: longest text accepted}, for fields with a tighter bound than ``core.validation``'s defaults.
    _q1_text_limits = {}

    @api.model_create_multi
    def create(self, vals_list):
        if self._name.startswith("q1."):
            vals_list = [self._q1_clean_vals(self._q1_check_vals(vals)) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if self._name.startswith("q1."):
            vals = self._q1_clean_vals(self._q1_check_vals(vals))
        return super().write(vals)

    # ------------------------------------------------------------------ display names

    # Many-to-one fields that name a record of a q1 model which has no name of its own (no ``_rec_name``), in order
    # of preference; the first two that are set follow the model's description.
    _q1_naming_parents = (
        "dossier_id",
        "employee_id",
        "sheet_id",
        "period_id",
        "issue_id",
        "wizard_id",
        "procedure_id",
        "field_id",
        "company_id",
    )

    def _q1_description(self):
        """The model's description in the user's language (``ir.model``'s translated name): what Odoo writes in the
        chatter's creation message, and the start of the display name of a record without a name."""
        return self.env["ir.model"].sudo()._get(self._name).name or self._description

    def _q1_naming_fields(self):
        return [
            name for name in self._q1_naming_parents if name in self._fields and self._fields[name].type == "many2one"
        ]

    @api.depends(
        lambda self: (
            (self._rec_name,)
            if self._rec_name
            else tuple(self._q1_naming_fields())
            if self._name.startswith("q1.")
            else ()
        )
    )
    def _compute_display_name(self):
        """Odoo names a record without a ``_rec_name`` ``model,id`` ("q1.evaluation.sheet,5"), which breadcrumbs
        and dialogs then show. A q1 record without a name is named by its model's description and what it belongs
        to: "Phiếu đánh giá – Nguyễn Văn An – Tháng 3/2026 - …"."""
        if self._rec_name or not self._name.startswith("q1."):
            return super()._compute_display_name()
        label = self._q1_description()
        parents = self._q1_naming_fields()
        for record in self:
            parts = [label]
            for name in parents:
                try:
                    parent = record[name]
                    if parent:
                        parts.append(parent.display_name)
                except AccessError:
                    continue
                if len(parts) == 3:
                    break
            record.display_name = " – ".join(part for part in parts if part)

    def _q1_in_fallback_lang(self):
        """``self`` in the language Odoo's ``_`` falls back to when the context has none (the user's): the chatter's
        creation message of a q1 record created by the system reads "Thủ tục hành chính được tạo", not the model's
        English name inside a Vietnamese sentence ("Administrative Procedure được tạo")."""
        if self.env.lang:
            return self
        lang = self.env["res.users"].context_get().get("lang")
        return self.with_context(lang=lang) if lang else self

    # ------------------------------------------------------------------ hooks

    def _q1_clean_vals(self, vals):
        """The model's own rules for typed-in values: return ``vals`` with values normalised (stripped names, ...)
        or raise ``ValidationError``. ``_q1_apply`` applies one ``core.validation`` check to one field."""
        return vals

    def _q1_apply(self, vals, name, check, *args, **kwargs):
        """``vals[name] = check(vals[name], *args, **kwargs)`` when ``name`` is given; an ``InputError`` becomes the
        field's message. Returns ``vals`` (a copy when a value changed)."""
        if name not in vals:
            return vals
        try:
            value = check(vals[name], *args, **kwargs)
        except InputError as error:
            raise self._q1_input_error(name, error) from None
        if value is not vals[name]:
            vals = dict(vals, **{name: value})
        return vals

    # ------------------------------------------------------------------ field types

    def _q1_check_vals(self, vals):
        """Refuse, field by field, what the ORM could not store: unknown fields, values of the wrong type,
        selection keys the field does not have, integers beyond int4, NaN and infinities, numbers wider than the
        column, text with control characters or longer than any form allows, records that do not exist."""
        if not isinstance(vals, dict):
            raise ValidationError(self.env._("The values to save must be given field by field."))
        for name, value in vals.items():
            if name == "id":
                continue
            field = self._fields.get(name)
            if field is None:
                raise ValidationError(
                    self.env._("There is no field %(field)s on %(model)s.", field=shown(name), model=self._description)
                )
            try:
                self._q1_check_value(field, value)
            except InputError as error:
                raise self._q1_input_error(name, error) from None
        return vals

    def _q1_check_value(self, field, value):
        kind = field.type
        if kind in ("char", "text", "html"):
            if kind == "html":
                if value and not isinstance(value, str):
                    raise InputError(validation.WRONG_TYPE, value=value)
                if value and "\x00" in value:
                    raise InputError(validation.CONTROL_CHARACTERS)
                return
            if isinstance(value, dict) and field.translate:  # {lang: value} from the translation dialog
                for text in value.values():
                    self._q1_check_value(field, text)
                return
            validation.clean_text(
                value,
                max_length=self._q1_text_limits.get(field.name)
                or field.size
                or (validation.TEXT_MAX_LENGTH if kind == "text" else validation.CHAR_MAX_LENGTH),
                multiline=kind == "text",
            )
        elif value is None or value is False:
            return
        elif kind == "selection":
            validation.check_choice(value, [key for key, _label in field._description_selection(self.env)])
        elif kind == "integer":
            validation.check_integer(value)
        elif kind in ("float", "monetary"):
            validation.check_number(value)
            digits = field.get_digits(self.env) if kind == "float" else None
            if digits and digits[0] and abs(value) >= 10 ** (digits[0] - digits[1]):
                # a numeric(p, s) column holds less than 10^(p-s)
                high = 10 ** (digits[0] - digits[1]) - 10 ** -digits[1]
                raise InputError(validation.OUT_OF_RANGE, value=value, low=-high, high=high)
        elif kind == "date":
            validation.to_date(value)
        elif kind == "datetime":
            validation.to_datetime(value)
        elif kind == "many2one":
            self._q1_check_record(field, value)
        elif kind in ("one2many", "many2many"):
            self._q1_check_x2many(field, value)

    def _q1_check_record(self, field, value):
        if isinstance(value, models.BaseModel):
            return
        if isinstance(value, tuple) and value:  # (id, display name), as read() gives it
            value = value[0]
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(validation.WRONG_TYPE, value=value, record=True)
        if not 0 < value <= validation.INT4_MAX or not self.env[field.comodel_name].sudo().browse(value).exists():
            raise InputError(validation.OUT_OF_RANGE, value=value, record=True)

    def _q1_check_x2many(self, field, value):
        if isinstance(value, models.BaseModel):
            return
        if not isinstance(value, (list, tuple)):
            raise InputError(validation.WRONG_TYPE, value=value, commands=True)
        for item in value:
            if isinstance(item, dict):
                continue
            if isinstance(item, int) and not isinstance(item, bool):
                ids = [item]
            elif isinstance(item, (list, tuple)) and item and self._q1_is_id(item[0]) and item[0] in _X2MANY_COMMANDS:
                ids = [item[1]] if len(item) > 1 and item[0] in (1, 2, 3, 4) else []
                if item[0] == 6:
                    ids = list(item[2]) if len(item) > 2 and isinstance(item[2], (list, tuple)) else [None]
            else:
                raise InputError(validation.WRONG_TYPE, value=item, commands=True)
            if not all(self._q1_is_id(record_id) and 0 < record_id <= validation.INT4_MAX for record_id in ids):
                raise InputError(validation.WRONG_TYPE, value=item, commands=True)

    @staticmethod
    def _q1_is_id(value):
        """An int (``Command`` members are ints), not a bool."""
        return isinstance(value, int) and not isinstance(value, bool)

    # ------------------------------------------------------------------ messages

    def _q1_input_error(self, name, error):
        """The ``ValidationError`` for ``error`` (a ``core.validation.InputError``) on field ``name``."""
        field = self._fields.get(name)
        params = dict(error.params)
        for key in ("value", "low", "high"):
            params[key] = self._q1_shown(params.get(key))
        params["field"] = field._description_string(self.env) if field else name
        code = error.code
        if params.pop("record", False):
            code = "record_" + code
        elif params.pop("commands", False):
            code = "commands"
        elif code == validation.OUT_OF_RANGE and error.params.get("low") is None:
            code = "too_large"
        elif code == validation.OUT_OF_RANGE and error.params.get("high") is None:
            code = "too_small"
        if "choices" in params:
            params["choices"] = ", ".join(str(choice) for choice in params["choices"])
        return ValidationError(self._q1_input_messages().get(code, self._q1_input_messages()[""])(params))

    def _q1_input_messages(self):
        """{error code: params -> message}; each message names the field and quotes the refused value."""
        return {
            validation.WRONG_TYPE: lambda p: self.env._("%(field)s: a text is expected, not %(value)s.", **p),
            "record_" + validation.WRONG_TYPE: lambda p: self.env._("%(field)s: %(value)s is not a record id.", **p),
            "record_" + validation.OUT_OF_RANGE: lambda p: self.env._(
                "%(field)s: record %(value)s does not exist.", **p
            ),
            "commands": lambda p: self.env._(
                "%(field)s: a list of records or commands is expected, not %(value)s.", **p
            ),
            validation.EMPTY: lambda p: self.env._("%(field)s cannot be empty.", **p),
            validation.TOO_LONG: lambda p: self.env._(
                "%(field)s is too long: %(length)s characters, at most %(max)s.", **p
            ),
            validation.CONTROL_CHARACTERS: lambda p: self.env._(
                "%(field)s contains control characters (such as a line break or a NUL byte); remove them.", **p
            ),
            validation.BAD_EMAIL: lambda p: self.env._("%(field)s: %(value)s is not a valid e-mail address.", **p),
            validation.NOT_INTEGER: lambda p: self.env._("%(field)s: a whole number is expected, not %(value)s.", **p),
            validation.NOT_FINITE: lambda p: self.env._("%(field)s: a number is expected, not %(value)s.", **p),
            validation.OUT_OF_RANGE: lambda p: self.env._(
                "%(field)s: %(value)s is out of range; it must be between %(low)s and %(high)s.", **p
            ),
            "too_large": lambda p: self.env._("%(field)s: %(value)s is too large; it can be at most %(high)s.", **p),
            "too_small": lambda p: self.env._("%(field)s: %(value)s is too small; it must be at least %(low)s.", **p),
            validation.BAD_DATE: lambda p: self.env._(
                "%(field)s: a date (YYYY-MM-DD) is expected, not %(value)s.", **p
            ),
            validation.BAD_DATETIME: lambda p: self.env._(
                "%(field)s: a date and time (YYYY-MM-DD HH:MM:SS) is expected, not %(value)s.", **p
            ),
            validation.UNKNOWN_CHOICE: lambda p: self.env._(
                "%(field)s: %(value)s is not one of the allowed values (%(choices)s).", **p
            ),
            validation.TOO_EARLY: lambda p: self.env._(
                "%(field)s: %(value)s is too early; it cannot be before %(low)s.", **p
            ),
            validation.IN_FUTURE: lambda p: self.env._(
                "%(field)s: %(value)s is in the future; it cannot be after %(high)s.", **p
            ),
            "": lambda p: self.env._("%(field)s: the value %(value)s is not valid.", **p),
        }

    @api.model
    def _q1_shown(self, value):
        """A value as a message quotes it: dates as dd/mm/yyyy, whole numbers without decimals, long text cut."""
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return str(int(value))
        return shown(value)
