"""q1_registry's RPC role table is the sum of its parts' sections, each replayed with its own fixture
(test_procedure_data_rpc, test_rpc_registers, test_citizen_rpc, test_rpc_e_result; ``RegistryRpcSection`` in
rpc_section.py): here, every public method the addon defines has an entry in one of them, as q1_dossier's
``test_every_public_method_checks_its_caller`` demands of q1_dossier's single table."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.q1_dossier.tests.test_rpc_roles import public_methods

from . import test_citizen_rpc, test_procedure_data_rpc, test_rpc_e_result, test_rpc_registers

SECTIONS = (test_procedure_data_rpc, test_rpc_registers, test_citizen_rpc, test_rpc_e_result)


@tagged("post_install", "-at_install")
class TestRegistryRpcTable(TransactionCase):
    def test_every_public_method_has_an_entry(self):
        found = public_methods(self.env, "q1_registry")
        tables = [set(section.CALLS) for section in SECTIONS]
        covered = set().union(*tables)
        self.assertEqual(sum(map(len, tables)), len(covered), "a method has entries in two sections")
        missing = sorted(found - covered)
        self.assertFalse(
            missing,
            "Public methods of q1_registry (callable by any user over RPC) without an entry in a section of its RPC "
            "role table: check the caller's role and unit at their start and add them, or make them private:\n"
            + "\n".join(f"{model}.{method}" for model, method in missing),
        )
        self.assertFalse(sorted(covered - found), "entries for methods that are not public any more")
