"""The compose stack and its configuration, checked without a Docker engine."""

import configparser
import shutil
import subprocess

import pytest
import yaml
from addon_model import REPO

COMPOSE = REPO / "docker-compose.yml"
CONF = REPO / "config" / "odoo.conf"
START = REPO / "config" / "q1-start.sh"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_db_service(compose):
    db = compose["services"]["db"]
    assert db["image"] == "postgres:16"
    assert db["environment"] == {"POSTGRES_USER": "odoo", "POSTGRES_PASSWORD": "odoo", "POSTGRES_DB": "postgres"}
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "the database lives in a named volume"


def test_odoo_service(compose):
    odoo = compose["services"]["odoo"]
    assert odoo["image"] == "odoo:18.0"
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    assert "8069:8069" in odoo["ports"]
    assert {"HOST": "db", "USER": "odoo", "PASSWORD": "odoo"}.items() <= odoo["environment"].items()
    volumes = odoo["volumes"]
    assert "./addons:/mnt/extra-addons:ro" in volumes and "./config:/etc/odoo:ro" in volumes
    data = [v for v in volumes if v.split(":")[1] == "/var/lib/odoo"]
    assert data and data[0].split(":")[0] in compose["volumes"]
    # the start script is mounted through ./config and runs the image's entrypoint itself
    assert odoo["command"] == ["bash", "/etc/odoo/q1-start.sh"]
    assert START.is_file()


def test_tests_service(compose):
    tests = compose["services"]["tests"]
    assert tests["profiles"] == ["test"] and tests["image"] == "odoo:18.0"
    assert "ports" not in tests
    assert "./tests:/mnt/tests:ro" in tests["volumes"] and "./addons:/mnt/extra-addons:ro" in tests["volumes"]
    assert tests["command"][:2] == ["python3", "/mnt/tests/odoo_tier.py"]
    assert tests["environment"]["Q1_ADDONS_DIR"] == "/mnt/extra-addons"
    assert tests["environment"]["PGHOST"] == "db"


def test_odoo_conf():
    parser = configparser.ConfigParser()
    parser.read(CONF, encoding="utf-8")
    options = parser["options"]
    assert options["addons_path"] == "/mnt/extra-addons"
    assert options["data_dir"] == "/var/lib/odoo"
    assert options["db_name"] == "q1" and options["dbfilter"] == "^q1$"
    assert options["list_db"] == "False"
    assert options["without_demo"] == "False", "demo data is part of the product's first start"
    assert "demo" in options["admin_passwd"]
    # the image's entrypoint only passes HOST/USER/PASSWORD as --db_* when odoo.conf does not set them
    for key in ("db_host", "db_port", "db_user", "db_password"):
        assert key not in options, f"{key} in odoo.conf would override the compose environment"


@pytest.mark.skipif(not shutil.which("bash"), reason="bash not available")
@pytest.mark.parametrize("script", ["config/q1-start.sh", "tests/run", ".ci/run"])
def test_shell_syntax(script):
    result = subprocess.run(["bash", "-n", str(REPO / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_start_script_installs_only_once():
    text = START.read_text(encoding="utf-8")
    assert "ir_module_module" in text and "--load-language=vi_VN" in text
    assert '/entrypoint.sh}" odoo -d "$DB" "$@"' in text, "later starts must run odoo without -i"


def test_ci_runs_the_readme_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci and "exec bash tests/run" in ci
