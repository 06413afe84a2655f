from odoo.tests import tagged

from odoo.addons.q1_dossier.tests import test_i18n


@tagged("post_install", "-at_install")
class TestRegistryVietnamese(test_i18n.TestVietnameseTranslation):
    module = "q1_registry"
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestRegistryTermsReferenced(test_i18n.TestTermsReferenced):
    module = "q1_registry"
    allow_inherited_tests_method = True
