from odoo.tests import tagged

from odoo.addons.q1_dossier.tests import test_i18n


@tagged("post_install", "-at_install")
class TestReportingVietnamese(test_i18n.TestVietnameseTranslation):
    module = "q1_reporting"
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestReportingTermsReferenced(test_i18n.TestTermsReferenced):
    module = "q1_reporting"
    allow_inherited_tests_method = True
