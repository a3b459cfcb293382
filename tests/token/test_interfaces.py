"""Standards conformance: ERC-165 ids (ERC-7943, ERC-3643 IToken, ERC-1404) and the reference ERC-3643
IToken ABI (T-REX 4.1.6): every function selector and event signature is in the token's ABI."""

import json
from pathlib import Path

import pytest
from brownie import interface
from eth_utils import function_signature_to_4byte_selector

REFERENCE = Path("node_modules/@tokenysolutions/t-rex/artifacts/contracts/token/IToken.sol/IToken.json")


def signature(item):
    return f"{item['name']}({','.join(i['type'] for i in item['inputs'])})"


def interface_id(abi):
    """ERC-165 id: XOR of the selectors of the functions in `abi`."""
    value = 0
    for item in abi:
        if item["type"] == "function":
            value ^= int.from_bytes(function_signature_to_4byte_selector(signature(item)), "big")
    return f"0x{value:08x}"


@pytest.fixture
def token(suite):
    return suite.token


def test_supports_erc7943_fungible(token):
    assert token.supportsInterface("0x3edbb4c4")


def test_erc7943_id_matches_our_interface_abi(token):
    # Solidity's interface id leaves out inherited functions (here IERC165's supportsInterface).
    own = [i for i in interface.IERC7943Fungible.abi if i.get("name") != "supportsInterface"]
    assert interface_id(own) == "0x3edbb4c4"


def test_supports_itoken_and_erc1404_ids_computed_from_their_abi(token):
    itoken_id = interface_id(interface.IToken.abi)
    erc1404_id = interface_id(interface.IERC1404.abi)
    assert erc1404_id == "0xab84a5c8"  # detectTransferRestriction ^ messageForTransferRestriction
    assert token.supportsInterface(itoken_id)
    assert token.supportsInterface(erc1404_id)


# The standard's IERC3643 (EIP-3643, "Specification"): its own functions, without those of IERC20 it inherits.
ERC3643_FUNCTIONS = [
    "onchainID()", "version()", "identityRegistry()", "compliance()", "paused()", "isFrozen(address)",
    "getFrozenTokens(address)", "setName(string)", "setSymbol(string)", "setOnchainID(address)", "pause()",
    "unpause()", "setAddressFrozen(address,bool)", "freezePartialTokens(address,uint256)",
    "unfreezePartialTokens(address,uint256)", "setIdentityRegistry(address)", "setCompliance(address)",
    "forcedTransfer(address,address,uint256)", "mint(address,uint256)", "burn(address,uint256)",
    "recoveryAddress(address,address,address)", "batchTransfer(address[],uint256[])",
    "batchForcedTransfer(address[],address[],uint256[])", "batchMint(address[],uint256[])",
    "batchBurn(address[],uint256[])", "batchSetAddressFrozen(address[],bool[])",
    "batchFreezePartialTokens(address[],uint256[])", "batchUnfreezePartialTokens(address[],uint256[])",
]


def test_supports_the_standards_ierc3643_id(token):
    value = 0
    for sig in ERC3643_FUNCTIONS:
        value ^= int.from_bytes(function_signature_to_4byte_selector(sig), "big")
    assert f"0x{value:08x}" == "0xb97d944c"
    assert token.supportsInterface("0xb97d944c")


def test_supports_erc165_erc20_and_access_control_but_not_others(token):
    assert token.supportsInterface("0x01ffc9a7")  # ERC-165
    assert token.supportsInterface("0x36372b07")  # ERC-20
    assert token.supportsInterface("0x7965db0b")  # IAccessControl
    assert not token.supportsInterface("0xffffffff")
    assert not token.supportsInterface("0x12345678")


def test_every_reference_itoken_function_selector_is_in_the_token_abi(token):
    reference = json.loads(REFERENCE.read_text())["abi"]
    ours = {signature(i) for i in token.abi if i["type"] == "function"}
    wanted = {signature(i) for i in reference if i["type"] == "function"}
    assert len(wanted) >= 30  # the ERC-3643 surface plus IERC20
    assert wanted - ours == set()
    our_selectors = set(token.selectors)
    for sig in wanted:
        assert "0x" + function_signature_to_4byte_selector(sig).hex() in our_selectors


def test_every_reference_itoken_event_is_in_the_token_abi(token):
    reference = json.loads(REFERENCE.read_text())["abi"]

    def events(abi):
        return {(signature(i), tuple(x["indexed"] for x in i["inputs"])) for i in abi if i["type"] == "event"}

    wanted = events(reference)
    assert len(wanted) >= 11
    assert wanted - events(token.abi) == set()
