"""A mistake in a pack is a ConfigError naming the file and the line."""

import pytest

from sectoken.errors import ConfigError
from sectoken.jurisdictions import compose, load_pack

HEAD = "pack: bad\nsummary: A bad pack.\nrules:\n"


def _load(tmp_path, rules: str):
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + rules)
    return path, lambda: load_pack(path)


@pytest.mark.parametrize("rules, line, message", [
    ("  - country-allow: [GB, XX]\n    basis: B.\n", 4, "Unknown country 'XX'"),
    ("  - country-restrict: [999]\n    basis: B.\n", 4, "Unknown ISO 3166-1 numeric country code 999"),
    (("  - required-topics: [kyc]\n    basis: B.\n  - required-topics:\n      - kyc\n      - acredited\n"
      "    basis: B.\n"), 8, "Unknown claim topic 'acredited'. Did you mean 'accredited'?"),
    ("  - eligibility: {country: Frnace, all-of: [kyc]}\n    basis: B.\n", 4, "Did you mean FR (France, 250)"),
    ("  - country-allow: [GB]\n", 4, "every rule needs a one-line 'basis'"),
    ("  - country-allow: [GB]\n    blocked: [US]\n    basis: B.\n", 5, "unknown key 'blocked' in a rule"),
    ("  - country-allow: [GB]\n    country-restrict: [US]\n    basis: B.\n", 4, "exactly one of"),
    ("  - lock-up: {country: US, period: 12 fortnights}\n    basis: B.\n", 4, "is not a period like '40 days'"),
    ("  - lock-up: {country: US}\n    basis: B.\n", 4, "lock-up needs a 'period'"),
    ("  - lock-up: {period: 11 years}\n    basis: B.\n", 4, "at most 10 years"),
    ("  - holder-cap: {max: -3}\n    basis: B.\n", 4, "whole number above zero"),
    ("  - max-balance: lots\n    basis: B.\n", 4, "number of tokens above zero"),
    ("  - transfer-limit: {window: 1 day}\n    basis: B.\n", 4, "needs a 'window' and a 'max'"),
    ("  - eligibility: {country: US}\n    basis: B.\n", 4, "needs 'all-of' or 'any-of'"),
    ("  - eligibility: {country: US, all-of: [200]}\n    basis: B.\n", 4, "Claim topic 200 is out of range: topics are 0-95"),
    ("  - country-allow: [GB\n", 5, "not valid YAML"),
])
def test_error_names_file_and_line(tmp_path, rules, line, message):
    path, load = _load(tmp_path, rules)
    with pytest.raises(ConfigError) as err:
        load()
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)


def test_missing_top_level_key(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("pack: bad\nrules:\n  - country-allow: [GB]\n    basis: B.\n")
    with pytest.raises(ConfigError, match=rf"^{path}:1: the pack needs a 'summary' key\."):
        load_pack(path)


def test_unknown_pack_name_lists_the_shipped_ones():
    with pytest.raises(ConfigError, match="Unknown jurisdiction pack 'us-reg-x'. Shipped packs: uk-professional, "
                                          "uk-us-bridge, us-reg-d, us-reg-s."):
        load_pack("us-reg-x")


def test_any_of_sets_with_nothing_in_common_cannot_compose(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text(HEAD + "  - eligibility: {country: GB, any-of: [professional]}\n    basis: A.\n")
    b = tmp_path / "b.yaml"
    b.write_text(HEAD + "  - country-allow: [GB]\n    basis: B.\n"
                        "  - eligibility: {country: GB, any-of: [hnw]}\n    basis: B.\n")
    with pytest.raises(ConfigError, match=rf"^{b}:6: its any-of topics for country 826 have none in common with "
                                          rf"the rule at {a}:4"):
        compose([load_pack(a), load_pack(b)])


def test_amount_finer_than_a_base_unit_is_refused(tmp_path):
    path, load = _load(tmp_path, "  - max-balance: 0.001\n    basis: B.\n")
    with pytest.raises(ConfigError, match=rf"^{path}:4: 0.001 tokens is not a whole number of base units at 2"):
        compose([load()], decimals=2)
