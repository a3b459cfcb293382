"""Upgrades: the owner upgrades a live proxy and every balance, allowance, minter, blacklist entry, nonce,
authorization, role and attestation is found intact; bad upgrades are refused."""

import brownie
from brownie import Contract, Stablecoin, TestStablecoinV2, web3
from eth_utils import keccak

from tests.stablecoin.stablecoin_testkit import USD, block_time, decode_events, err, fresh_as_of, new_nonce

IMPLEMENTATION_SLOT = 0x360894A13BA1A3210667C828492DB98DCA3E2076CC3735A920A3CA505D382BBC


def erc7201(namespace):
    """The ERC-7201 base slot of `namespace`, as the contracts' comments give it."""
    inner = int.from_bytes(keccak(text=namespace), "big") - 1
    return int.from_bytes(keccak(inner.to_bytes(32, "big")), "big") & ~0xFF


def busy_state(s):
    """Drive the token through every kind of state, and return the nonces and accounts used."""
    t = s.token
    t.configureMinter(s.carol, 77 * USD, {"from": s.master_minter})
    t.mint(s.bob, 300 * USD, {"from": s.minter})
    t.mint(s.minter, 40 * USD, {"from": s.minter})
    t.burn(15 * USD, {"from": s.minter})
    t.transfer(s.carol, 25 * USD, {"from": s.alice})
    t.approve(s.bob, 123 * USD, {"from": s.alice})
    t.approve(s.alice, 2**256 - 1, {"from": s.bob})
    deadline = block_time() + 3600
    t.permit(
        s.carol,
        s.alice,
        9 * USD,
        deadline,
        *s.sign.permit(s.carol, s.alice, 9 * USD, deadline).vrs,
        {"from": s.alice},
    )
    used, cancelled = new_nonce(), new_nonce()
    auth = [s.alice, s.bob, 5 * USD, 0, deadline, used]
    t.transferWithAuthorization(
        *auth, *s.sign.authorization("TransferWithAuthorization", *auth).vrs, {"from": s.carol}
    )
    t.cancelAuthorization(s.bob, cancelled, *s.sign.cancel(s.bob, cancelled).vrs, {"from": s.bob})
    t.blacklist(s.carol, {"from": s.blacklister})
    t.setMaxAttestationAge(5 * 86400, {"from": s.owner})
    t.attestReserves(2_000_000 * USD, fresh_as_of(), b"\x42" * 32, "ipfs://report-9", {"from": s.attester})
    t.updateRescuer(s.bob, {"from": s.owner})
    t.pause({"from": s.pauser})
    return [(s.alice, used), (s.bob, cancelled), (s.alice, cancelled)]


def observe(s, nonces):
    t = s.token
    people = [
        s.owner,
        s.master_minter,
        s.pauser,
        s.blacklister,
        s.rescuer,
        s.attester,
        s.minter,
        s.alice,
        s.bob,
        s.carol,
    ]
    return {
        "meta": (t.name(), t.symbol(), t.currency(), t.decimals(), t.DOMAIN_SEPARATOR(), t.totalSupply()),
        "roles": (t.owner(), t.masterMinter(), t.pauser(), t.blacklister(), t.rescuer(), t.reserveAttester()),
        "balances": [t.balanceOf(a) for a in people],
        "allowances": [t.allowance(a, b) for a in people for b in people],
        "minters": [(t.isMinter(a), t.minterAllowance(a)) for a in people],
        "blacklist": [t.isBlacklisted(a) for a in people],
        "nonces": [t.nonces(a) for a in people],
        "authorizations": [t.authorizationState(a, n) for a, n in nonces],
        "reserves": (tuple(t.reserveAttestation()), t.maxAttestationAge(), t.paused()),
    }


def test_upgrade_keeps_every_piece_of_state(suite):
    nonces = busy_state(suite)
    before = observe(suite, nonces)
    assert before["authorizations"] == [True, True, False]
    assert (
        before["blacklist"][-1] is True and before["nonces"][-1] == 1 and before["minters"][-1][1] == 77 * USD
    )
    v2 = TestStablecoinV2.deploy({"from": suite.owner})
    data = v2.initializeV2.encode_input("version two")
    tx = suite.token.upgradeToAndCall(v2, data, {"from": suite.owner})
    assert tx.events["Upgraded"] == {"implementation": v2}
    assert decode_events(tx, TestStablecoinV2.abi, "NoteSet") == [{"note": "version two"}]
    assert web3.eth.get_storage_at(suite.token.address, IMPLEMENTATION_SLOT)[-20:] == bytes.fromhex(
        v2.address[2:]
    )
    assert observe(suite, nonces) == before
    upgraded = Contract.from_abi("TestStablecoinV2", suite.token.address, TestStablecoinV2.abi)
    assert upgraded.note() == "version two"


def test_upgraded_token_keeps_working(suite):
    nonces = busy_state(suite)
    v2 = TestStablecoinV2.deploy({"from": suite.owner})
    suite.token.upgradeToAndCall(v2, v2.initializeV2.encode_input("v2"), {"from": suite.owner})
    t = suite.token
    t.unpause({"from": suite.pauser})
    t.transfer(suite.minter, USD, {"from": suite.bob})
    t.mint(suite.bob, USD, {"from": suite.minter})
    deadline = block_time() + 3600
    t.permit(
        suite.alice,
        suite.bob,
        1,
        deadline,
        *suite.sign.permit(suite.alice, suite.bob, 1, deadline).vrs,
        {"from": suite.bob},
    )
    assert t.nonces(suite.alice) == 1
    alice, used = nonces[0]
    auth = [alice, suite.bob, USD, 0, deadline, used]
    with brownie.reverts(err("StablecoinAuthorizationUsed", alice.address, used)):
        t.transferWithAuthorization(
            *auth, *suite.sign.authorization("TransferWithAuthorization", *auth).vrs, {"from": suite.bob}
        )
    with brownie.reverts(err("StablecoinBlacklisted", suite.carol.address)):
        t.transfer(suite.carol, 1, {"from": suite.bob})


def test_version_two_initialiser_runs_only_once(suite):
    v2 = TestStablecoinV2.deploy({"from": suite.owner})
    suite.token.upgradeToAndCall(v2, v2.initializeV2.encode_input("once"), {"from": suite.owner})
    upgraded = Contract.from_abi("TestStablecoinV2", suite.token.address, TestStablecoinV2.abi)
    with brownie.reverts(err("InvalidInitialization")):
        upgraded.initializeV2("twice", {"from": suite.owner})
    with brownie.reverts(err("InvalidInitialization")):
        suite.token.initialize("X", "X", "XXX", 6, *[suite.alice] * 6, {"from": suite.alice})


def test_upgrade_to_a_non_uups_contract_is_refused(suite, SmokeToken):
    smoke = SmokeToken.deploy(1, {"from": suite.owner})
    with brownie.reverts(err("ERC1967InvalidImplementation", smoke.address)):
        suite.token.upgradeToAndCall(smoke, b"", {"from": suite.owner})


def test_upgrade_called_on_the_implementation_is_refused(suite):
    implementation = Stablecoin.at(
        "0x" + web3.eth.get_storage_at(suite.token.address, IMPLEMENTATION_SLOT)[-20:].hex()
    )
    v2 = TestStablecoinV2.deploy({"from": suite.owner})
    with brownie.reverts(err("UUPSUnauthorizedCallContext")):
        implementation.upgradeToAndCall(v2, b"", {"from": suite.owner})


def test_state_lives_at_the_documented_erc7201_slots(suite):
    token = suite.token
    roles = erc7201("sectoken.storage.StablecoinRoles")
    reserves = erc7201("sectoken.storage.StablecoinReserves")
    assert web3.eth.get_storage_at(token.address, roles)[-20:] == bytes.fromhex(suite.owner.address[2:])
    assert web3.eth.get_storage_at(token.address, roles + 1)[-20:] == bytes.fromhex(
        suite.master_minter.address[2:]
    )
    amount = int.from_bytes(web3.eth.get_storage_at(token.address, reserves), "big")
    assert amount == token.reserveAttestation()[0]
    currency_slot = erc7201("sectoken.storage.Stablecoin")
    raw = web3.eth.get_storage_at(token.address, currency_slot)
    assert raw[:3] == b"USD" and raw[-1] == 2 * 3  # short string: data left, length * 2 right
