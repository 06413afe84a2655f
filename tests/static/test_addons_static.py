"""Static checks of every addon under addons/ (one test per addon and check, so new addons are covered).

Each failure lists every finding as ``path:line: what``. The checkers live in addon_model.py and are themselves
tested on small synthetic addons in test_checkers.py.
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


def test_manifest(addon):
    _assert_clean(am.check_manifest(addon))


def test_manifest_files(addon):
    _assert_clean(am.check_manifest_files(addon))


def test_xml_well_formed_and_data_tags(addon):
    _assert_clean(am.check_xml(addon))


def test_no_pre_17_syntax(addon):
    _assert_clean(am.check_legacy_syntax(addon))


def test_view_fields_exist(addon):
    _assert_clean(am.check_view_fields(addon, INDEX))


def test_access_rows(addon):
    _assert_clean(am.check_access(addon, INDEX))


def test_xmlids_resolve(addon):
    _assert_clean(am.check_xmlids(addon, INDEX))


def test_vietnamese_translation(addon):
    _assert_clean(am.check_vi_po(addon))


def test_python_compiles(addon):
    _assert_clean(am.check_python(addon))


def test_core_never_imports_odoo(addon):
    _assert_clean(am.check_core_pure(addon))


def test_models_found(addon):
    models = [m for m in INDEX.values() if m.addon == addon.name]
    has_model_files = bool(am.model_files(addon))
    assert models or not has_model_files, f"{addon.name}: model files exist but no model class was recognised"
