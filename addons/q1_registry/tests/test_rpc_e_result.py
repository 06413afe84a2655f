"""The electronic results' public methods are APIs: each one, called over RPC as the wrong role and as another ward's
officer, is refused with a message, and works for the right role (q1_dossier's RPC replay). ``CALLS`` is part D's
section of q1_registry's table: the replay of the whole addon (every public method, as q1_dossier's
``test_every_public_method_checks_its_caller``) takes it as it is."""

import base64

from odoo.tests import tagged

from odoo.addons.q1_dossier.tests.test_rpc_roles import own_form

from .e_result_common import EResultCase, make_pdf
from .rpc_section import RegistryRpcSection


def done_dossier(signed=False):
    """Ward A's dossier with its result ready (proc_a1 held its last step), its electronic result attached if
    ``signed``."""

    def prepare(test):
        dossier = test.dossier("done")
        if signed:
            with test.at("2026-03-03 15:00"):
                dossier._q1_attach_e_result(make_pdf(), "kq.pdf")
        return dossier

    return {"prepare": prepare}


def march_index_line(code):
    """head_a's handling report of ward A for March 2026, computed: its line of index ``code``."""
    return {
        "prepare": lambda test: test.march_report(test.head_a, computed=True).index_line_ids.filtered(
            lambda line: line.code == code
        )
    }


CALLS = {
    ("q1.dossier", "action_open_e_result_wizard"): {
        **done_dossier(),
        "right": "proc_a1",
        "wrong": ("reception_a", "proc_a2", "clerk_a"),
        "other": "proc_b",
    },
    ("q1.dossier", "action_download_e_result"): {
        **done_dossier(signed=True),
        "right": "reception_a",
        "wrong": ("clerk_a",),
        "other": "reception_b",
    },
    ("q1.dossier.e.result.wizard", "action_attach"): {
        **done_dossier(),
        "record": own_form(
            "q1.dossier.e.result.wizard",
            lambda test, dossier: {"result_file": base64.b64encode(make_pdf()), "result_filename": "kq.pdf"},
        ),
        "right": "proc_a1",
        "wrong": ("reception_a", "proc_a2", "clerk_a"),
        "other": "proc_b",
        "after": lambda test, dossier: bool(dossier.e_result_attachment_id),
    },
    ("q1.service.index.line", "action_open_dossiers"): {
        **march_index_line("4.1"),
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a"),
        "other": "leader_b",
    },
}


@tagged("post_install", "-at_install")
class TestEResultRpcRoles(RegistryRpcSection, EResultCase):
    calls = CALLS
    section_modules = (
        "models.q1_dossier_e_result",
        "models.res_company",
        "models.ir_attachment",
        "models.q1_dossier_fact",
        "models.q1_dossier_report",
        "wizard.q1_dossier_e_result_wizard",
        "wizard.q1_handling_report_wizard",
        "wizard.q1_service_index_line",
    )
