"""The public methods of the per-procedure data are APIs: called over RPC by the wrong role they are refused with a
message and change nothing, and they work for the right role (q1_dossier's RPC replay). ``CALLS`` is this part's
share of the addon's RPC role table: the procedure catalogue is shared by every unit, so its methods have no caller
"from another unit" (``no_unit``)."""

from odoo.tests import tagged

from odoo.addons.q1_dossier.tests.common import Q1Case

from .rpc_section import RegistryRpcSection

COLUMNS = [
    {"name": "hkd_ten", "string": "Tên hộ kinh doanh", "type": "char"},
    {"name": "hkd_dia_diem", "string": "Địa điểm kinh doanh", "type": "char"},
]


def procedure_with_register(test):
    """Ward-independent: the test's 5-day procedure writing into a register with two columns (as the system)."""
    register = test.env["q1.register"].create(
        {
            "name": "Sổ đăng ký hộ kinh doanh (RPC)",
            "code": "T99RPC",
            "field_id": test.field.id,
            "data_definition": COLUMNS,
        }
    )
    test.proc_5d.write({"register_id": register.id, "register_action": "create"})
    return test.proc_5d


CALLS = {
    ("q1.procedure", "action_copy_register_definition"): {
        "prepare": procedure_with_register,
        "right": "manager_a",
        "wrong": ("reception_a", "proc_a1", "head_a", "leader_a", "clerk_a"),
        "other": None,
        "no_unit": True,  # the procedure catalogue is shared by every unit
        "after": lambda test, record: [item["name"] for item in record.data_definition] == ["hkd_ten", "hkd_dia_diem"],
    },
}


@tagged("post_install", "-at_install")
class TestProcedureDataRpcRoles(RegistryRpcSection, Q1Case):
    calls = CALLS
    section_modules = (
        "models.q1_procedure_data",
        "models.q1_procedure_data_rule",
        "models.q1_dossier_data",
        "models.q1_dossier_form_values",
    )
