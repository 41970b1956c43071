"""Personal data: masked unless the role needs it, and never in the logs."""
import logging

from gonghui.core.logging import RedactPII, redact
from gonghui.members.privacy import shown

from .conftest import IDS


def test_a_chair_sees_id_and_phone_in_clear(members, users):
    view = shown(users.chair, members.wang)
    assert view["id_number"] == IDS["wang"] and view["phone"] == "13812345678"


def test_a_finance_officer_sees_the_wage_but_not_the_id(members, users):
    view = shown(users.finance, members.wang)
    assert view["id_number"] == "110***********0010" and view["phone"] == "138****5678"
    assert str(view["wage_base"]) == "4567.00"


def test_a_federation_officer_sees_everything_masked(members, users):
    view = shown(users.federation, members.wang)
    assert view["pii_masked"] and view["wage_masked"] and view["wage_base"] == "****"


def test_a_member_sees_their_own_data_in_clear(members, member_user):
    assert shown(member_user, members.wang)["id_number"] == IDS["wang"]


def test_id_numbers_and_phones_are_removed_from_log_records(caplog):
    assert redact(f"user {IDS['zhang']} phone 13812345678 ok") == "user [已隐去] phone [已隐去] ok"
    logger = logging.getLogger("gonghui.test")
    logger.addFilter(RedactPII())
    with caplog.at_level(logging.WARNING, logger="gonghui.test"):
        logger.warning("bad row %s", IDS["li"])
    assert IDS["li"] not in caplog.text and "[已隐去]" in caplog.text
