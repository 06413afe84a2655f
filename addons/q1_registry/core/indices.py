"""Decision 766/QĐ-TTg indices of group 4 (digitisation) that the field databases make computable
(legal-2025-regime.md §5):

* **4.1 Kết quả điện tử** — "dossiers with an e-result file / dossiers needing a paper result" (max 6). Who is
  counted, as decided here (the portal's own selection is not published, §5 [I]): the dossiers **received in the
  period** (the table's rule "period = Ngày tiếp nhận in period unless stated") whose **result was ready by the
  period's end** (processing ended with a result: ready or returned; a refusal, a stop or a withdrawal issues no
  result) and whose **procedure issues a result document** (it names its result, or it writes a register entry).
  A dossier has its electronic result when, by the period's end, its result was signed as a file
  (``e_result_attachment_id``) or returned electronically (the ``e_result`` stamp): the same e-result condition
  as 4.2's.
* **4.2 Số hóa hồ sơ** stays q1_reporting's (digitised **and** e-result, over the dossiers received); its e-result
  is the condition above (:func:`has_e_result`), a signed file counting as a stamp does.
* **4.3 Tái sử dụng dữ liệu số hóa** — "≥ 1 component flagged reused / all" (max 2, full marks at 80 %): the
  dossiers received in the period with at least one checklist document reused from the citizen's record, over
  the dossiers received in the period.

Pure functions over plain facts: no Odoo. Points are q1_reporting's ``core.indices.points`` over the weights kept
as ``q1.service.index`` records.
"""

from dataclasses import dataclass
from datetime import date

INDEX_E_RESULT = "4.1"
INDEX_DIGITISED = "4.2"
INDEX_REUSE = "4.3"


@dataclass(frozen=True)
class ResultFact:
    """One received dossier as indices 4.1 and 4.3 see it.

    ``received_on``: its reception day; ``result_on``: the day its result was ready, None when processing has not
    ended with a result (still running, refused, stopped, withdrawn); ``needs_result``: its procedure issues a
    result document; ``signed_on``: the day its result was signed as a file, ``returned_electronically_on``: the
    day it was returned electronically (None when not); ``reused``: a document of its checklist was reused from
    the citizen's record; ``ref``: the dossier's id, for the drill-down.
    """

    received_on: date
    result_on: date | None = None
    needs_result: bool = False
    signed_on: date | None = None
    returned_electronically_on: date | None = None
    reused: bool = False
    ref: object = None


def has_e_result(fact, end):
    """The e-result condition judged at day ``end``: signed as a file, or returned electronically, by then."""
    return any(day is not None and day <= end for day in (fact.signed_on, fact.returned_electronically_on))


def _received_in(fact, start, end):
    return start <= fact.received_on <= end


def needs_e_result(fact, start, end):
    """Whether the dossier is in 4.1's denominator for the window ``start``..``end``."""
    return _received_in(fact, start, end) and fact.needs_result and fact.result_on is not None and fact.result_on <= end


def e_result_dossiers(facts, start, end):
    """(numerator, denominator) of index 4.1 as lists of facts: the dossiers of the window that need a result
    document and have it, and those that need it."""
    needing = [fact for fact in facts if needs_e_result(fact, start, end)]
    return [fact for fact in needing if has_e_result(fact, end)], needing


def reuse_dossiers(facts, start, end):
    """(numerator, denominator) of index 4.3 as lists of facts: the dossiers received in the window that reused
    digitised data, and all those received in the window."""
    received = [fact for fact in facts if _received_in(fact, start, end)]
    return [fact for fact in received if fact.reused], received


def measures(facts, start, end):
    """{index code: (numerator, denominator)} of 4.1 and 4.3 over the window."""
    facts = list(facts)
    with_e_result, needing = e_result_dossiers(facts, start, end)
    reused, received = reuse_dossiers(facts, start, end)
    return {INDEX_E_RESULT: (len(with_e_result), len(needing)), INDEX_REUSE: (len(reused), len(received))}
