"""Per-procedure data (Odoo's ``fields.Properties``) as plain values: when a property counts as empty, which required
properties a dossier lacks at a stage, and how a value is printed on the Vietnamese forms.

A property definition is a dict as Odoo stores it on the procedure (``name``, ``string``, ``type`` and, by type,
``selection`` [[key, label], ...] or ``tags`` [[key, label, colour], ...]); a dossier's values are a dict
``{property name: value}``. Nothing here imports Odoo: the models pass plain values in and get plain values out.
"""

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

# Property types that hold no value: a separator is a heading of the form.
VALUELESS_TYPES = frozenset({"separator"})
# A yes/no property always has an answer (unticked is "no"): it cannot be required.
NOT_REQUIRABLE_TYPES = frozenset({"separator", "boolean"})
NUMBER_TYPES = frozenset({"integer", "float"})

YES, NO = "Có", "Không"

# Bounds of what an officer types into a data item (a one-line text, an amount in đồng, a date of this world).
TEXT_MAX_LENGTH = 1000
NUMBER_MAX = 10**15
YEAR_MIN, YEAR_MAX = 1900, 2200
# Why a value is refused (``value_problem``); the model words each one.
WRONG_TYPE, TOO_LONG, CONTROL, OUT_OF_RANGE, BAD_DATE, UNKNOWN_CHOICE = (
    "wrong_type",
    "too_long",
    "control",
    "out_of_range",
    "bad_date",
    "unknown_choice",
)


def is_empty(kind, value):
    """Whether a value of property type ``kind`` is missing. Numbers: 0 is a value (Odoo stores it), only an unset
    number is empty; text: blank is empty; lists (tags, many2many): an empty list is empty."""
    if kind in NUMBER_TYPES:
        return value is None or value is False
    if isinstance(value, str):
        return not value.strip()
    return value is None or value is False or value == [] or value == ()


def stage_reached(stage_key, required_key):
    """Whether a dossier at a stage of position ``stage_key`` has reached a stage of position ``required_key``.
    Positions are ``(sequence, id)`` tuples, the stages' order (``q1.dossier.stage._order = "sequence, id"``), so
    that two stages sharing a sequence are still ordered."""
    return tuple(stage_key) >= tuple(required_key)


def missing_required(definitions, values, rules, stage_key):
    """The names of the properties required at the stage of position ``stage_key`` and empty in ``values``, in the
    definition's order.

    ``rules``: ``{property name: position of the stage it is required from}`` (properties without a required stage
    are left out). A rule naming a property the definition no longer has, or a type that cannot be required, is
    ignored: nothing can be asked for it."""
    values = values or {}
    names = []
    for definition in definitions or ():
        name = definition.get("name")
        kind = definition.get("type")
        if name not in rules or kind in NOT_REQUIRABLE_TYPES:
            continue
        if stage_reached(stage_key, rules[name]) and is_empty(kind, values.get(name)):
            names.append(name)
    return names


def format_number(value, digits=None):
    """A number written the Vietnamese way: "." between thousands, "," before decimals ("1.234.567",
    "12.345,5"). ``digits``: decimals kept for a float (trailing zeros dropped); an int is written whole."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    number = Decimal(str(value))
    if digits is not None:
        number = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def format_value(definition, value, names=None):
    """The printed text of a property's value ("" when empty).

    Dates dd/mm/yyyy, datetimes (given in local time) dd/mm/yyyy HH:MM, numbers the Vietnamese way, yes/no as
    "Có"/"Không", a selection and tags by their labels, a record by its name: ``names`` maps the property's record
    ids to their display names (the model reads them; an id without a name is left out)."""
    kind = definition.get("type")
    if kind in VALUELESS_TYPES:
        return ""
    if kind == "boolean":
        return YES if value else NO
    if is_empty(kind, value):
        return ""
    names = names or {}
    if kind in NUMBER_TYPES:
        return format_number(value, 2 if kind == "float" else None)
    if kind == "datetime":
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return moment.strftime("%d/%m/%Y %H:%M")
    if kind == "date":
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return day.strftime("%d/%m/%Y")
    if kind == "selection":
        labels = {key: label for key, label in definition.get("selection") or ()}
        return labels.get(value, "")
    if kind == "tags":
        labels = {tag[0]: tag[1] for tag in definition.get("tags") or ()}
        return ", ".join(labels[key] for key in value if key in labels)
    if kind == "many2one":
        ident = value[0] if isinstance(value, (list, tuple)) else value
        return names.get(ident, "")
    if kind == "many2many":
        idents = [item[0] if isinstance(item, (list, tuple)) else item for item in value]
        return ", ".join(names[ident] for ident in idents if ident in names)
    return str(value).strip()


def printed_lines(definitions, values, printed, names=None):
    """``[(label, text), ...]`` of the properties in ``printed`` (a set of names) that have a value, in the
    definition's order: the lines a printed form adds. A yes/no property prints "Có" or "Không". ``names``:
    ``{property name: {record id: display name}}`` for the relational properties."""
    values = values or {}
    names = names or {}
    lines = []
    for definition in definitions or ():
        if definition.get("name") not in printed or definition.get("type") in VALUELESS_TYPES:
            continue
        text = format_value(definition, values.get(definition["name"]), names.get(definition["name"]))
        if text:
            lines.append((definition.get("string") or definition["name"], text))
    return lines


def merge_definitions(current, incoming):
    """A procedure's definition after copying a register's columns into it: every property of ``incoming`` (the
    register's), with its name, in the register's order, then the procedure's own properties the register does not
    have. A property of both keeps the register's definition, so that values flow by name into the entries."""
    incoming = [dict(definition) for definition in incoming or ()]
    names = {definition.get("name") for definition in incoming}
    return incoming + [dict(definition) for definition in current or () if definition.get("name") not in names]


def _record_id(value):
    """A record id as the web client or RPC gives it: an int, or (id, display name)."""
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _text_problem(_definition, value):
    if not isinstance(value, str):
        return WRONG_TYPE
    if len(value) > TEXT_MAX_LENGTH:
        return TOO_LONG
    return CONTROL if any(ord(char) < 32 or ord(char) == 127 for char in value) else None


def _number_problem(definition, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return WRONG_TYPE
    if definition.get("type") == "integer" and isinstance(value, float) and not value.is_integer():
        return WRONG_TYPE
    return OUT_OF_RANGE if abs(value) > NUMBER_MAX else None


def _date_problem(definition, value):
    if not isinstance(value, str):
        return WRONG_TYPE
    try:
        moment = datetime.fromisoformat(value) if definition.get("type") == "datetime" else date.fromisoformat(value)
    except ValueError:
        return BAD_DATE
    return None if YEAR_MIN <= moment.year <= YEAR_MAX else OUT_OF_RANGE


def _selection_problem(definition, value):
    options = {option[0] for option in definition.get("selection") or ()}
    return None if isinstance(value, str) and value in options else UNKNOWN_CHOICE


def _tags_problem(definition, value):
    options = {tag[0] for tag in definition.get("tags") or ()}
    if not isinstance(value, list):
        return WRONG_TYPE
    return None if all(isinstance(tag, str) and tag in options for tag in value) else UNKNOWN_CHOICE


def _many2many_problem(_definition, value):
    return None if isinstance(value, list) and all(_record_id(item) for item in value) else WRONG_TYPE


_PROBLEMS = {
    "boolean": lambda _definition, value: None if isinstance(value, bool) else WRONG_TYPE,
    "char": _text_problem,
    "integer": _number_problem,
    "float": _number_problem,
    "date": _date_problem,
    "datetime": _date_problem,
    "selection": _selection_problem,
    "tags": _tags_problem,
    "many2one": lambda _definition, value: None if _record_id(value) else WRONG_TYPE,
    "many2many": _many2many_problem,
}


def value_problem(definition, value):
    """Why ``value`` cannot be stored in the data item ``definition`` (one of the codes above), or None when it can.
    An empty value (False, None) always can."""
    kind = definition.get("type")
    if value is None or value is False or kind in VALUELESS_TYPES:
        return None
    check = _PROBLEMS.get(kind)
    return check(definition, value) if check else WRONG_TYPE


def values_problems(definitions, values):
    """``[(definition, code), ...]`` for the values of ``values`` that their data items cannot store; values of
    names the definition does not have are left to Odoo (which ignores them). ``values``: ``{name: value}``, or
    the web client's list of items, each with its definition (maybe changed in the same save) and its ``value``:
    the list's own definitions then apply."""
    if isinstance(values, list):
        items = [item for item in values if isinstance(item, dict)]
        definitions = items
        values = {item.get("name"): item.get("value") for item in items}
    by_name = {definition.get("name"): definition for definition in definitions or ()}
    problems = []
    for name, value in (values or {}).items():
        definition = by_name.get(name)
        if definition:
            code = value_problem(definition, value)
            if code:
                problems.append((definition, code))
    return problems
