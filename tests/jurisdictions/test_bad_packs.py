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
    # the second edition's rules
    ("  - flowback: {topic: non-us-person}\n    basis: B.\n", 4, "flowback needs a 'period'"),
    ("  - flowback:\n      period: 3 fortnights\n    basis: B.\n", 5, "is not a period like '40 days'"),
    ("  - flowback: {period: 11 years}\n    basis: B.\n", 4, "a flowback period may last at most 10 years"),
    ("  - flowback:\n      period: 40 days\n      topic: non-us\n    basis: B.\n", 6, "Unknown claim topic 'non-us'"),
    ("  - flowback: {period: 40 days, until: 2027}\n    basis: B.\n", 4, "unknown key 'until' in flowback"),
    ("  - non-accredited-holders: {topic: accredited}\n    basis: B.\n", 4, "non-accredited-holders needs a 'max'"),
    ("  - non-accredited-holders:\n      max: 0\n    basis: B.\n", 5,
     "non-accredited-holders max must be a whole number above zero"),
    ("  - minimum-holding: {country: GB}\n    basis: B.\n", 4, "minimum-holding needs a 'amount'"),
    ("  - minimum-holding:\n      amount: 0\n    basis: B.\n", 5,
     "minimum-holding amount must be a number of tokens above zero"),
    ("  - minimum-holding:\n      amount: 5\n      full-transfer: maybe\n    basis: B.\n", 6,
     "full-transfer must be true or false"),
    ("  - minimum-holding:\n      amount: 5\n      country: GB\n      full-transfer: true\n    basis: B.\n", 7,
     "full-transfer applies to every holder"),
    ("  - minimum-transfer: {amount: 5}\n    basis: B.\n", 4, "minimum-transfer needs a 'country' and a 'amount'"),
    ("  - minimum-transfer:\n      country: Atlantis\n      amount: 5\n    basis: B.\n", 5, "Unknown country"),
    ("  - spender-check: yes please\n    basis: B.\n", 4, "spender-check must be true or false"),
    ("  - eligibility:\n      country: GB\n      type: company\n      all-of: [kyc]\n    basis: B.\n", 6,
     "the investor type is individual or entity, not 'company'"),
    # parameters and `when`
    ("  - max-balance: 5\n    when: {offering: 506c}\n    basis: B.\n", 5,
     "'when' names an unknown parameter 'offering'. The pack declares no parameters."),
    ("  - max-balance: 5\n    when: [506c]\n    basis: B.\n", 5, "'when' must map parameters to the value"),
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


PARAMS = """pack: bad
summary: A pack with parameters.
parameters:
  offering:
    values: [506b, 506c]
    default: 506c
    basis: Which exemption.
rules:
  - max-balance: 5
    when: {offering: 506c}
    basis: B.
"""


@pytest.mark.parametrize("old, new, line, message", [
    ("{offering: 506c}", "{ofering: 506c}", 10,
     "'when' names an unknown parameter 'ofering'. Did you mean 'offering'? The pack's parameters: offering."),
    ("{offering: 506c}", "{offering: [506c, 506d]}", 10, "parameter 'offering' is one of 506b, 506c, not '506d'"),
    ("    default: 506c\n", "    default: 506a\n", 6, "the default of parameter 'offering' must be one of 506b, 506c"),
    ("    default: 506c\n", "", 4, "parameter 'offering' needs a 'default' key"),
    ("    basis: Which exemption.\n", "", 4, "parameter 'offering' needs a 'basis' key"),
    ("[506b, 506c]", "[506c]", 5, "parameter 'offering' needs at least two values"),
    ("    basis: Which exemption.\n", "    basis: Which exemption.\n    label: x\n", 8,
     "unknown key 'label' in parameter 'offering'"),
    ("parameters:\n  offering:\n    values: [506b, 506c]\n    default: 506c\n    basis: Which exemption.\n",
     "parameters: [offering]\n", 3, "'parameters' must map each parameter's name"),
])
def test_parameter_mistakes_name_file_and_line(tmp_path, old, new, line, message):
    path = tmp_path / "bad.yaml"
    assert old in PARAMS
    path.write_text(PARAMS.replace(old, new, 1))
    with pytest.raises(ConfigError) as err:
        load_pack(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)


def test_choosing_an_unknown_parameter_or_value_names_the_pack_file_and_line():
    pack = load_pack("us-reg-d")
    with pytest.raises(ConfigError, match=rf"^{pack.path}:1: pack us-reg-d has no parameter 'isuer'. Did you mean "
                                          r"'issuer'\? Its parameters: issuer, offering."):
        compose([pack], parameters={"us-reg-d": {"isuer": "reporting"}})
    line = pack.parameter("offering").location
    assert line == f"{pack.path}:9"
    with pytest.raises(ConfigError, match=rf"^{line}: parameter 'offering' of pack us-reg-d is one of 506b, 506c, "
                                          r"not '506a'."):
        compose([pack], parameters={"us-reg-d": {"offering": "506a"}})
    with pytest.raises(ConfigError, match=r"Parameters are given for pack 'us-reg-s', which is not composed"):
        compose([pack], parameters={"us-reg-s": {"category": 1}})
    with pytest.raises(ConfigError, match=r"uk-professional.yaml:1: pack uk-professional has no parameter 'issuer'. "
                                          r"It has no parameters."):
        compose([load_pack("uk-professional")], parameters={"uk-professional": {"issuer": "reporting"}})


def test_rules_of_one_module_must_agree_on_its_topic(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text(HEAD + "  - flowback: {period: 40 days}\n    basis: A.\n"
                        "  - non-accredited-holders: {max: 5}\n    basis: A.\n")
    b = tmp_path / "b.yaml"
    b.write_text(HEAD + "  - flowback: {period: 40 days, topic: 9}\n    basis: B.\n")
    c = tmp_path / "c.yaml"
    c.write_text(HEAD + "  - flowback: {period: 0 days, topic: 9}\n    basis: C.\n"
                        "  - non-accredited-holders: {max: 9, topic: qualified-purchaser}\n    basis: C.\n")
    with pytest.raises(ConfigError, match=rf"^{b}:4: its non-US-person topic 9 differs from topic 8 of the rule at "
                                          rf"{a}:4; the module checks one topic"):
        compose([load_pack(a), load_pack(b)])
    with pytest.raises(ConfigError, match=rf"^{c}:6: its accredited topic 4 differs from topic 3 of the rule at {a}:6"):
        compose([load_pack(a), load_pack(c)])  # a period of 0 days sets no topic: only the second rule disagrees


def test_entity_rules_with_nothing_in_common_cannot_compose(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text(HEAD + "  - eligibility: {country: GB, type: entity, any-of: [professional]}\n    basis: A.\n")
    b = tmp_path / "b.yaml"
    b.write_text(HEAD + "  - eligibility: {country: GB, any-of: [hnw]}\n    basis: B.\n")
    with pytest.raises(ConfigError, match=rf"^{b}:4: its any-of topics for entities of country 826 have none in "
                                          rf"common with the rule at {a}:4"):
        compose([load_pack(a), load_pack(b)])
    # the individuals' rule alone composes: the entity-typed rule does not take part in it
    ok = tmp_path / "ok.yaml"
    ok.write_text(HEAD + "  - eligibility: {country: GB, type: individual, any-of: [hnw]}\n    basis: B.\n")
    assert compose([load_pack(a), load_pack(ok)]).eligibility[826].any_of == 1 << 6
