"""The registers' public methods are APIs: each one, called over RPC as the wrong role and as another ward's officer,
is refused with a message, and works for the right role (q1_dossier's RPC replay). ``CALLS`` is part B's section of
q1_registry's table; the replay of the whole addon takes it as it is. The entries' legal facts (number, status,
data...) refused to a direct write over RPC are in test_registers.TestRegisterRules."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.q1_dossier.tests.test_rpc_roles import CALL_TIME, RpcReplay, RpcUsers, public_methods

from .register_common import RegisterCase


def register():
    return {"prepare": lambda test: test.register}


def own_book():
    """reception_a's register book of ward A (a form is its maker's)."""

    def prepare(test):
        return (
            test.env["q1.register.book"]
            .with_user(test.reception_a)
            .create(
                {
                    "register_id": test.register.id,
                    "company_id": test.ward_a.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                }
            )
        )

    return {"prepare": prepare}


CALLS = {
    ("q1.register", "action_open_entries"): {
        **register(),
        "right": "reception_a",
        "wrong": ("clerk_a",),
        "other": None,
        "no_unit": "the registers are the shared catalogue; the entries' record rules keep each unit to its own",
    },
    ("q1.register.book", "action_print_pdf"): {
        **own_book(),
        "right": "reception_a",
        "wrong": ("clerk_a", "proc_a1"),
        "other": "reception_b",
    },
}


@tagged("post_install", "-at_install")
class TestRegisterRpcRoles(RpcReplay, RpcUsers, RegisterCase):
    addon = "q1_registry"
    calls = CALLS
    # q1_registry's table is the sum of its parts' sections: the replay of every public method runs there
    test_every_public_method_checks_its_caller = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rpc_users()

    def test_part_b_methods_check_their_caller(self):
        found = public_methods(self.env, self.addon)
        stale = sorted(set(self.calls) - found)
        self.assertFalse(stale, f"Entries for methods that are not public methods of q1_registry: {stale}")
        ours = {
            key
            for key in found
            if key[0] in ("q1.register", "q1.register.entry", "q1.register.event", "q1.register.book")
        }
        self.assertFalse(sorted(ours - set(self.calls)), "a public method of part B has no entry")
        with self.at(CALL_TIME):
            for key, spec in sorted(self.calls.items()):
                with self.subTest(call=f"{key[0]}.{key[1]}"):
                    self._replay(key, spec)
