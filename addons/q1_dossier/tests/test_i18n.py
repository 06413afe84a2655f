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


@tagged("post_install", "-at_install")
class TestTermsReferenced(TransactionCase):
    """A translation in vi.po reaches the screen only through its reference (``#: model:...:xmlid``): a term
    present by its text alone passes the count of translated terms but stays English on the form (q1_reporting's
    issued report's 'Units', 'Print PDF', 'Issued'... in issue 12). Every field, selection, view and record term Odoo
    exports for the addon must be referenced in vi.po; the code's terms are looked up by their text. Shared by both
    addons (q1_reporting's TestReportingTermsReferenced inherits it)."""

    module = "q1_dossier"

    def test_every_exported_term_is_referenced_in_vi_po(self):
        vi_po = Path(get_module_path(self.module), "i18n", "vi.po")
        referenced = {
            (entry.msgid, occurrence)
            for entry in polib.pofile(str(vi_po))
            if entry.msgstr
            for occurrence, _line in entry.occurrences
        }
        missing = sorted(
            f"{kind}:{name}:{res_id} {source!r}"
            for module, kind, name, res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=[self.module]
            )
            if module == self.module and kind != "code" and (source, f"{kind}:{name}:{res_id}") not in referenced
        )
        self.assertFalse(missing, "Terms translated in vi.po but not referenced there:\n" + "\n".join(missing))
