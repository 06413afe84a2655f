"""The citizens' feedback's public methods are APIs: each one, called over RPC as the wrong role and as another
ward's officer, is refused with a message, and works for the right role (q1_dossier's RPC replay over the public
methods of the feedback part's models; a public method of these models missing from the table fails the test)."""

from odoo.tests import tagged

from odoo.addons.q1_dossier.tests.test_rpc_roles import CALL_TIME, RpcReplay, RpcUsers, public_methods
from odoo.addons.q1_reporting.tests.common import Q1ReportingCase

MODELS = ("q1.feedback", "q1.feedback.category", "q1.rating.item", "q1.dossier.rating.answer")


def feedback(state, draft=False):
    return {"prepare": lambda test: test.feedback(state, draft)}


CALLS = {
    ("q1.feedback", "assign"): {
        **feedback("new"),
        "args": lambda test, record: [test.proc_a1.id],
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a", "clerk_a"),
        "other": "leader_b",
        "after": lambda test, record: record.state == "assigned" and record.handler_id == test.proc_a1,
    },
    ("q1.feedback", "action_assign_me"): {
        **feedback("new"),
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a"),
        "other": "leader_b",
        "after": lambda test, record: record.handler_id == test.head_a,
    },
    ("q1.feedback", "answer"): {
        **feedback("assigned"),
        "args": ["Đơn vị đã xem xét và trả lời."],
        "right": "proc_a1",
        "wrong": ("proc_a2", "reception_a", "clerk_a"),
        "other": "leader_b",
        "after": lambda test, record: record.state == "answered",
    },
    ("q1.feedback", "action_answer"): {
        **feedback("assigned", draft=True),
        "right": "proc_a1",
        "wrong": ("proc_a2", "reception_a"),
        "other": "proc_b",
        "after": lambda test, record: record.state == "answered",
    },
    ("q1.feedback", "refuse"): {
        **feedback("new"),
        "args": ["Không thuộc phạm vi giải quyết."],
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a"),
        "other": "leader_b",
        "after": lambda test, record: record.state == "refused",
    },
    ("q1.feedback", "action_refuse"): {
        **feedback("new", draft=True),
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a"),
        "other": "leader_b",
        "after": lambda test, record: record.state == "refused",
    },
    ("q1.feedback", "request_information"): {
        **feedback("assigned"),
        "args": ["Đề nghị cho biết mã hồ sơ."],
        "right": "proc_a1",
        "wrong": ("proc_a2", "reception_a", "clerk_a"),
        "other": "leader_b",
        "after": lambda test, record: bool(record.info_requested_at),
    },
    ("q1.feedback", "action_request_information"): {
        **feedback("assigned", draft=True),
        "right": "head_a",
        "wrong": ("proc_a2", "reception_a"),
        "other": "proc_b",
        "after": lambda test, record: bool(record.info_requested_at),
    },
    ("q1.feedback", "close"): {
        **feedback("answered"),
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a"),
        "other": "leader_b",
        "after": lambda test, record: record.state == "closed",
    },
    ("q1.feedback", "rate_answer"): {
        **feedback("answered"),
        "args": ["satisfied"],
        "right": "reception_a",
        "wrong": ("proc_a1", "clerk_a"),
        "other": "reception_b",
        "after": lambda test, record: record.answer_satisfaction == "satisfied",
    },
}


@tagged("post_install", "-at_install")
class TestFeedbackRpcRoles(RpcReplay, RpcUsers, Q1ReportingCase):
    addon = "q1_quality"
    calls = CALLS
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rpc_users()

    def feedback(self, state, draft=False):
        """Ward A's feedback (filed at the counter) in ``state``, as the system."""
        record = self.env["q1.feedback"]._q1_file(
            {
                "company_id": self.ward_a.id,
                "citizen_name": "Nguyễn Thị Góp Ý",
                "citizen_phone": "0903 222 111",
                "content": "Thời gian chờ tại quầy quá lâu.",
            }
        )
        if state in ("assigned", "answered"):
            record.assign(self.proc_a1)
        if state == "answered":
            record.answer("Đơn vị đã bố trí thêm quầy.")
        if draft:
            record.draft_answer = "Nội dung trả lời soạn sẵn."
        return record

    def test_every_public_method_checks_its_caller(self):
        found = {key for key in public_methods(self.env, self.addon) if key[0] in MODELS}
        missing = sorted(found - set(self.calls))
        self.assertFalse(missing, f"Public methods of the feedback's models without an entry: {missing}")
        self.assertFalse(sorted(set(self.calls) - found), "entries for methods that are not public any more")
        with self.at(CALL_TIME):
            for key, spec in sorted(self.calls.items()):
                with self.subTest(call=f"{key[0]}.{key[1]}"):
                    self._replay(key, spec)
