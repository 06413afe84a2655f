"""No demo account in production (issue 13): a database installed without demo data, as the production profile
installs it, gets no login with a known password from our addons, and keeps the product's account policy.

The Odoo tier installs with demo data, so this is read from the files: every XML or CSV file a manifest lists under
``data`` is searched for a user given a password (a ``res.users`` record with a ``password`` field, a CSV of
``res.users`` with a password column, a ``<function>`` on ``res.users`` whose arguments name a password); the
account policy is written in production by the data (noupdate, install only) and relaxed only by the demo data,
before the demo's users are created.
"""

import ast
import csv
import re
from pathlib import Path

import addon_model as am
import pytest
from lxml import etree

ADDONS = am.addon_dirs()
PASSWORD_WORD = re.compile(r"['\"]password['\"]|\bpassword\s*=")


def manifest(addon):
    return ast.literal_eval((Path(addon) / "__manifest__.py").read_text(encoding="utf-8"))


def users_with_a_password(path):
    """``path:line: what`` for each user the file would give a password."""
    found = []
    if path.suffix == ".csv":
        if path.stem.split("-")[0] == "res.users":  # Odoo's rule: the model is the file name before "-"
            with path.open(encoding="utf-8") as rows:
                header = next(csv.reader(rows), [])
            if "password" in header:
                found.append(f"{am.rel(path)}:1: a CSV of res.users with a password column")
        return found
    if path.suffix != ".xml":
        return found
    tree = etree.parse(str(path))
    for record in tree.iter("record"):
        if record.get("model") == "res.users" and record.find("field[@name='password']") is not None:
            found.append(f"{am.rel(path)}:{record.sourceline}: res.users {record.get('id')} is given a password")
    for function in tree.iter("function"):
        if function.get("model") == "res.users" and PASSWORD_WORD.search(etree.tostring(function, encoding="unicode")):
            found.append(f"{am.rel(path)}:{function.sourceline}: a function on res.users names a password")
    return found


@pytest.fixture(params=ADDONS, ids=[a.name for a in ADDONS])
def addon(request):
    return request.param


def test_no_data_file_gives_a_user_a_password(addon):
    findings = []
    for name in manifest(addon).get("data", []):
        findings += users_with_a_password(Path(addon) / name)
    assert not findings, am.report(findings)


def test_the_checker_finds_a_user_with_a_password(tmp_path):
    xml = tmp_path / "users.xml"
    xml.write_text(
        '<odoo><record id="u" model="res.users"><field name="login">x</field><field name="password">x</field>'
        '</record><function model="res.users" name="write" eval="[[1], {\'password\': \'admin\'}]"/>'
        '<record id="p" model="res.partner"><field name="name">x</field></record></odoo>'
    )
    assert len(users_with_a_password(xml)) == 2
    rows = tmp_path / "res.users.csv"
    rows.write_text("id,login,password\nu,x,x\n")
    assert len(users_with_a_password(rows)) == 1


def test_the_demo_passwords_are_set_after_the_demo_relaxes_the_policy():
    """The demo users' password "demo" would be refused by the production policy: q1_dossier's first demo file
    relaxes it, and every demo file giving a password comes after it (every other addon depends on q1_dossier,
    directly or not)."""
    dossier = am.ADDONS_DIR / "q1_dossier"
    demo = manifest(dossier)["demo"]
    assert demo[0] == "demo/q1_demo_accounts.xml"
    relax = (dossier / demo[0]).read_text(encoding="utf-8")
    assert re.search(r"""name="_q1_set_account_policy" eval="\['demo'\]""", relax)
    for addon in ADDONS:
        for name in manifest(addon).get("demo", []):
            if users_with_a_password(Path(addon) / name):
                assert "q1_dossier" in depends_on(addon.name), f"{addon.name}/{name}"


def depends_on(name):
    """``name`` and every addon of this repository it depends on, directly or through another of ours (q1_quality
    through q1_reporting); OCA's and Odoo's addons are not followed."""
    ours = {addon.name: addon for addon in ADDONS}
    found, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in ours and current not in found:
            found.add(current)
            todo.extend(manifest(ours[current]).get("depends", []))
    return found


def test_production_gets_the_policy_on_install_and_on_upgrade():
    dossier = am.ADDONS_DIR / "q1_dossier"
    data = manifest(dossier)["data"]
    assert "data/q1_account_policy_data.xml" in data
    tree = etree.parse(str(dossier / "data" / "q1_account_policy_data.xml"))
    (function,) = tree.iter("function")
    assert function.getparent().get("noupdate") == "1", "written once: an administrator's later change stays"
    assert (function.get("model"), function.get("name"), function.get("eval")) == (
        "res.users",
        "_q1_set_account_policy",
        "['production']",
    )
    migration = dossier / "migrations" / "18.0.1.1.0" / "post-migrate.py"  # databases of 18.0.1.0.0
    assert migration.is_file() and "_q1_set_account_policy" in migration.read_text(encoding="utf-8")
    assert {"auth_totp_mail_enforce", "password_security"} <= set(manifest(dossier)["depends"])
