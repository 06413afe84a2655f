"""The pure parts of the replica demonstration and the load test (tests/bench, run by hand): what the web client
sends for a view, how a PostgreSQL statement log is read back per request, and where a request is said to have
run. Without Odoo, PostgreSQL or Locust."""

import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import bench_load  # noqa: E402
import run_replica_demo as demo  # noqa: E402
import webclient  # noqa: E402

MODELS = {
    "q1.dossier": {
        "fields": {
            "code": {"type": "char"},
            "procedure_id": {"type": "many2one", "relation": "q1.procedure"},
            "document_ids": {"type": "one2many", "relation": "q1.dossier.document"},
            "attachment_ids": {"type": "many2many", "relation": "ir.attachment"},
        }
    },
    "q1.dossier.document": {"fields": {"name": {"type": "char"}, "is_received": {"type": "boolean"}}},
}
FORM = """<form><sheet><group>
    <field name="code"/><field name="procedure_id"/><field name="not_a_field"/>
    <field name="document_ids"><list><field name="name"/><field name="is_received"/></list></field>
    <field name="attachment_ids"/>
</group></sheet></form>"""

LOG = """\
2026-11-30 16:16:21.714 UTC [1] replica-demo@postgres LOG:  statement: SELECT 'q1-replica-demo-mark begin 1'
2026-11-30 16:16:21.715 UTC [22930] odoo-22866@q1 LOG:  statement: BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY
2026-11-30 16:16:21.716 UTC [22930] odoo-22866@q1 LOG:  statement: \n\
\t            SELECT base_registry_signaling.last_value, base_cache_signaling_default.last_value
\t            FROM base_registry_signaling, base_cache_signaling_default
2026-11-30 16:16:21.717 UTC [22930] odoo-22866@q1 LOG:  statement: SELECT "q1_dossier"."id" FROM "q1_dossier"
2026-11-30 16:16:21.718 UTC [22930] odoo-22866@q1 LOG:  statement: \n\
\t    INSERT INTO q1_audit_log (kind) SELECT 'read'
2026-11-30 16:16:21.718 UTC [22930] odoo-22866@q1 ERROR:  cannot execute INSERT in a read-only transaction
2026-11-30 16:16:21.719 UTC [22930] odoo-22866@q1 LOG:  statement: INSERT INTO res_device_log (user_id) VALUES (9)
2026-11-30 16:16:21.719 UTC [22930] odoo-22866@q1 LOG:  statement: ROLLBACK
"""


def test_specification_follows_the_view():
    spec = webclient.spec_from_arch(ElementTree.fromstring(FORM), "q1.dossier", MODELS)
    assert spec == {
        "code": {},
        "procedure_id": {"fields": {"display_name": {}}},
        "document_ids": {"fields": {"name": {}, "is_received": {}}, "limit": 40},
        "attachment_ids": {"fields": {"display_name": {}}, "limit": 40},
    }


def test_onchange_values_go_back_as_the_client_sends_them():
    value = {
        "procedure_id": {"id": 7, "display_name": "Chứng thực"},
        "channel": "direct",
        "document_ids": [[0, "virtual_1", {"name": "Tờ khai", "procedure_document_id": {"id": 3}}]],
    }
    assert webclient.raw_values(value) == {"procedure_id": 7, "channel": "direct"}
    assert webclient.new_dossier_values(value) == [
        [0, 0, {"name": "Tờ khai", "procedure_document_id": 3, "is_received": True}]
    ]


def test_rpc_errors_are_told_apart():
    with pytest.raises(webclient.RpcError) as refused:
        webclient.rpc_result({"error": {"data": {"name": "odoo.exceptions.UserError", "message": "Đã chuyển"}}})
    assert refused.value.user_message
    with pytest.raises(webclient.RpcError) as crashed:
        webclient.rpc_result({"error": {"data": {"name": "builtins.KeyError", "message": "x"}}})
    assert not crashed.value.user_message
    assert webclient.rpc_result({"result": [1]}) == [1]


def test_statement_log_read_back(tmp_path):
    log = tmp_path / "standby.log"
    log.write_text(LOG)
    _end, entries = demo.log_entries(log)
    sent, errors = demo.statements(entries)
    assert len(sent) == 6  # the marker is not Odoo's; the multi-line statements are one each
    assert errors == ["cannot execute INSERT in a read-only transaction"]
    work = demo.summarise(sent)
    # transaction control, the signalling check and the device log are not the request's work
    assert (work["work"], work["writes"], work["device"]) == (2, 1, 1)


@pytest.mark.parametrize(
    "modes, primary, standby, errors, expected",
    [
        (["ro"], 0, 20, [], "standby"),
        (["rw"], 30, 0, [], "primary"),
        (["rw"], 30, 3, [], "primary (route and session read on the standby)"),
        (["ro->rw"], 27, 20, ["cannot execute INSERT in a read-only transaction"], "standby: a write refused"),
        (["ro"], 13, 0, [], "primary (no standby"),
        (["ro"], 49, 4, [], "standby + primary (a read/write cursor of its own)"),
    ],
)
def test_served_by(modes, primary, standby, errors, expected):
    row = {
        "modes": modes,
        "primary": {"work": primary},
        "standby": {"work": standby},
        "standby_errors": errors,
    }
    assert demo.Evidence.served_by(row).startswith(expected)


def test_locust_figures():
    rows = {
        ("page", "reception"): {
            "Request Count": "120",
            "Failure Count": "0",
            "Requests/s": "1.98",
            "50%": "640",
            "95%": "1300",
        },
        ("page", "hand-over"): {"Request Count": "0", "Failure Count": "0", "Requests/s": "0", "50%": "0", "95%": "0"},
    }
    assert bench_load.figures(rows, "reception") == {
        "count": 120,
        "failures": 0,
        "rate": 1.98,
        "p50": 0.64,
        "p95": 1.3,
    }
    assert bench_load.figures(rows, "hand-over") is None
    assert bench_load.figures(rows, "dashboard open") is None
