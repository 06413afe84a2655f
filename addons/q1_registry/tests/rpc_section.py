"""One part's section of q1_registry's RPC role table, replayed with the part's own fixture."""

from odoo.addons.q1_dossier.tests.test_rpc_roles import CALL_TIME, RpcReplay, RpcUsers, public_methods


class RegistryRpcSection(RpcReplay, RpcUsers):
    """Mixed into an Odoo test case: ``calls`` is the section (q1_dossier's table format), ``section_modules`` the
    files of q1_registry whose public methods it covers (``models.q1_register``...). Every such method has an entry,
    no entry names a method that is not public, and each entry is replayed as q1_dossier's table is: refused to the
    wrong roles and to another ward's officer, done for the right role. test_rpc_roles checks that the sections
    together cover the addon."""

    addon = "q1_registry"
    section_modules = ()
    allow_inherited_tests_method = True  # the section's test comes from this mixin
    test_every_public_method_checks_its_caller = None  # the addon-wide check is test_rpc_roles'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rpc_users()

    def _section_methods(self, found):
        modules = {f"odoo.addons.{self.addon}.{name}" for name in self.section_modules}
        return {
            (model, method)
            for model, method in found
            if any(method in vars(cls) and cls.__module__ in modules for cls in type(self.env[model]).__mro__)
        }

    def test_section_methods_check_their_caller(self):
        found = public_methods(self.env, self.addon)
        self.assertFalse(sorted(set(self.calls) - found), "entries for methods that are not public any more")
        missing = sorted(self._section_methods(found) - set(self.calls))
        self.assertFalse(missing, f"public methods of this part without an entry in its section: {missing}")
        with self.at(CALL_TIME):
            for key, spec in sorted(self.calls.items()):
                with self.subTest(call=f"{key[0]}.{key[1]}"):
                    self._replay(key, spec)
