"""The runners of the Odoo tiers without an Odoo: tests/upgrade_tier.py compares fingerprints and reports a missing
release tag as it should, tests/odoo_tier.py reads the addon wheels to install from config/requirements-prod.txt."""

import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

import odoo_tier  # noqa: E402
import upgrade_tier  # noqa: E402

BEFORE = {
    "q1.dossier": {
        "fields": ["code", "state", "received_date"],
        "records": {
            "1": {"code": "A-260302-0001", "state": "received", "received_date": "2026-03-02"},
            "2": {"code": "A-260302-0002", "state": "done", "received_date": "2026-03-02"},
        },
    },
    "q1.evaluation.sheet": {"fields": ["total"], "records": {"7": {"total": 88.5}}},
}


def copy(fingerprint):
    return {
        model: {"fields": list(m["fields"]), "records": {k: dict(v) for k, v in m["records"].items()}}
        for model, m in fingerprint.items()
    }


def test_an_identical_fingerprint_has_no_difference():
    assert upgrade_tier.compare(BEFORE, copy(BEFORE), {}, {}) == []


def test_new_models_fields_and_records_are_not_differences():
    after = copy(BEFORE)
    after["q1.dossier.fact"] = {"fields": ["dossier_id"], "records": {"1": {"dossier_id": 1}}}
    after["q1.dossier"]["fields"].append("fact_id")
    after["q1.dossier"]["records"]["3"] = {"code": "A-260303-0001", "state": "draft", "received_date": None}
    assert upgrade_tier.compare(BEFORE, after, {}, {}) == []


def test_a_lost_record_field_model_or_value_is_a_difference():
    after = copy(BEFORE)
    del after["q1.dossier"]["records"]["2"]
    after["q1.dossier"]["records"]["1"]["state"] = "processing"
    after["q1.dossier"]["fields"].remove("received_date")
    del after["q1.evaluation.sheet"]
    problems = upgrade_tier.compare(BEFORE, after, {}, {})
    assert "q1.dossier: 1 record(s) gone: 2" in problems
    assert "q1.dossier[1].state: 'received' -> 'processing'" in problems
    assert "q1.dossier.received_date: the field is gone" in problems
    assert "q1.evaluation.sheet: the model is gone (1 records)" in problems
    assert len(problems) == 4


def test_a_migration_declares_what_it_moves():
    after = copy(BEFORE)
    for values in after["q1.dossier"]["records"].values():
        values["reception_day"] = values.pop("received_date")
    after["q1.dossier"]["fields"] = ["code", "state", "reception_day"]
    after["q1.evaluation.sheet"]["records"]["7"]["total"] = 88.0
    assert len(upgrade_tier.compare(BEFORE, after, {}, {})) == 2  # the field gone, the total changed
    declared = upgrade_tier.compare(
        BEFORE,
        after,
        {("q1.evaluation.sheet", "total"): "rounded to the half point"},
        {("q1.dossier", "received_date"): "reception_day"},
    )
    assert declared == []


def test_release_checks(tmp_path):
    for name, version, depends in (("q1_dossier", "18.0.1.1.0", []), ("q1_reporting", "1.1.0", ["q1_dossier"])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__manifest__.py").write_text(repr({"version": version, "depends": depends}))
    installed = {"state": "installed", "version": "18.0.1.1.0"}
    found = {
        "modules": {
            "q1_dossier": installed,
            "q1_reporting": installed,
            "password_security": installed,
            "auth_totp_mail_enforce": installed,
        },
        "facts": {"received": 3, "facts": 3, "without_fact": 0, "not_received": 0, "duplicated": 0},
        "params": {"q1_dossier.two_factor_required": "0"},
        "demo_logins": {"lanhdao.saigon": {"password": True, "second_factor": None}},
    }
    expected = {"q1_dossier.two_factor_required": 0}
    assert upgrade_tier.release_checks(found, tmp_path, expected) == (7, [])

    found["modules"]["q1_reporting"] = {"state": "installed", "version": "18.0.1.0.0"}
    found["facts"]["without_fact"] = 1
    found["params"]["q1_dossier.two_factor_required"] = "1"
    found["demo_logins"]["lanhdao.saigon"] = {"password": True, "second_factor": "totp_mail"}
    passed, problems = upgrade_tier.release_checks(found, tmp_path, expected)
    assert passed == 3
    assert len(problems) == 4
    assert problems[0] == "q1_reporting: installed at 18.0.1.0.0, expected installed at 18.0.1.1.0"


def test_the_demo_policy_keeps_the_demo_logins_and_production_is_strict():
    demo, production = upgrade_tier.accounts_policy("demo"), upgrade_tier.accounts_policy("production")
    assert demo["q1_dossier.two_factor_required"] == 0 and production["q1_dossier.two_factor_required"] == 1
    assert len("demo") >= demo["auth_password_policy.minlength"]
    assert production["auth_password_policy.minlength"] >= 10


@pytest.fixture
def no_odoo(monkeypatch):
    def missing():
        raise odoo_tier.Skip("no Odoo 18.0 found")

    monkeypatch.setattr(upgrade_tier, "find_odoo", missing)
    monkeypatch.delenv("Q1_REQUIRE_ODOO", raising=False)


def test_without_odoo_it_is_skipped(no_odoo, capsys):
    assert upgrade_tier.main([]) == 0
    assert "Upgrade tier SKIPPED" in capsys.readouterr().out


def test_without_odoo_it_fails_when_odoo_is_required(no_odoo, monkeypatch):
    monkeypatch.setenv("Q1_REQUIRE_ODOO", "1")
    assert upgrade_tier.main([]) == 1


def test_with_odoo_a_missing_tag_fails_and_says_so(monkeypatch, capsys):
    monkeypatch.setattr(upgrade_tier, "find_odoo", lambda: (["odoo"], None, "an Odoo 18.0"))
    monkeypatch.setattr(upgrade_tier, "tag_commit", lambda tag: None)
    assert upgrade_tier.main([]) == 1
    out = capsys.readouterr().out
    assert f"the tag {upgrade_tier.PREVIOUS_RELEASE} of the previous release is absent" in out
    assert out.rstrip().endswith("upgrade tier: 0 passed, 1 failed")


def test_the_previous_release_has_a_seed_script():
    name = f"seed_{upgrade_tier.PREVIOUS_RELEASE.lstrip('v').replace('.', '_')}.py"
    assert (upgrade_tier.SCRIPTS / name).is_file()


def test_addon_wheels_are_read_from_the_production_requirements(tmp_path):
    requirements = tmp_path / "requirements-prod.txt"
    requirements.write_text(
        "# comment\nclick-odoo-contrib==1.24\nodoo-addon-password_security==18.0.1.0.3\n"
        "odoo-addon-report-xlsx==18.0.1.1.3  # reports\nodoo-addon-loose>=18.0\n"
    )
    assert odoo_tier.addon_pins(requirements) == [
        ("odoo-addon-password_security", "password_security", "18.0.1.0.3"),
        ("odoo-addon-report-xlsx", "report_xlsx", "18.0.1.1.3"),
    ]
    assert odoo_tier.addon_pins(tmp_path / "absent.txt") == []


def test_every_oca_addon_our_addons_depend_on_is_pinned():
    """The Odoo tier and the production image install exactly the pinned wheels: a dependency of our addons that is
    neither ours nor in Odoo's tree must be one of them."""
    pinned = {addon for _dist, addon, _version in odoo_tier.addon_pins()}
    assert "password_security" in pinned
    ours = {p.parent.name for p in (TESTS.parent / "addons").glob("*/__manifest__.py")}
    for manifest in (TESTS.parent / "addons").glob("*/__manifest__.py"):
        for dependency in odoo_tier.read_manifest(manifest.parent).get("depends", []):
            if dependency in ours or dependency in pinned:
                continue
            assert dependency in ODOO_CORE, f"{manifest.parent.name} depends on {dependency}: pin its wheel"


# Odoo 18.0 core addons our manifests name (the rest must be ours or pinned wheels)
ODOO_CORE = {
    "base",
    "base_import",
    "mail",
    "hr",
    "web",
    "auth_totp",
    "auth_totp_mail_enforce",
    "resource",
    "bus",
    "portal",
}


def test_a_release_is_found_by_its_commit_when_its_tag_is_absent(monkeypatch):
    """A copy of the branch without its tags still finds the previous release in its history."""
    head = subprocess.run(
        ["git", "-C", str(upgrade_tier.REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not head:
        pytest.skip("not a git checkout")
    # the release named has its commit, so the tier never depends on tags alone
    assert upgrade_tier.PREVIOUS_RELEASE in upgrade_tier.RELEASE_COMMITS
    monkeypatch.setattr(upgrade_tier, "RELEASE_COMMITS", {"v0.0.0-absent": head})
    assert upgrade_tier.tag_commit("v0.0.0-absent") == head
    assert upgrade_tier.tag_commit("v0.0.0-unknown") is None


def test_every_library_an_addon_needs_is_pinned():
    """An addon's ``external_dependencies`` (pyHanko for q1_registry) blocks its installation when missing: the
    image and the Odoo tier install exactly the pinned packages, so each must be pinned."""
    pinned = {dist.lower() for dist, _addon, _version in odoo_tier.python_pins()}
    for manifest in (TESTS.parent / "addons").glob("*/__manifest__.py"):
        for library in odoo_tier.read_manifest(manifest.parent).get("external_dependencies", {}).get("python", []):
            assert library.lower() in pinned | ODOO_LIBRARIES, f"{manifest.parent.name} needs {library}: pin it"


# Python libraries Odoo 18.0 itself requires (its requirements.txt) that our manifests name
ODOO_LIBRARIES = {"xlsxwriter", "num2words"}
