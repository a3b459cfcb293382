"""Rescue: ERC-20 tokens sent to the stablecoin's address by mistake are sent on by the rescuer; the
stablecoin itself cannot be sent there, and what of it the contract holds (redemption escrow) cannot be
rescued."""

import brownie

from tests.stablecoin.stablecoin_testkit import USD, deploy_stablecoin, err, fresh_as_of


def test_rescuer_sends_stray_tokens_on(suite, SmokeToken):
    stray = SmokeToken.deploy(1000, {"from": suite.carol})
    stray.transfer(suite.token, 400, {"from": suite.carol})
    tx = suite.token.rescueERC20(stray, suite.bob, 150, {"from": suite.rescuer})
    assert tx.events["TokensRescued"] == {"token": stray, "to": suite.bob, "amount": 150}
    assert tx.events["Transfer"] == {"from": suite.token, "to": suite.bob, "value": 150}
    assert stray.balanceOf(suite.bob) == 150
    assert stray.balanceOf(suite.token) == 250


def test_rescue_beyond_the_stray_balance_is_refused(suite, SmokeToken):
    stray = SmokeToken.deploy(1000, {"from": suite.carol})
    stray.transfer(suite.token, 10, {"from": suite.carol})
    with brownie.reverts(err("ERC20InsufficientBalance", suite.token.address, 10, 11)):
        suite.token.rescueERC20(stray, suite.bob, 11, {"from": suite.rescuer})


def test_another_stablecoin_sent_by_mistake_is_rescued(suite, roles):
    gbp = deploy_stablecoin(roles.owner, roles, name="Sterling Coin", symbol="GBPC", currency="GBP")
    gbp.attestReserves(1000 * USD, fresh_as_of(), b"\x01" * 32, "", {"from": roles.attester})
    gbp.configureMinter(roles.minter, 1000 * USD, {"from": roles.master_minter})
    gbp.mint(suite.token, 5 * USD, {"from": roles.minter})
    suite.token.rescueERC20(gbp, roles.alice, 5 * USD, {"from": roles.rescuer})
    assert gbp.balanceOf(roles.alice) == 5 * USD


def test_stablecoin_refuses_to_be_sent_to_its_own_address(suite):
    token = suite.token
    with brownie.reverts(err("ERC20InvalidReceiver", token.address)):
        token.transfer(token, USD, {"from": suite.alice})
    with brownie.reverts(err("ERC20InvalidReceiver", token.address)):
        token.mint(token, USD, {"from": suite.minter})
    assert token.balanceOf(token) == 0


def test_the_redemption_escrow_cannot_be_rescued(suite):
    token = suite.token
    token.requestRedemption(3 * USD, b"\x01" * 32, {"from": suite.alice})
    assert token.balanceOf(token) == 3 * USD
    with brownie.reverts(err("StablecoinRescueOfEscrow")):
        token.rescueERC20(token, suite.bob, 3 * USD, {"from": suite.rescuer})
    assert token.balanceOf(token) == 3 * USD
