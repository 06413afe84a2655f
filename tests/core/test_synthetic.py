"""Synthetic applicants pass the identity checks and are reproducible."""

import random
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from q1_dossier.core.identity import normalize_phone, validate_citizen_id, validate_tax_code
from q1_dossier.core.synthetic import SyntheticApplicants, ascii_fold

TODAY = date(2026, 11, 28)


@given(seed=st.integers(0, 10**9))
def test_people_have_valid_ids_matching_birth_and_sex(seed):
    person = SyntheticApplicants(random.Random(seed), TODAY).person()
    assert (
        validate_citizen_id(person["applicant_id_number"], person["applicant_birth_date"], person["applicant_sex"])
        == person["applicant_id_number"]
    )
    assert 18 <= (TODAY - person["applicant_birth_date"]).days // 365 <= 80


@given(seed=st.integers(0, 10**9))
def test_organisations_phones_and_addresses_are_valid(seed):
    applicants = SyntheticApplicants(random.Random(seed), TODAY)
    assert validate_tax_code(applicants.organisation()["applicant_id_number"])
    assert applicants.organisation(household=True)["applicant_name"].startswith("Hộ kinh doanh")
    phone = applicants.phone()
    assert normalize_phone(phone) == phone
    assert applicants.address("Tân Định").endswith("Thành phố Hồ Chí Minh")


def test_same_seed_same_applicants():
    first = SyntheticApplicants(random.Random(7), TODAY)
    second = SyntheticApplicants(random.Random(7), TODAY)
    assert [first.person() for _i in range(5)] == [second.person() for _i in range(5)]


def test_ascii_fold_for_email_addresses():
    assert ascii_fold("Nguyễn Đức Thắng") == "nguyen duc thang"
    assert SyntheticApplicants(random.Random(1), TODAY).email("Lê Thị Hà").startswith("le.thi.ha")
