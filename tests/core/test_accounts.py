"""The accounts' rules (core.accounts): the production policy asks what issue 13 asks, the demo's keeps its logins,
and the second factor is on unless said off."""

import re

import pytest
from q1_dossier.core.accounts import (
    DEMO,
    OFF_VALUES,
    POLICIES,
    PRODUCTION,
    TWO_FACTOR_GROUPS,
    TWO_FACTOR_PARAM,
    two_factor_on,
)


def meets(policy, password):
    """Whether ``password`` passes the rules the policy's parameters set (auth_password_policy's length and
    password_security's classes, as its regular expression counts them)."""
    classes = (
        ("password_security.lower", r"[a-z]"),
        ("password_security.upper", r"[A-Z]"),
        ("password_security.numeric", r"\d"),
        ("password_security.special", r"[\W_]"),
    )
    return len(password) >= policy["auth_password_policy.minlength"] and all(
        len(re.findall(pattern, password)) >= policy[key] for key, pattern in classes
    )


def test_the_profiles_set_the_same_parameters():
    assert set(PRODUCTION) == set(DEMO)
    assert POLICIES == {"production": PRODUCTION, "demo": DEMO}


def test_production_asks_for_long_mixed_passwords_renewed_and_not_reused():
    assert PRODUCTION["auth_password_policy.minlength"] >= 10
    for key in ("lower", "upper", "numeric", "special"):
        assert PRODUCTION[f"password_security.{key}"] >= 1
    assert PRODUCTION["password_security.history"] > 0
    assert PRODUCTION["password_security.expiration_days"] > 0
    assert PRODUCTION[TWO_FACTOR_PARAM] == 1


@pytest.mark.parametrize(
    "password, strong",
    [("demo", False), ("admin", False), ("motcuaphuong", False), ("Motcuaphuong1", False), ("Q1-MotCua-2026", True)],
)
def test_which_passwords_production_accepts(password, strong):
    assert meets(PRODUCTION, password) is strong


def test_the_demo_keeps_its_published_password_and_no_second_factor():
    assert meets(DEMO, "demo")
    assert not two_factor_on(DEMO[TWO_FACTOR_PARAM])


@pytest.mark.parametrize("value", [None, "1", "True", "on", "yes", "", "  ", "bật"])
def test_the_second_factor_is_on_unless_said_off(value):
    assert two_factor_on(value)


@pytest.mark.parametrize("value", sorted(OFF_VALUES) + ["False", " OFF ", 0])
def test_the_second_factor_is_off_when_said_so(value):
    assert not two_factor_on(value)


def test_leaders_and_administrators_are_the_groups():
    assert set(TWO_FACTOR_GROUPS) == {
        "q1_dossier.group_q1_unit_leader",
        "q1_dossier.group_q1_manager",
        "base.group_system",
    }
