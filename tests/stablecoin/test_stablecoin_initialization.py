"""Deployment behind the proxy: metadata, role holders, the EIP-712 domain, and initialisers that run once."""

import brownie
from brownie import Stablecoin, StablecoinProxy, chain, web3
from eth_abi import encode
from eth_utils import keccak

from tests.stablecoin.stablecoin_testkit import ZERO_ADDRESS, decode_events, deploy_stablecoin, err

# keccak256("eip1967.proxy.implementation") - 1
IMPLEMENTATION_SLOT = 0x360894A13BA1A3210667C828492DB98DCA3E2076CC3735A920A3CA505D382BBC


def init_args(r, **over):
    args = {
        "name": "USD Coin",
        "symbol": "USDC",
        "currency": "USD",
        "decimals": 6,
        "owner": r.owner,
        "master_minter": r.master_minter,
        "pauser": r.pauser,
        "blacklister": r.blacklister,
        "rescuer": r.rescuer,
        "attester": r.attester,
    }
    args.update(over)
    return list(args.values())


def test_metadata_is_set_at_deploy(deployed):
    token = deployed.token
    assert token.name() == "USD Coin"
    assert token.symbol() == "USDC"
    assert token.currency() == "USD"
    assert token.decimals() == 6
    assert token.totalSupply() == 0


def test_same_code_serves_another_currency_with_other_decimals(roles):
    gbp = deploy_stablecoin(
        roles.owner, roles, name="Sterling Coin", symbol="GBPC", currency="GBP", decimals=2
    )
    assert (gbp.name(), gbp.symbol(), gbp.currency(), gbp.decimals()) == ("Sterling Coin", "GBPC", "GBP", 2)


def test_every_role_holder_is_set(deployed):
    t = deployed.token
    assert t.owner() == deployed.owner
    assert t.masterMinter() == deployed.master_minter
    assert t.pauser() == deployed.pauser
    assert t.blacklister() == deployed.blacklister
    assert t.rescuer() == deployed.rescuer
    assert t.reserveAttester() == deployed.attester
    assert t.enforcer() == ZERO_ADDRESS  # no one executes orders until the owner appoints an enforcer
    assert t.paused() is False
    assert t.maxAttestationAge() == t.DEFAULT_MAX_ATTESTATION_AGE() == 86400


def test_initialisation_emits_every_role_event(roles):
    implementation = Stablecoin.deploy({"from": roles.owner})
    data = implementation.initialize.encode_input(*init_args(roles))
    tx = StablecoinProxy.deploy(implementation, data, {"from": roles.owner}).tx

    def events(name):
        return decode_events(tx, Stablecoin.abi, name)

    assert events("OwnershipTransferred") == [{"previousOwner": ZERO_ADDRESS, "newOwner": roles.owner}]
    assert events("MasterMinterChanged") == [{"newMasterMinter": roles.master_minter}]
    assert events("PauserChanged") == [{"newPauser": roles.pauser}]
    assert events("BlacklisterChanged") == [{"newBlacklister": roles.blacklister}]
    assert events("RescuerChanged") == [{"newRescuer": roles.rescuer}]
    assert events("ReserveAttesterChanged") == [{"newReserveAttester": roles.attester}]
    assert events("MaxAttestationAgeChanged") == [{"previousMaxAge": 0, "newMaxAge": 86400}]
    assert events("Initialized") == [{"version": 1}]


def test_proxy_points_at_the_implementation(roles):
    implementation = Stablecoin.deploy({"from": roles.owner})
    proxy = StablecoinProxy.deploy(
        implementation, implementation.initialize.encode_input(*init_args(roles)), {"from": roles.owner}
    )
    stored = web3.eth.get_storage_at(proxy.address, IMPLEMENTATION_SLOT)
    assert stored[-20:].hex() == implementation.address[2:].lower()


def test_initialize_cannot_be_called_twice(deployed):
    with brownie.reverts(err("InvalidInitialization")):
        deployed.token.initialize(*init_args(deployed, owner=deployed.alice), {"from": deployed.alice})
    assert deployed.token.owner() == deployed.owner


def test_implementation_cannot_be_initialised(roles):
    implementation = Stablecoin.deploy({"from": roles.owner})
    with brownie.reverts(err("InvalidInitialization")):
        implementation.initialize(*init_args(roles, owner=roles.alice), {"from": roles.alice})
    assert implementation.owner() == ZERO_ADDRESS


def test_a_zero_address_role_is_refused_at_initialisation(roles):
    implementation = Stablecoin.deploy({"from": roles.owner})
    for field in ("owner", "master_minter", "pauser", "blacklister", "rescuer", "attester"):
        data = implementation.initialize.encode_input(*init_args(roles, **{field: ZERO_ADDRESS}))
        with brownie.reverts(err("StablecoinZeroAddress")):
            StablecoinProxy.deploy(implementation, data, {"from": roles.owner})


def test_eip712_domain_is_token_name_version_2_chain_and_proxy(deployed):
    token = deployed.token
    fields, name, version, chain_id, verifying_contract, salt, extensions = token.eip712Domain()
    assert (name, version, chain_id, verifying_contract) == ("USD Coin", "2", chain.id, token.address)
    assert fields == "0x0f"
    assert salt == "0x" + "00" * 32 and list(extensions) == []
    domain_typehash = keccak(
        text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    )
    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [domain_typehash, keccak(text="USD Coin"), keccak(text="2"), chain.id, token.address],
        )
    )
    assert token.DOMAIN_SEPARATOR() == "0x" + expected.hex()


def test_type_hashes_are_the_standard_ones(deployed):
    token = deployed.token
    expected = {
        "PERMIT_TYPEHASH": "Permit(address owner,address spender,uint256 value,uint256 nonce,"
        "uint256 deadline)",
        "TRANSFER_WITH_AUTHORIZATION_TYPEHASH": "TransferWithAuthorization(address from,address to,"
        "uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)",
        "RECEIVE_WITH_AUTHORIZATION_TYPEHASH": "ReceiveWithAuthorization(address from,address to,"
        "uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)",
        "CANCEL_AUTHORIZATION_TYPEHASH": "CancelAuthorization(address authorizer,bytes32 nonce)",
    }
    for getter, type_string in expected.items():
        assert getattr(token, getter)() == "0x" + keccak(text=type_string).hex()
