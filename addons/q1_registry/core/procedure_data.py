"""Per-procedure data (Odoo's ``fields.Properties``) as plain values: when a property counts as empty, which required
properties a dossier lacks at a stage, and how a value is printed on the Vietnamese forms.

A property definition is a dict as Odoo stores it on the procedure (``name``, ``string``, ``type`` and, by type,
``selection`` [[key, label], ...] or ``tags`` [[key, label, colour], ...]); a dossier's values are a dict
``{property name: value}``. Nothing here imports Odoo: the models pass plain values in and get plain values out.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

# Property types that hold no value: a separator is a heading of the form.
VALUELESS_TYPES = frozenset({"separator"})
# A yes/no property always has an answer (unticked is "no"): it cannot be required.
NOT_REQUIRABLE_TYPES = frozenset({"separator", "boolean"})
NUMBER_TYPES = frozenset({"integer", "float"})

YES, NO = "Có", "Không"


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
