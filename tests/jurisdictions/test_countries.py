"""ISO 3166-1 numeric <-> alpha-2, for every country, with UK as an alias of GB."""

import pytest

from sectoken.countries import COUNTRIES, alpha2, country, country_code
from sectoken.errors import ValidationError


def test_table_covers_every_iso_3166_1_country():
    assert len(COUNTRIES) == 249
    assert len({c.numeric for c in COUNTRIES}) == 249
    assert len({c.alpha2 for c in COUNTRIES}) == 249


@pytest.mark.parametrize("numeric, code", [(4, "AF"), (36, "AU"), (124, "CA"), (156, "CN"), (250, "FR"),
                                           (276, "DE"), (356, "IN"), (392, "JP"), (410, "KR"), (528, "NL"),
                                           (702, "SG"), (756, "CH"), (826, "GB"), (840, "US"), (894, "ZM")])
def test_known_pairs(numeric, code):
    assert alpha2(numeric) == code
    assert country_code(code) == numeric


@pytest.mark.parametrize("value, numeric", [(826, 826), ("826", 826), ("GB", 826), ("gb", 826), ("UK", 826),
                                            ("uk", 826), ("US", 840), (840, 840), ("fr", 250), ("FRA", 250),
                                            ("076", 76)])
def test_numeric_alpha2_and_uk_are_accepted(value, numeric):
    assert country_code(value) == numeric


def test_alpha2_of_a_numeric_code():
    assert alpha2(826) == "GB"
    assert alpha2(840) == "US"
    assert country(250).name == "France"


def test_unknown_code_suggests_close_ones():
    with pytest.raises(ValidationError, match=r"Unknown country 'UKK'.*Did you mean GB \(United Kingdom, 826\)"):
        country("UKK")
    with pytest.raises(ValidationError, match=r"Unknown ISO 3166-1 numeric country code 999\. Did you mean"):
        country(999)
    with pytest.raises(ValidationError, match="Unknown country"):
        country(True)
