"""`sectoken token ...` end to end: each command changes the chain as it says, amounts are read in tokens,
wallets are checked, and a refused operation prints its ERC-1404 code and sends nothing."""

import pytest

from .conftest import ALICE, BOB, CAROL, DEPLOYER, ERIN, one_red_line, pending_nonce


@pytest.fixture(autouse=True)
def ready(onboarded):
    """Every test starts from the onboarded suite."""


def balance(sectoken, wallet):
    return sectoken.json("token", "balance", wallet)


def test_info_and_balance(sectoken, onboarded):
    info = sectoken.json("token", "info")
    assert (info["name"], info["symbol"], info["decimals"], info["totalSupply"]) == ("UK-US Bond 2030", "UUB30", 0, "0")
    assert info["compliance"] == onboarded.compliance.address and not info["paused"]
    assert balance(sectoken, ALICE) == {"wallet": ALICE, "balance": "0", "frozenTokens": "0", "frozen": False}


def test_mint_and_burn(sectoken, onboarded):
    minted = sectoken.json("token", "mint", ALICE, "1000")
    assert (minted["action"], minted["to"], minted["baseUnits"]) == ("mint", ALICE, 1000)
    assert minted["signer"] == DEPLOYER and minted["txHash"].startswith("0x") and minted["gasUsed"] > 0
    assert onboarded.token.balance_of(ALICE) == 1000
    text = sectoken.ok("token", "burn", ALICE, "1_00").stdout
    assert f"burnt 100 UUB30 of {ALICE}" in text and "gas" in text
    assert balance(sectoken, ALICE)["balance"] == "900"


def test_a_refused_mint_prints_its_code_and_sends_nothing(web3, sectoken, onboarded):
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("token", "mint", ERIN, "5"))
    assert "code 6 (RECIPIENT_NOT_VERIFIED)" in error
    error = one_red_line(sectoken("token", "mint", CAROL, "5"))
    assert "code 22 (INVESTOR_NOT_ELIGIBLE)" in error
    assert pending_nonce(web3, DEPLOYER) == before
    assert onboarded.token.total_supply() == 0


def test_amounts_and_wallets_are_checked_before_sending(web3, sectoken):
    before = pending_nonce(web3, DEPLOYER)
    assert "finer than the token allows (whole tokens)" in one_red_line(sectoken("token", "mint", ALICE, "2.5"))
    assert "must be above zero" in one_red_line(sectoken("token", "mint", ALICE, "0"))
    assert "is not a number" in one_red_line(sectoken("token", "mint", ALICE, "lots"))
    wrong = sectoken("token", "mint", "0x70997970C51812DC3A010C7D01B50E0D17DC79c8", "5")
    assert wrong.exit_code == 2 and "wrong checksum" in wrong.stderr
    assert pending_nonce(web3, DEPLOYER) == before


def test_transfer_is_sent_by_the_signer(sectoken, onboarded):
    sectoken.ok("token", "mint", ALICE, "300")
    result = sectoken.json("token", "transfer", BOB, "120", "--account-index", "1")
    assert result["signer"] == ALICE and result["to"] == BOB
    assert (onboarded.token.balance_of(ALICE), onboarded.token.balance_of(BOB)) == (180, 120)
    error = one_red_line(sectoken("token", "transfer", CAROL, "1", "--account-index", "1"))
    assert "code 22" in error


def test_freeze_and_unfreeze(sectoken, onboarded):
    sectoken.ok("token", "mint", ALICE, "10")
    assert f"froze {ALICE}" in sectoken.ok("token", "freeze", ALICE).stdout
    assert balance(sectoken, ALICE)["frozen"] is True
    assert "code 2 (SENDER_FROZEN)" in one_red_line(sectoken("token", "transfer", BOB, "1", "--account-index", "1"))
    sectoken.ok("token", "unfreeze", ALICE)
    assert not onboarded.token.is_frozen(ALICE)


def test_partial_freeze(sectoken, onboarded):
    sectoken.ok("token", "mint", ALICE, "10")
    frozen = sectoken.json("token", "freeze-partial", ALICE, "7")
    assert frozen["frozenTokens"] == "7"
    error = one_red_line(sectoken("token", "transfer", BOB, "4", "--account-index", "1"))
    assert "code 4 (INSUFFICIENT_UNFROZEN_BALANCE)" in error
    released = sectoken.json("token", "unfreeze-partial", ALICE, "5")
    assert released["frozenTokens"] == "2" and onboarded.token.frozen_tokens(ALICE) == 2
    assert "TokenUnfreezeExceedsFrozen" in one_red_line(sectoken("token", "unfreeze-partial", ALICE, "3"))


def test_force_transfer(sectoken, onboarded):
    sectoken.ok("token", "mint", ALICE, "10")
    sectoken.ok("token", "freeze", ALICE)
    result = sectoken.json("token", "force-transfer", ALICE, BOB, "6")
    assert (result["from"], result["to"], result["baseUnits"]) == (ALICE, BOB, 6)
    assert onboarded.token.balance_of(BOB) == 6
    assert "code 6" in one_red_line(sectoken("token", "force-transfer", ALICE, ERIN, "1"))


def test_recover_a_lost_wallet(sectoken, onboarded):
    sectoken.ok("token", "mint", ALICE, "40")
    identity = onboarded.registry.identity(ALICE)
    onboarded.registry.register(ERIN, identity, "GB")
    result = sectoken.json("token", "recover", ALICE, ERIN)
    assert result["identity"] == identity and result["amount"] == "40"
    assert (onboarded.token.balance_of(ALICE), onboarded.token.balance_of(ERIN)) == (0, 40)
    assert "TokenRecoveryNothingToRecover" in one_red_line(sectoken("token", "recover", ALICE, ERIN))


def test_pause_and_unpause(sectoken, onboarded):
    sectoken.ok("token", "mint", ALICE, "10")
    assert "paused the token" in sectoken.ok("token", "pause").stdout
    assert sectoken.json("token", "info")["paused"] is True
    assert "code 1 (PAUSED)" in one_red_line(sectoken("token", "transfer", BOB, "1", "--account-index", "1"))
    assert "TokenEnforcedPause" in one_red_line(sectoken("token", "pause"))
    sectoken.ok("token", "unpause")
    sectoken.ok("token", "transfer", BOB, "1", "--account-index", "1")


def test_agent_operations_need_an_agent(web3, sectoken):
    before = pending_nonce(web3, ALICE)
    error = one_red_line(sectoken("token", "mint", ALICE, "1", "--account-index", "1"))
    assert "AccessControlUnauthorizedAccount" in error
    assert pending_nonce(web3, ALICE) == before
