"""The module's browser unit tests (Odoo 18 hoot, ``static/tests/*.test.js`` in ``web.assets_unit_tests``), run in
Chromium as Odoo's own ``web`` suite runs them, limited to ours by name."""

import odoo.tests


def unit_test_error_checker(message):
    # as odoo/addons/web/tests/test_js.py: stop on any HOOT error but the final summary
    return "[HOOT]" not in message or message == "[HOOT] test failed (see above for details)"


@odoo.tests.tagged("post_install", "-at_install")
class TestDecimalFieldJs(odoo.tests.HttpCase):
    @odoo.tests.no_retry
    def test_q1_decimal_field(self):
        """Issue 12 item 9: a budget typed "1.5" in Vietnamese is 1.5, not 15 (q1_decimal_field.test.js)."""
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&filter=q1_decimal",
            "",
            "",
            login="admin",
            timeout=900,
            success_signal="[HOOT] test suite succeeded",
            error_checker=unit_test_error_checker,
        )
