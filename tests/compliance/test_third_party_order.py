"""Third-party modules run in the fixed order of their restriction codes (16, 17, 22, 21, 23, 18, 19, 20,
then any other code), whatever order the owner added them in, after the token's own rules."""

from __future__ import annotations

ORDER = [16, 17, 22, 21, 23, 18, 19, 20, 99]


def test_third_party_modules_are_kept_in_the_order_of_their_codes(compliance, owner, token, TestRecordingModule):
    added = {code: TestRecordingModule.deploy(compliance, code, {"from": owner}) for code in reversed(ORDER)}
    for module in added.values():
        compliance.addModule(module, {"from": owner})
    assert list(compliance.getModules()) == [added[code] for code in ORDER]
    assert tuple(token.rules()) == (0, True)
    for module in added.values():
        compliance.removeModule(module, {"from": owner})
    assert tuple(token.rules()) == (0, False)
