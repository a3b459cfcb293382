"""Transfers of the UK-US bond under Ape's pytest plugin, Ape's test accounts signing."""

import pytest

from sectoken.errors import TransferRestrictedError


def test_an_onboarded_investor_receives_and_an_unregistered_one_is_refused(suite, accounts):
    alice, bob, erin = accounts[4], accounts[5], accounts[6]
    for investor in (alice, bob):
        suite.registry.register(investor.address, investor.address, "GB")
        for claim in ("kyc", "professional"):
            suite.storage.add_claim(investor.address, claim)
    suite.token.mint(alice.address, 50)
    holder = suite.token.with_signer(alice)
    holder.transfer(bob.address, 20)
    assert suite.token.balance_of(bob.address) == 20
    with pytest.raises(TransferRestrictedError) as refused:
        holder.transfer(erin.address, 1)
    assert refused.value.code == 6  # the recipient is not a verified investor
    assert suite.token.balance_of(alice.address) == 30
