"""The community's lint, run by the test command: ruff with OCA's 18.0 rules (.ruff.toml), ruff format, pylint-odoo
with OCA's .pylintrc, and the OCA checks of modules and translations (oca-odoo-pre-commit-hooks), at the versions
pinned in tests/requirements.txt. .pre-commit-config.yaml runs the same tools on each commit.

Each test runs one tool from this interpreter's environment and fails with the tool's own output when it reports
anything. The only time limit is a generous one against a hung tool: a loaded machine is slow, never wrong.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADDONS = sorted(p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "addons").glob("*/__manifest__.py"))
HUNG = 1800  # seconds; pylint takes about 15 s on an idle machine


def run(*args, stdin=None):
    """Run ``python -m <args>`` from the repository root; (exit code, stdout and stderr together)."""
    result = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=HUNG,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


def assert_clean(code, output, what):
    if code != 0:
        pytest.fail(f"{what} reports findings (exit {code}):\n{output}", pytrace=False)


def test_addons_found():
    assert ADDONS, "no addon with a __manifest__.py under addons/"


def test_ruff_check():
    assert_clean(*run("ruff", "check", "--no-cache", "."), "ruff check")


def test_ruff_format():
    assert_clean(*run("ruff", "format", "--check", "--no-cache", "."), "ruff format --check")


def test_core_may_not_import_odoo():
    """core/ stays pure Python (DESIGN.md section 2): ruff's banned-import rule in addons/*/core/.ruff.toml says
    so for every addon's core package, as it does for relative imports out of core/ (TID252), checked on a probe
    that only ruff reads (never written to disk)."""
    for addon in ADDONS:
        if not (ROOT / addon / "core").is_dir():
            continue
        probe = f"{addon}/core/_probe.py"
        for source, rule in (
            ("import odoo\n", "TID251"),
            ("from odoo import fields\n", "TID251"),
            ("from odoo.tools import SQL\n", "TID251"),
            ("from ..models import q1_dossier\n", "TID252"),
        ):
            code, output = run("ruff", "check", "--no-cache", "--stdin-filename", probe, "-", stdin=source)
            assert code == 1 and rule in output, f"ruff lets {probe} run {source.strip()!r}:\n{output}"


def test_pylint_odoo():
    assert_clean(*run("pylint", "--rcfile=.pylintrc", *ADDONS), "pylint --rcfile=.pylintrc")


def test_pylintrc_enables_the_oca_checks():
    """The plugin loads and the rcfile's checks are on (a typo in a message name would also be reported by pylint
    as unknown-option-value in test_pylint_odoo)."""
    code, output = run("pylint", "--rcfile=.pylintrc", "--list-msgs-enabled")
    assert code == 0, output
    enabled = output.split("Disabled messages:")[0]
    for name in (
        "attribute-string-redundant",
        "manifest-required-author",
        "manifest-deprecated-key",
        "missing-readme",
        "translation-required",
        "translation-positional-used",
        "sql-injection",
        "method-required-super",
        "prefer-env-translation",
        "no-write-in-compute",
        "context-overridden",
        "external-request-timeout",
        "print-used",
        "dangerous-default-value",
        "too-complex",
        "consider-merging-classes-inherited",
        "test-folder-imported",
        "deprecated-odoo-model-method",
    ):
        assert f"({name})" in enabled or f" {name} " in enabled, f"{name} is not enabled by .pylintrc"


PROBE_MODEL = """
from odoo import fields, models


class Probe(models.Model):
    _name = "q1.probe"
    _description = "Probe"

    name = fields.Char(track_visibility="onchange")
    qty = fields.Integer(group_operator="sum")

    def name_get(self):
        return []

    def _name_search(self, name):
        return []
"""


def test_pylintrc_flags_what_18_0_removed(tmp_path):
    """The field parameters and methods that 18.0 ignores, reported by pylint-odoo with .pylintrc (this replaced
    the hand-written pattern checks of addon_model.py)."""
    addon = tmp_path / "q1_probe"
    (addon / "models").mkdir(parents=True)
    manifest = {"name": "Probe", "version": "18.0.1.0.0", "license": "LGPL-3", "author": "Q1 Một cửa"}
    (addon / "__manifest__.py").write_text(repr(dict(manifest, depends=["base"])), encoding="utf-8")
    (addon / "__init__.py").write_text("from . import models\n", encoding="utf-8")
    (addon / "models" / "__init__.py").write_text("from . import probe\n", encoding="utf-8")
    (addon / "models" / "probe.py").write_text(PROBE_MODEL, encoding="utf-8")
    code, output = run("pylint", f"--rcfile={ROOT / '.pylintrc'}", str(addon))
    assert code != 0, output
    for needle in (
        '"track_visibility" is no longer supported',
        '"group_operator" is no longer supported',
        "(deprecated-name-get)",
        "_name_search has been deprecated",
    ):
        assert needle in output, output


def test_oca_checks_odoo_module():
    assert_clean(*run("oca_pre_commit_hooks.cli", *ADDONS), "oca-checks-odoo-module")


def test_oca_checks_po():
    files = sorted(
        p.relative_to(ROOT).as_posix()
        for addon in ADDONS
        for folder in ("i18n", "i18n_extra")
        for p in (ROOT / addon / folder).glob("*.po*")
    )
    assert files, "no translation file under addons/*/i18n"
    # po-pretty-format is off as in OCA's template: the files are written by Odoo's export
    assert_clean(*run("oca_pre_commit_hooks.cli_po", "--disable=po-pretty-format", *files), "oca-checks-po")
