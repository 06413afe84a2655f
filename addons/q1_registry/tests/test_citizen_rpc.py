"""The public methods of the citizen's record and of reuse at reception are APIs: each one, called over RPC as the
wrong role and as another ward's officer, is refused with a message, and works for the right role (q1_dossier's
RPC replay). ``CALLS`` is part C's section of q1_registry's table; the replay of the whole addon takes it as it is.
The facts refused to a direct write over RPC are in test_citizen and test_reuse."""

from datetime import date

from odoo.tests import tagged

from .citizen_common import ID_AN, CitizenCase
from .rpc_section import RegistryRpcSection


def card_line():
    """The identity card's line of a draft household-business dossier of ward A, whose applicant's card ward A
    holds."""

    def prepare(test):
        test.held(ID_AN, test.kind_id_card, test.ward_a, valid_until=date(2040, 6, 1))
        dossier = test.hkd_dossier()
        return test.line(dossier, test.kind_id_card)

    return {"prepare": prepare}


def received_dossier():
    def prepare(test):
        dossier = test.hkd_dossier()
        dossier.document_ids.write({"is_received": True})
        dossier.with_user(test.reception_a).action_receive()
        return dossier

    return {"prepare": prepare}


CALLS = {
    ("q1.dossier.document", "action_reuse"): {
        **card_line(),
        "right": "reception_a",
        "wrong": ("clerk_a", "proc_a1", "head_a"),
        "other": "reception_b",
        "after": lambda test, line: line.reused_document_id and line.is_received and line.dossier_id.reused,
    },
    ("q1.dossier", "action_open_citizen"): {
        **received_dossier(),
        "right": "proc_a1",
        "wrong": ("clerk_a",),
        "other": "reception_b",
        "after": lambda test, dossier: bool(dossier.citizen_id),
    },
}


@tagged("post_install", "-at_install")
class TestCitizenRpcRoles(RegistryRpcSection, CitizenCase):
    calls = CALLS
    section_modules = (
        "models.q1_citizen",
        "models.q1_citizen_document",
        "models.q1_citizen_view_log",
        "models.q1_document_kind",
        "models.q1_dossier_document",
        "models.q1_dossier_reuse",
        "models.q1_procedure_document",
    )
