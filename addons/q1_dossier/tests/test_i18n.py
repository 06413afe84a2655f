from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

VI_PO = Path(__file__).resolve().parent.parent / "i18n" / "vi.po"


@tagged("post_install", "-at_install")
class TestVietnameseTranslation(TransactionCase):
    def test_every_exported_term_is_translated(self):
        """What Odoo would export for translation is exactly what vi.po must translate: nothing left in English."""
        translated = {entry.msgid for entry in polib.pofile(str(VI_PO)) if entry.msgstr and not entry.fuzzy}
        exported = {
            source for module, _type, _name, _res_id, source, _value, _comments
            in TranslationModuleReader(self.env.cr, modules=["q1_dossier"]) if module == "q1_dossier"}
        self.assertTrue(exported)
        missing = sorted(exported - translated)
        self.assertFalse(missing, "Terms without a Vietnamese translation in i18n/vi.po:\n" + "\n".join(missing))
