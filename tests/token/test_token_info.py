"""Token information: name, symbol, decimals (0 for whole shares), ONCHAINID and version."""

import brownie
import pytest
from web3 import Web3

from tests.conftest import ZERO_ADDRESS, deploy_token, revert_msg


@pytest.fixture
def s(suite):
    return suite


def test_deployed_information(s):
    assert s.token.name() == "Sectoken Bond 2030"
    assert s.token.symbol() == "SB30"
    assert s.token.decimals() == 0
    assert s.token.version() == "2.0.0"
    assert s.token.onchainID() == ZERO_ADDRESS
    assert s.token.owner() == s.owner


def test_whole_shares_transfer_in_units(s):
    s.token.transfer(s.bob, 1, {"from": s.alice})
    assert s.token.balanceOf(s.bob) == 501


def test_set_name_symbol_and_onchain_id_emit_updated_information(s):
    tx = s.token.setName("Sectoken Bond 2031", {"from": s.owner})
    ev = tx.events["UpdatedTokenInformation"]
    # Indexed strings are logged as their keccak256 hash.
    assert str(ev["_newName"]).removeprefix("0x") == Web3.keccak(text="Sectoken Bond 2031").hex().removeprefix("0x")
    assert ev["_newDecimals"] == 0
    assert ev["_newVersion"] == "2.0.0"
    assert s.token.name() == "Sectoken Bond 2031"
    tx = s.token.setSymbol("SB31", {"from": s.owner})
    assert tx.events["UpdatedTokenInformation"]["_newVersion"] == "2.0.0"
    assert s.token.symbol() == "SB31"
    tx = s.token.setOnchainID(s.stranger, {"from": s.owner})
    assert tx.events["UpdatedTokenInformation"]["_newOnchainID"] == s.stranger
    assert s.token.onchainID() == s.stranger


def test_empty_name_or_symbol_is_refused(s):
    with brownie.reverts(revert_msg("TokenEmptyString")):
        s.token.setName("", {"from": s.owner})
    with brownie.reverts(revert_msg("TokenEmptyString")):
        s.token.setSymbol("", {"from": s.owner})


def test_decimals_are_set_at_deploy(s, TestCompliance):
    compliance = TestCompliance.deploy({"from": s.owner})
    fund = deploy_token(s.owner, s.registry, compliance, "Fund", "FND", 18)
    assert fund.decimals() == 18
    assert fund.compliance() == compliance
    assert compliance.getTokenBound() == ZERO_ADDRESS  # its owner binds it, not the token's constructor
