"""Quality objectives (ISO 9001 6.2, 9.1): the status of a measured value against its target.

An indicator has a target, a direction ("min": the value must be at least the target, e.g. an on-time rate;
"max": at most, e.g. an average handling time in days) and an "at risk" margin in the measure's own unit
(percentage points, days). The rule:

* no value (nothing to measure in the period: no dossier, no feedback) -> "no_data";
* the value does not reach the target -> "missed";
* it reaches the target by less than the margin (min: target <= value < target + margin; max: target - margin <
  value <= target) -> "at_risk": met, but close enough to the line to act on;
* otherwise -> "met".

A year's status is the status of the year's value (the measure over the months counted so far, not an average of
monthly rates), so it follows the same rule.
"""

STATUSES = ("met", "at_risk", "missed", "no_data")
DIRECTIONS = ("min", "max")
# Floats compared within this tolerance: 98.0 computed as 97.99999999 meets a 98 % target.
EPSILON = 1e-9


def status(value, target, direction="min", margin=0.0):
    """The status of ``value`` against ``target`` (see the module's rule)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"Chiều của chỉ tiêu không hợp lệ: {direction!r} (min hoặc max).")
    if value is None:
        return "no_data"
    margin = max(float(margin or 0.0), 0.0)
    # distance by which the value beats the target (negative: it misses it)
    spare = value - target if direction == "min" else target - value
    if spare < -EPSILON:
        return "missed"
    if spare < margin - EPSILON:
        return "at_risk"
    return "met"


def worst(statuses):
    """The worst of several statuses (missed < at_risk < met), "no_data" when none has data."""
    order = {"missed": 0, "at_risk": 1, "met": 2}
    known = [s for s in statuses if s in order]
    if not known:
        return "no_data"
    return min(known, key=order.get)


def ratio_percent(numerator, denominator):
    """numerator / denominator as a percentage, None when the denominator is 0."""
    if not denominator:
        return None
    return 100.0 * numerator / denominator


def average(total, count):
    """total / count, None when count is 0."""
    if not count:
        return None
    return total / count
