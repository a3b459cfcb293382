"""Claim topic names <-> numbers."""

import pytest

from sectoken.claims import TOPICS, mask_topics, parse_topic, parse_topics, topic_name, topics_mask
from sectoken.errors import SectokenError, ValidationError


def test_every_named_topic_has_its_agreed_number():
    assert TOPICS == {
        "kyc": 1, "aml": 2, "accredited": 3, "qualified-purchaser": 4, "professional": 5, "hnw": 6,
        "sophisticated": 7, "non-us-person": 8,
    }


@pytest.mark.parametrize("value, number", [("kyc", 1), ("KYC", 1), ("qualified_purchaser", 4),
                                            ("Non-US-Person", 8), (3, 3), ("7", 7), (" hnw ", 6)])
def test_names_and_numbers_parse(value, number):
    assert parse_topic(value) == number


def test_comma_separated_lists_parse_in_order_without_duplicates():
    assert parse_topics("kyc, accredited,kyc , 5") == (1, 3, 5)
    assert parse_topics(["aml", 8]) == (2, 8)
    assert parse_topics(6) == (6,)


def test_unknown_name_lists_the_valid_names_and_suggests_one():
    with pytest.raises(ValidationError) as err:
        parse_topic("acredited")
    message = str(err.value)
    assert "Did you mean 'accredited'?" in message
    assert "Valid names: kyc, aml, accredited, qualified-purchaser, professional, hnw, sophisticated, " \
           "non-us-person." in message
    assert isinstance(err.value, SectokenError) and isinstance(err.value, ValueError)


def test_numbers_outside_the_bitmap_are_refused():
    with pytest.raises(ValidationError, match="out of range"):
        parse_topic(256)


def test_masks_round_trip():
    assert topics_mask(["kyc", "hnw"]) == (1 << 1) | (1 << 6)
    assert mask_topics(topics_mask(["professional", "sophisticated", 2])) == (2, 5, 7)
    assert topic_name(5) == "professional"
    assert topic_name(42) == "42"
