from pathlib import Path

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestVietnameseTranslation(TransactionCase):
    module = "q1_dossier"

    def test_every_exported_term_is_translated(self):
        """What Odoo would export for translation is exactly what vi.po must translate: nothing left in English."""
        vi_po = Path(get_module_path(self.module), "i18n", "vi.po")
        translated = {entry.msgid for entry in polib.pofile(str(vi_po)) if entry.msgstr and not entry.fuzzy}
        exported = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=[self.module]
            )
            if module == self.module
        }
        self.assertTrue(exported)
        missing = sorted(exported - translated)
        self.assertFalse(missing, "Terms without a Vietnamese translation in i18n/vi.po:\n" + "\n".join(missing))
