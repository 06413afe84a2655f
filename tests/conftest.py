"""Make each addon importable as a bare package so that ``q1_dossier.core`` loads without Odoo.

Odoo imports an addon as ``odoo.addons.<name>`` and its ``__init__`` pulls in the models; the pure tier must
not run that, so each addon folder is registered as a namespace-like package whose ``__init__`` is skipped.
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"


def _register_addon_packages():
    for addon in sorted(p for p in ADDONS.iterdir() if (p / "__manifest__.py").exists()):
        if addon.name in sys.modules:
            continue
        package = types.ModuleType(addon.name)
        package.__path__ = [str(addon)]
        package.__file__ = None
        sys.modules[addon.name] = package


_register_addon_packages()
