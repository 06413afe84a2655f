"""Static checks of every addon under addons/ that the community's lint and an Odoo install do not make (see
addon_model.py for what is checked where), one test per addon and check, so new addons are covered.

Each failure lists every finding as ``path:line: what``. The checkers are tested on small synthetic addons in
test_checkers.py.
"""

import addon_model as am
import pytest

ADDONS = am.addon_dirs()
INDEX = am.build_index(ADDONS)
ids = [a.name for a in ADDONS]


def test_there_are_addons():
    assert ADDONS, f"no addon with a __manifest__.py under {am.ADDONS_DIR}"


@pytest.fixture(params=ADDONS, ids=ids)
def addon(request):
    return request.param


def _assert_clean(findings):
    assert not findings, am.report(findings)


def test_access_rows(addon):
    _assert_clean(am.check_access(addon, INDEX))


def test_no_legacy_syntax_that_installs(addon):
    _assert_clean(am.check_legacy_syntax(addon))


def test_vietnamese_translation(addon):
    _assert_clean(am.check_vi_po(addon))


def test_models_found(addon):
    models = [m for m in INDEX.values() if m.addon == addon.name]
    has_model_files = bool(am.model_files(addon))
    assert models or not has_model_files, f"{addon.name}: model files exist but no model class was recognised"
