"""The registers' public methods are APIs: each one, called over RPC as the wrong role and as another ward's officer,
is refused with a message, and works for the right role (q1_dossier's RPC replay). ``CALLS`` is part B's section of
q1_registry's table; the replay of the whole addon takes it as it is. The entries' legal facts (number, status,
data...) refused to a direct write over RPC are in test_registers.TestRegisterRules."""

from datetime import date

from odoo.tests import tagged

from .register_common import RegisterCase
from .rpc_section import RegistryRpcSection


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
class TestRegisterRpcRoles(RegistryRpcSection, RegisterCase):
    calls = CALLS
    section_modules = (
        "models.q1_register",
        "models.q1_register_entry",
        "models.q1_register_event",
        "models.q1_register_entry_demo",
        "models.q1_dossier_register",
        "models.q1_procedure_register",
        "models.report_q1_register_book",
        "wizard.q1_register_book",
    )
