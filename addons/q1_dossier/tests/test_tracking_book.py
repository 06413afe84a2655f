"""The tracking book (Sổ theo dõi hồ sơ) read by one SQL query: rows against values written out by hand.

The book's rows come from PostgreSQL (joins, the first control-slip step, local time by ``AT TIME ZONE``), not
from the ORM, so each expected row below is stated independently: the instants the lifecycle was frozen at, the
names, the notes; only the appointment, which the calendar computes, is taken from the dossier through the ORM.
"""

import dataclasses
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from ..core.tracking_book import FIRST_DATA_ROW, TrackingRow
from .common import Q1Case, local, utc

APPLICANT = "Lê Thị Công Dân"
ADDRESS_PHONE = "12 Lý Tự Trọng - 0912345678"  # the phone as the dossier stores it (normalised)


@tagged("post_install", "-at_install")
class TestTrackingBook(Q1Case):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proc_b_decides = cls.env["q1.procedure"].create(
            {
                "name": "Đăng ký hộ kinh doanh (sổ theo dõi)",
                "code": "T98.000030",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 3,
                "deciding_company_id": cls.ward_b.id,
            }
        )

    def at_local(self, dossier, method, local_string, user, *args):
        with self.at(local_string):
            getattr(dossier.with_user(user), method)(*args)

    def make_month(self):
        """Ward A's March 2026: five dossiers in the book; one received just after the month (locally), and one
        received by ward B, are not in ward A's book."""
        first_minute = self.receive_at(self.make_dossier(), "2026-03-01 00:10")  # 28/02 17:10 UTC
        flow = self.receive_at(self.make_dossier(self.proc_flow), "2026-03-02 08:00")
        self.at_local(flow, "assign", "2026-03-02 08:45", self.head_a, self.proc_a1)
        self.at_local(flow, "request_supplement", "2026-03-03 10:00", self.proc_a1, "Thiếu giấy tờ", "Bản sao")
        self.at_local(flow, "resume", "2026-03-05 08:00", self.reception_a)
        self.at_local(flow, "hand_over", "2026-03-05 09:00", self.proc_a1)  # step 2: the first is unchanged
        self.at_local(flow, "request_extension", "2026-03-06 09:00", self.proc_a1, "Chờ xác minh", date(2026, 3, 20))
        self.at_local(flow, "approve_extension", "2026-03-06 10:00", self.leader_a)

        returned = self.receive_at(self.make_dossier(), "2026-03-02 09:00")
        self.at_local(returned, "assign", "2026-03-02 10:30", self.head_a, self.proc_a1)
        self.at_local(returned, "hand_over", "2026-03-04 15:30", self.proc_a1)
        self.at_local(returned, "return_result", "2026-03-05 08:15", self.reception_a, "counter", APPLICANT)

        cross = self.make_dossier(self.proc_b_decides)
        with self.at("2026-03-02 09:30"):
            cross.with_user(self.reception_a).sudo().action_receive()  # routed to ward B, not taken yet

        refused = self.received_and_assigned(local_string="2026-03-03 10:00")
        self.at_local(refused, "refuse", "2026-03-04 09:00", self.proc_a1, "  Không đủ điều kiện theo quy định ")

        after = self.receive_at(self.make_dossier(), "2026-04-01 00:30")  # 31/03 17:30 UTC: April locally
        ward_b = self.receive_at(self.make_dossier(user=self.reception_b), "2026-03-02 10:00", user=self.reception_b)
        return {
            "first_minute": first_minute,
            "flow": flow,
            "returned": returned,
            "cross": cross,
            "refused": refused,
            "after": after,
            "ward_b": ward_b,
        }

    def book(self, user, companies, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)):
        return (
            self.env["q1.tracking.book"]
            .with_user(user)
            .create({"date_from": date_from, "date_to": date_to, "company_ids": [(6, 0, companies.ids)]})
        )

    def expected_rows(self, d):
        def row(index, dossier, received, transferred, **values):
            values.setdefault("deciding_unit", self.ward_a.name)
            return TrackingRow(
                index=index,
                code=dossier.code,
                procedure=dossier.procedure_id.name,
                applicant=APPLICANT,
                address_phone=ADDRESS_PHONE,
                received_at=received,
                appointment=local(dossier.appointment_at),
                transferred_at=transferred,
                **values,
            )

        return [
            row(1, d["first_minute"], datetime(2026, 3, 1, 0, 10), datetime(2026, 3, 1, 0, 10)),
            row(
                2,
                d["flow"],
                datetime(2026, 3, 2, 8, 0),
                datetime(2026, 3, 2, 8, 45),
                note="Có yêu cầu bổ sung hồ sơ; Hẹn lại ngày 20/03/2026",
            ),
            row(
                3,
                d["returned"],
                datetime(2026, 3, 2, 9, 0),
                datetime(2026, 3, 2, 10, 30),
                result_received_at=datetime(2026, 3, 4, 15, 30),
                returned_at=datetime(2026, 3, 5, 8, 15),
                return_method=f"Nhận trực tiếp: {APPLICANT}",
            ),
            row(
                4, d["cross"], datetime(2026, 3, 2, 9, 30), datetime(2026, 3, 2, 9, 30), deciding_unit=self.ward_b.name
            ),
            row(
                5,
                d["refused"],
                datetime(2026, 3, 3, 10, 0),
                datetime(2026, 3, 3, 10, 0),
                result_received_at=datetime(2026, 3, 4, 9, 0),
                note="Từ chối: Không đủ điều kiện theo quy định",
            ),
        ]

    def test_rows_from_sql_match_the_lifecycle(self):
        dossiers = self.make_month()
        rows = list(self.book(self.reception_a, self.ward_a)._tracking_rows())
        self.assertEqual(rows, self.expected_rows(dossiers))

    def test_record_rules_apply(self):
        """What the user may not read is not in the book: a rule hiding a dossier removes its row (the rows are
        numbered without it), a rule hiding a control-slip step makes the next step the "transferred" one."""
        dossiers = self.make_month()
        flow = dossiers["flow"]
        Rule = self.env["ir.rule"]
        Rule.create(
            {
                "name": "test: hide the refused dossier",
                "model_id": self.env.ref("q1_dossier.model_q1_dossier").id,
                "domain_force": f"[('id', '!=', {dossiers['refused'].id})]",
            }
        )
        Rule.create(
            {
                "name": "test: hide the flow's first step",
                "model_id": self.env.ref("q1_dossier.model_q1_dossier_step").id,
                "domain_force": f"[('id', '!=', {flow.step_ids.sorted('sequence')[0].id})]",
            }
        )
        expected = self.expected_rows(dossiers)[:4]
        expected[1] = dataclasses.replace(expected[1], transferred_at=datetime(2026, 3, 5, 9, 0))
        self.assertEqual(list(self.book(self.reception_a, self.ward_a)._tracking_rows()), expected)

    def test_xlsx_cells_are_the_rows(self):
        expected = self.expected_rows(self.make_month())
        book = self.book(self.reception_a, self.ward_a)
        name, mimetype, content = book._q1_download_file("xlsx")
        self.assertEqual(name, "so-theo-doi-ho-so-20260301-20260331.xlsx")
        self.assertEqual(mimetype, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet.max_row, FIRST_DATA_ROW + len(expected))
        for line, row in enumerate(expected, start=FIRST_DATA_ROW + 1):
            self.assertEqual([cell.value for cell in sheet[line]], [value or None for value in row.values()])
        # Exported twice in one transaction: the server-side cursor of the first export was closed.
        self.assertEqual(book._q1_download_file("xlsx")[2][:2], b"PK")
        # The button only points at the download route: the file is built when downloaded, kept nowhere.
        self.assertEqual(
            book.action_export_xlsx(),
            {
                "type": "ir.actions.act_url",
                "url": f"/q1/download/q1.tracking.book/{book.id}/xlsx",
                "target": "download",
            },
        )
        self.assertNotIn("file_data", book._fields)

    def test_pdf_lists_the_rows_or_says_there_are_none(self):
        dossiers = self.make_month()
        report = "q1_dossier.report_q1_tracking_book"
        book = self.book(self.reception_a, self.ward_a)
        html = self.env["ir.actions.report"]._render_qweb_html(report, book.ids)[0].decode()
        self.assertIn(dossiers["refused"].code, html)
        self.assertNotIn(dossiers["after"].code, html)
        self.assertNotIn("Không có hồ sơ nào trong kỳ.", html)
        empty = self.book(self.reception_a, self.ward_a, date(2025, 3, 1), date(2025, 3, 31))
        html = self.env["ir.actions.report"]._render_qweb_html(report, empty.ids)[0].decode()
        self.assertIn("Không có hồ sơ nào trong kỳ.", html)


@tagged("post_install", "-at_install")
class TestTrackingBookDownload(HttpCase, Q1Case):
    """The book downloaded through /q1/download as a logged-in user: the file is built as that user, so a
    ward's officer gets only their ward's dossiers, and nobody downloads a book another user made."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossier_a = cls.make_dossier()
        cls.dossier_b = cls.make_dossier(user=cls.reception_b)
        with freeze_time(utc("2026-03-02 09:00")):
            cls.dossier_a.action_receive()
            cls.dossier_b.action_receive()

    def book(self, user, companies):
        return (
            self.env["q1.tracking.book"]
            .with_user(user)
            .create(
                {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), "company_ids": [(6, 0, companies.ids)]}
            )
        )

    def download(self, user, url):
        self.authenticate(user.login, user.login)
        return self.url_open(url, allow_redirects=False)

    def codes(self, content):
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return {cell.value for row in sheet.iter_rows(min_row=FIRST_DATA_ROW + 1) for cell in row[1:2]} - {None}

    def test_the_maker_downloads_the_book_of_their_ward(self):
        book = self.book(self.reception_a, self.ward_a)
        response = self.download(self.reception_a, book.action_export_xlsx()["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.assertEqual(
            response.headers["Content-Disposition"],
            "attachment; filename*=UTF-8''so-theo-doi-ho-so-20260301-20260331.xlsx",
        )
        self.assertEqual(self.codes(response.content), {self.dossier_a.code})

    def test_another_wards_user_is_refused(self):
        url = self.book(self.reception_a, self.ward_a).action_export_xlsx()["url"]
        self.assertEqual(self.download(self.reception_b, url).status_code, 403)
        # ward B's officer downloads the book they made of their own ward: ward B's dossier, none of ward A's
        own = self.book(self.reception_b, self.ward_b)
        response = self.download(self.reception_b, own.action_export_xlsx()["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.codes(response.content), {self.dossier_b.code})

    def test_only_the_files_of_the_mixin_are_served(self):
        book = self.book(self.reception_a, self.ward_a)
        partner = self.reception_a.partner_id.id
        for url in (
            f"/q1/download/q1.tracking.book/{book.id}/pdf",
            f"/q1/download/q1.tracking.book/{book.id + 1000}/xlsx",
            f"/q1/download/res.partner/{partner}/xlsx",
            f"/q1/download/q1.download.mixin/{book.id}/xlsx",
            f"/q1/download/no.such.model/{book.id}/xlsx",
        ):
            self.assertEqual(self.download(self.reception_a, url).status_code, 404, url)
        self.authenticate(None, None)
        response = self.url_open(f"/q1/download/q1.tracking.book/{book.id}/xlsx", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))
