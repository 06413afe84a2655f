"""Open an Odoo environment on a database from a plain script (the upgrade test's seed and fingerprint scripts).

Run with the Python of Odoo, Odoo importable (tests/upgrade_tier.py sets PYTHONPATH to a source tree), and the
configuration file the runner wrote (database, addons path, data dir): ``python <script> -c <conf> -d <db> ...``.
"""

import argparse
from contextlib import contextmanager


def arguments(description, *extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for args, kwargs in extra:
        parser.add_argument(*args, **kwargs)
    return parser.parse_args()


@contextmanager
def environment(config_file, database):
    """The superuser's environment on ``database``; committed when the block ends without an error."""
    import odoo  # noqa: PLC0415 - importable only with the Python of Odoo
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config_file, "-d", database, "--no-http"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Asia/Ho_Chi_Minh"})
