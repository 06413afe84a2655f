"""Bad input never loses a dossier, and the officer is told what is wrong in Vietnamese."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.translate import code_translations

from .common import RECEPTION_GROUPS, Q1Case


@tagged("post_install", "-at_install")
class TestApplicantInput(Q1Case):
    def test_citizen_id_wrong_length(self):
        with self.assertRaisesRegex(ValidationError, "định danh.*12 chữ số"):
            self.make_dossier(applicant_id_number="07909000123")  # 11 digits

    def test_citizen_id_century_digit_vs_birth_date(self):
        # 4th digit 2 = born in the 21st century (male), "90" → 2090, but the applicant was born in 1990.
        with self.assertRaisesRegex(ValidationError, "năm sinh 2090.*1990"):
            self.make_dossier(applicant_id_number="079290001234", applicant_birth_date=date(1990, 5, 1))

    def test_citizen_id_wrong_sex(self):
        # 4th digit 0 = male born in the 20th century.
        with self.assertRaisesRegex(ValidationError, "giới tính nam.*giới tính nữ"):
            self.make_dossier(
                applicant_id_number="079090001234", applicant_birth_date=date(1990, 5, 1), applicant_sex="female"
            )

    def test_citizen_id_without_birth_date_or_sex(self):
        # The birth date and sex are optional: without them only the number itself is checked.
        dossier = self.make_dossier(applicant_id_number="079 090 001 234")
        self.assertEqual(dossier.applicant_id_number, "079090001234")
        self.assertFalse(dossier.applicant_birth_date)
        dossier = self.make_dossier(applicant_id_number="001301000123", applicant_sex="female")
        self.assertEqual(dossier.applicant_id_number, "001301000123")

    def test_citizen_id_checked_on_later_edit(self):
        dossier = self.make_dossier(
            applicant_id_number="079 090 001 234", applicant_birth_date=date(1990, 5, 1), applicant_sex="male"
        )
        self.assertEqual(dossier.applicant_id_number, "079090001234")
        with self.assertRaisesRegex(ValidationError, "giới tính"):
            dossier.write({"applicant_sex": "female"})
            self.env.flush_all()
        # As after a failed request: forget the refused value kept in the cache, then read the database.
        self.env.cr.clear()
        self.assertEqual(dossier.applicant_sex, "male")

    def test_phone(self):
        with self.assertRaisesRegex(ValidationError, "Số điện thoại «0123» không hợp lệ"):
            self.make_dossier(applicant_phone="0123")
        dossier = self.make_dossier(applicant_phone="+84 (0) 90-123.4567")
        self.assertEqual(dossier.applicant_phone, "0901234567")
        landline = self.make_dossier(applicant_phone="028 3829 7011")
        self.assertEqual(landline.applicant_phone, "02838297011")
        with self.assertRaisesRegex(ValidationError, "Số điện thoại"):
            dossier.write({"applicant_phone": "0912 345 67"})
        self.assertEqual(dossier.applicant_phone, "0901234567")

    def test_organisation_tax_code(self):
        with self.assertRaisesRegex(ValidationError, "Mã số thuế 0101234567 sai chữ số kiểm tra"):
            self.make_dossier(
                applicant_type="organisation", applicant_name="Công ty TNHH Thử", applicant_id_number="0101234567"
            )
        # 0*31 + 1*29 + 0*23 + 1*19 + 2*17 + 3*13 + 4*7 + 5*5 + 6*3 = 192; 192 mod 11 = 5; 10 - 5 = 5.
        dossier = self.make_dossier(
            applicant_type="organisation", applicant_name="Công ty TNHH Thử", applicant_id_number="0101234565-001"
        )
        self.assertEqual(dossier.applicant_id_number, "0101234565-001")

    def test_form_with_invalid_phone_creates_nothing(self):
        Dossier = self.env["q1.dossier"].with_user(self.reception_a)
        count = Dossier.search_count([])
        form = Form(Dossier)
        form.applicant_name = "Trương Văn Sai Số"
        form.applicant_phone = "09123"
        form.procedure_id = self.proc_5d
        with self.assertRaisesRegex(ValidationError, "Số điện thoại"):
            form.save()
        self.assertEqual(Dossier.search_count([]), count)
        self.assertFalse(Dossier.search([("applicant_name", "=", "Trương Văn Sai Số")]))
        # Corrected, the same form saves.
        form.applicant_phone = "0912345678"
        dossier = form.save()
        self.assertEqual(Dossier.search_count([]), count + 1)
        self.assertEqual(dossier.applicant_phone, "0912345678")

    def test_negative_fee_refused(self):
        with self.assertRaises(ValidationError):
            self.make_dossier(fee_amount=-1)


@tagged("post_install", "-at_install")
class TestReceiveRefusals(Q1Case):
    """Receive is refused with a message, and the dossier stays a draft without a code."""

    def assertUnchanged(self, dossier):
        self.assertFalse(dossier.code)
        self.assertEqual(dossier.state, "draft")
        self.assertFalse(dossier.received_at)
        self.assertFalse(dossier.due_date)
        self.assertTrue(dossier.exists())

    def test_missing_documents(self):
        dossier = self.make_dossier(tick=False)
        dossier.document_ids.filtered(lambda d: d.name == "Tờ khai đăng ký khai sinh").is_received = True
        with self.assertRaises(UserError) as caught, self.at("2026-03-05 09:00"):
            dossier.action_receive()
        message = str(caught.exception)
        self.assertIn("- Giấy chứng sinh", message)
        self.assertNotIn("Tờ khai đăng ký khai sinh", message)
        self.assertNotIn("Giấy ủy quyền", message)  # optional
        self.assertUnchanged(dossier)
        # Nothing numbered either: the first dossier received that day still gets 0001.
        other = self.receive_at(self.make_dossier(), "2026-03-05 09:05")
        self.assertEqual(other.code, "T99.01-260305-0001")

    def test_procedure_no_longer_in_effect(self):
        self.proc_5d.date_end = date(2026, 2, 28)
        dossier = self.make_dossier()
        with self.assertRaises(UserError) as caught, self.at("2026-03-05 09:00"):
            dossier.action_receive()
        self.assertIn(self.proc_5d.code, str(caught.exception))
        self.assertUnchanged(dossier)
        # Still in effect on its last day.
        self.receive_at(dossier, "2026-02-28 09:00")
        self.assertTrue(dossier.code)

    def test_procedure_not_yet_in_effect(self):
        self.proc_5d.date_start = date(2026, 4, 1)
        dossier = self.make_dossier()
        with self.assertRaises(UserError), self.at("2026-03-31 16:00"):
            dossier.action_receive()
        self.assertUnchanged(dossier)

    def test_procedure_effective_date_is_local(self):
        # Ends 05/03/2026; at 06/03 00:30 local (05/03 17:30 UTC) it is no longer in effect in Vietnam, whatever
        # time zone the officer's preferences hold (here none): the reception date itself is 06/03 local.
        officer = new_test_user(
            self.env,
            login="q1_officer_notz",
            groups=RECEPTION_GROUPS,
            tz=False,
            company_id=self.ward_a.id,
            company_ids=[Command.set([self.ward_a.id])],
        )
        self.proc_5d.date_end = date(2026, 3, 5)
        dossier = self.make_dossier(channel="online", user=officer)
        with self.assertRaises(UserError), self.at("2026-03-06 00:30"):
            dossier.action_receive()
        self.assertUnchanged(dossier)

    def test_channel_not_allowed(self):
        self.proc_5d.allow_online = False
        dossier = self.make_dossier(channel="online")
        with self.assertRaises(UserError) as caught, self.at("2026-03-05 09:00"):
            dossier.action_receive()
        self.assertIn(self.proc_5d.code, str(caught.exception))
        self.assertUnchanged(dossier)

    def test_archived_procedure(self):
        dossier = self.make_dossier()
        self.proc_5d.active = False
        with self.assertRaises(UserError), self.at("2026-03-05 09:00"):
            dossier.action_receive()
        self.assertUnchanged(dossier)


@tagged("post_install", "-at_install")
class TestVietnameseMessages(Q1Case):
    """Messages written in English in the model reach a Vietnamese officer translated (i18n/vi.po)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.officer_vi = new_test_user(
            cls.env,
            login="q1_officer_vi",
            groups=RECEPTION_GROUPS,
            lang="vi_VN",
            company_id=cls.ward_a.id,
            company_ids=[Command.set([cls.ward_a.id])],
        )

    def translation_of(self, source):
        translations = code_translations.get_python_translations("q1_dossier", "vi_VN")
        self.assertIn(source, translations, f"no Vietnamese translation of {source!r} in q1_dossier/i18n/vi.po")
        self.assertNotEqual(translations[source], source)
        return translations[source]

    def test_missing_documents_message_in_vietnamese(self):
        source = (
            "The dossier is incomplete. Missing documents:\n%(items)s\n"
            "Use 'Request completion' to give the applicant the list of missing items."
        )
        dossier = self.make_dossier(user=self.officer_vi, tick=False)
        with self.assertRaises(UserError) as caught, self.at("2026-03-05 09:00"):
            dossier.with_user(self.officer_vi).with_context(lang="vi_VN").action_receive()
        expected = self.translation_of(source) % {"items": "- Tờ khai đăng ký khai sinh\n- Giấy chứng sinh"}
        self.assertEqual(str(caught.exception), expected)

    def test_already_received_message_in_vietnamese(self):
        source = "Dossier %s has already been received or closed."
        dossier = self.receive_at(self.make_dossier(user=self.officer_vi), "2026-03-05 09:00")
        with self.assertRaises(UserError) as caught, self.at("2026-03-05 10:00"):
            dossier.with_user(self.officer_vi).with_context(lang="vi_VN").action_receive()
        self.assertEqual(str(caught.exception), self.translation_of(source) % dossier.display_name)


@tagged("post_install", "-at_install")
class TestCatalogueAndCalendar(Q1Case):
    def test_time_limit_below_one_needs_same_day(self):
        with self.assertRaises(ValidationError):
            self.env["q1.procedure"].create(
                {
                    "name": "Thủ tục sai",
                    "code": "T99.000090",
                    "field_id": self.field.id,
                    "time_unit": "day",
                    "time_limit": 0,
                }
            )
        with self.assertRaises(ValidationError):
            self.proc_5d.time_limit = 0
            self.env.flush_all()
        # Marked same-day, 0 is fine.
        self.proc_5d.write({"same_day": True, "time_limit": 0})
        self.assertTrue(self.proc_5d.same_day)

    def test_same_day_must_count_days(self):
        with self.assertRaises(ValidationError):
            self.proc_8h.same_day = True
            self.env.flush_all()

    def test_procedure_dates_and_channels(self):
        with self.assertRaises(ValidationError):
            self.proc_5d.write({"date_start": date(2026, 5, 1), "date_end": date(2026, 4, 30)})
        with self.assertRaises(ValidationError):
            self.proc_5d.write({"allow_direct": False, "allow_postal": False, "allow_online": False})
        with self.assertRaises(ValidationError):
            self.proc_5d.fee_amount = -1000

    def test_make_up_day_must_be_a_weekend_day(self):
        Day = self.env["q1.work.calendar.day"]
        with self.assertRaisesRegex(ValidationError, "25/03/2026"):
            Day.create(
                {"calendar_id": self.calendar.id, "date": "2026-03-25", "day_type": "workday", "name": "Làm bù sai"}
            )  # a Wednesday
        saturday = Day.create(
            {"calendar_id": self.calendar.id, "date": "2026-03-28", "day_type": "workday", "name": "Làm bù"}
        )
        self.assertIn(date(2026, 3, 28), self.calendar._to_core().extra_workdays)
        self.assertTrue(saturday.exists())

    def test_day_listed_once(self):
        from psycopg2 import IntegrityError

        from odoo.tools import mute_logger

        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["q1.work.calendar.day"].create(
                {"calendar_id": self.calendar.id, "date": "2026-02-16", "day_type": "holiday", "name": "Trùng"}
            )
            self.env.flush_all()

    def test_shifts_must_be_ordered(self):
        with self.assertRaises(ValidationError):
            self.calendar.morning_end = 14.0  # after the afternoon start
        with self.assertRaises(ValidationError):
            self.calendar.same_day_cutoff = 25.0

    def test_data_calendar_to_core(self):
        core = self.calendar._to_core()
        tet = {date(2026, 2, d) for d in range(16, 21)}
        self.assertLessEqual(tet, core.holidays)
        self.assertLessEqual({date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)}, core.holidays)
        self.assertIn(date(2026, 8, 22), core.extra_workdays)
        self.assertNotIn(date(2026, 8, 22), core.holidays)
        self.assertEqual(core.weekend, frozenset({5, 6}))
        self.assertEqual(
            [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in core.shifts],
            [("07:30", "11:30"), ("13:00", "17:00")],
        )
        self.assertFalse(core.is_workday(date(2026, 2, 18)))
        self.assertTrue(core.is_workday(date(2026, 8, 22)))
        self.assertFalse(core.is_workday(date(2026, 8, 23)))
        self.assertEqual(self.calendar._cutoff_time().strftime("%H:%M"), "15:00")
        self.assertEqual(self.calendar._appointment_clock().strftime("%H:%M"), "14:00")
        self.assertEqual(self.calendar.workday_count, len([d for d in core.extra_workdays]))

    def test_saturday_working_calendar(self):
        # A calendar with Saturday as a working day: a make-up day may then only be a Sunday.
        calendar = self.env["q1.work.calendar"].create({"name": "Lịch làm thứ Bảy", "saturday_off": False})
        self.assertEqual(calendar._to_core().weekend, frozenset({6}))
        with self.assertRaises(ValidationError):
            self.env["q1.work.calendar.day"].create(
                {"calendar_id": calendar.id, "date": "2026-03-28", "day_type": "workday", "name": "Thứ Bảy"}
            )

    def test_company_gets_state_calendar_by_default(self):
        company = self.env["res.company"].create({"name": "Phường mới (thử)", "q1_unit_code": "T99.09"})
        self.assertEqual(company.q1_work_calendar_id, self.calendar)
        self.assertEqual(company.q1_code_pattern, "{unit}-{yy}{mm}{dd}-{seq:04d}")

    def test_unit_code_unique(self):
        from psycopg2 import IntegrityError

        from odoo.tools import mute_logger

        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["res.company"].create({"name": "Phường trùng mã (thử)", "q1_unit_code": "T99.01"})
            self.env.flush_all()
