from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReportingUi(HttpCase):
    """Odoo's click-everything bot opens every menu of the One-Stop Shop app, the reporting menus included, and
    every view they offer (pivot, graph, list, form, the report wizard): any client error fails the test."""

    def test_every_menu_and_view_opens(self):
        self.browser_js(
            "/odoo",
            "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
            ".startClickEverywhere('q1_dossier.q1_menu_root');",
            "odoo.isReady === true",
            login="admin",
            timeout=600,
            success_signal="clickbot test succeeded",
        )
