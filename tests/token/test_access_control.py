"""Access-control matrix: every privileged function of the token, the identity registry and its storage,
called from every role and from a stranger. Allowed callers succeed; every other caller is refused with
the exact error naming the caller (and the missing power)."""

import brownie
import pytest
from brownie import accounts
from web3 import Web3

from tests.conftest import ALICE_ID, AML, BOB_ID, DAVE_ID, KYC, NO_EXPIRY, UK, US, revert_msg

POWERS = ["SUPPLY_ROLE", "FREEZE_ROLE", "TRANSFER_ROLE", "RECOVERY_ROLE", "PAUSE_ROLE"]
TOKEN_CALLERS = ["owner", "agent", "supply", "freeze", "transfer", "recovery", "pause", "issuer", "stranger"]
IDENTITY_CALLERS = ["owner", "agent", "issuer", "stranger"]
ROLE_OF = {"supply": "SUPPLY_ROLE", "freeze": "FREEZE_ROLE", "transfer": "TRANSFER_ROLE",
           "recovery": "RECOVERY_ROLE", "pause": "PAUSE_ROLE"}


def role_id(name):
    return "0x" + Web3.keccak(text=name).hex().removeprefix("0x")


@pytest.fixture(scope="module")
def m(suite, chain):
    """The suite plus one account holding each single agent power."""
    s = suite
    s.callers = {"owner": s.owner, "agent": s.agent, "issuer": s.issuer, "stranger": s.stranger}
    for who, role in ROLE_OF.items():
        acct = accounts.add()
        s.owner.transfer(acct, "1 ether")
        s.token.grantRole(role_id(role), acct, {"from": s.owner})
        s.callers[who] = acct
    new_wallet = accounts[8]
    s.registry.registerIdentity(new_wallet, ALICE_ID, UK, {"from": s.agent})
    s.new_wallet = new_wallet
    chain.snapshot()
    return s


def pause_first(s):
    s.token.pause({"from": s.agent})


# name -> (call, who may call it, error kind, setup)
TOKEN_CASES = {
    "setName": (lambda s: (s.token.setName, ["N"]), {"owner"}, "owner", None),
    "setSymbol": (lambda s: (s.token.setSymbol, ["S"]), {"owner"}, "owner", None),
    "setOnchainID": (lambda s: (s.token.setOnchainID, [s.stranger]), {"owner"}, "owner", None),
    "setIdentityRegistry": (lambda s: (s.token.setIdentityRegistry, [s.registry]), {"owner"}, "owner", None),
    "setCompliance": (lambda s: (s.token.setCompliance, [s.compliance]), {"owner"}, "owner", None),
    "addAgent": (lambda s: (s.token.addAgent, [s.dave]), {"owner"}, "owner", None),
    "removeAgent": (lambda s: (s.token.removeAgent, [s.agent]), {"owner"}, "owner", None),
    "grantRole": (lambda s: (s.token.grantRole, [role_id("PAUSE_ROLE"), s.dave]), {"owner"}, "owner", None),
    "revokeRole": (lambda s: (s.token.revokeRole, [role_id("PAUSE_ROLE"), s.agent]), {"owner"}, "owner", None),
    "transferOwnership": (lambda s: (s.token.transferOwnership, [s.dave]), {"owner"}, "owner", None),
    "mint": (lambda s: (s.token.mint, [s.carol, 1]), {"agent", "supply"}, "SUPPLY_ROLE", None),
    "burn": (lambda s: (s.token.burn, [s.alice, 1]), {"agent", "supply"}, "SUPPLY_ROLE", None),
    "batchMint": (lambda s: (s.token.batchMint, [[s.carol], [1]]), {"agent", "supply"}, "SUPPLY_ROLE", None),
    "batchBurn": (lambda s: (s.token.batchBurn, [[s.alice], [1]]), {"agent", "supply"}, "SUPPLY_ROLE", None),
    "setAddressFrozen": (lambda s: (s.token.setAddressFrozen, [s.bob, True]), {"agent", "freeze"}, "FREEZE_ROLE", None),
    "freezePartialTokens": (lambda s: (s.token.freezePartialTokens, [s.bob, 1]), {"agent", "freeze"}, "FREEZE_ROLE", None),
    "unfreezePartialTokens": (lambda s: (s.token.unfreezePartialTokens, [s.bob, 0]), {"agent", "freeze"}, "FREEZE_ROLE", None),
    "setFrozenTokens": (lambda s: (s.token.setFrozenTokens, [s.bob, 5]), {"agent", "freeze"}, "FREEZE_ROLE", None),
    "batchSetAddressFrozen": (lambda s: (s.token.batchSetAddressFrozen, [[s.bob], [True]]), {"agent", "freeze"}, "FREEZE_ROLE", None),
    "batchFreezePartialTokens": (lambda s: (s.token.batchFreezePartialTokens, [[s.bob], [1]]), {"agent", "freeze"}, "FREEZE_ROLE", None),
    "batchUnfreezePartialTokens": (lambda s: (s.token.batchUnfreezePartialTokens, [[s.bob], [0]]), {"agent", "freeze"}, "FREEZE_ROLE", None),
    "forcedTransfer": (lambda s: (s.token.forcedTransfer, [s.alice, s.bob, 1]), {"agent", "transfer"}, "TRANSFER_ROLE", None),
    "batchForcedTransfer": (lambda s: (s.token.batchForcedTransfer, [[s.alice], [s.bob], [1]]), {"agent", "transfer"}, "TRANSFER_ROLE", None),
    "recoveryAddress": (lambda s: (s.token.recoveryAddress, [s.alice, s.new_wallet, ALICE_ID]), {"agent", "recovery"}, "RECOVERY_ROLE", None),
    "pause": (lambda s: (s.token.pause, []), {"agent", "pause"}, "PAUSE_ROLE", None),
    "unpause": (lambda s: (s.token.unpause, []), {"agent", "pause"}, "PAUSE_ROLE", pause_first),
}

IDENTITY_CASES = {
    "registry.addAgent": (lambda s: (s.registry.addAgent, [s.dave]), {"owner"}, "owner", None),
    "registry.removeAgent": (lambda s: (s.registry.removeAgent, [s.agent]), {"owner"}, "owner", None),
    "registry.setIdentityRegistryStorage": (lambda s: (s.registry.setIdentityRegistryStorage, [s.storage]), {"owner"}, "owner", None),
    "registry.addClaimTopic": (lambda s: (s.registry.addClaimTopic, [AML]), {"owner"}, "owner", None),
    "registry.removeClaimTopic": (lambda s: (s.registry.removeClaimTopic, [KYC]), {"owner"}, "owner", None),
    "registry.transferOwnership": (lambda s: (s.registry.transferOwnership, [s.dave]), {"owner"}, "owner", None),
    "registry.registerIdentity": (lambda s: (s.registry.registerIdentity, [s.dave, DAVE_ID, UK]), {"agent"}, "agent", None),
    "registry.batchRegisterIdentity": (lambda s: (s.registry.batchRegisterIdentity, [[s.dave], [DAVE_ID], [UK]]), {"agent"}, "agent", None),
    "registry.deleteIdentity": (lambda s: (s.registry.deleteIdentity, [s.carol]), {"agent"}, "agent", None),
    "registry.updateCountry": (lambda s: (s.registry.updateCountry, [s.carol, US]), {"agent"}, "agent", None),
    "registry.updateIdentity": (lambda s: (s.registry.updateIdentity, [s.carol, BOB_ID]), {"agent"}, "agent", None),
    "registry.bindToken": (lambda s: (s.registry.bindToken, [s.compliance]), {"owner"}, "owner", None),
    "registry.unbindToken": (lambda s: (s.registry.unbindToken, [s.token]), {"owner"}, "owner", None),
    "registry.setTrustedIssuersRegistry": (lambda s: (s.registry.setTrustedIssuersRegistry, [s.storage]), {"owner"}, "owner", None),
    "registry.setClaimTopicsRegistry": (lambda s: (s.registry.setClaimTopicsRegistry, [s.registry]), {"owner"}, "owner", None),
    "storage.addTrustedIssuer": (lambda s: (s.storage.addTrustedIssuer, [s.dave, [KYC]]), {"owner"}, "owner", None),
    "storage.removeTrustedIssuer": (lambda s: (s.storage.removeTrustedIssuer, [s.issuer2]), {"owner"}, "owner", None),
    "storage.updateIssuerClaimTopics": (lambda s: (s.storage.updateIssuerClaimTopics, [s.issuer2, [KYC]]), {"owner"}, "owner", None),
    "storage.bindIdentityRegistry": (lambda s: (s.storage.bindIdentityRegistry, [s.dave]), {"owner"}, "owner", None),
    "storage.unbindIdentityRegistry": (lambda s: (s.storage.unbindIdentityRegistry, [s.registry]), {"owner"}, "owner", None),
    "storage.transferOwnership": (lambda s: (s.storage.transferOwnership, [s.dave]), {"owner"}, "owner", None),
    "storage.addIdentityToStorage": (lambda s: (s.storage.addIdentityToStorage, [s.dave, DAVE_ID, UK]), set(), "bound", None),
    "storage.removeIdentityFromStorage": (lambda s: (s.storage.removeIdentityFromStorage, [s.alice]), set(), "bound", None),
    "storage.modifyStoredInvestorCountry": (lambda s: (s.storage.modifyStoredInvestorCountry, [s.alice, US]), set(), "bound", None),
    "storage.modifyStoredIdentity": (lambda s: (s.storage.modifyStoredIdentity, [s.alice, BOB_ID]), set(), "bound", None),
    "storage.addClaim": (lambda s: (s.storage.addClaim, [DAVE_ID, KYC, NO_EXPIRY]), {"issuer"}, "issuer", None),
    "storage.revokeClaim": (lambda s: (s.storage.revokeClaim, [ALICE_ID, KYC]), {"issuer"}, "claim", None),
}


def expected_error(kind, caller):
    if kind == "owner":
        return revert_msg("OwnableUnauthorizedAccount", caller)
    if kind == "agent":
        return revert_msg("AgentRoleUnauthorized", caller)
    if kind == "bound":
        return revert_msg("StorageOnlyBoundRegistry", caller)
    if kind == "issuer":
        return revert_msg("ClaimIssuerNotTrusted", caller, KYC)
    if kind == "claim":
        return revert_msg("ClaimNotFound", ALICE_ID, KYC, caller)
    return revert_msg("AccessControlUnauthorizedAccount", caller, role_id(kind))


def check_every_caller(m, chain, case, callers):
    """Each caller in turn, from the same starting state: refused callers through eth_call (the same code
    path, nothing mined), allowed callers through a real transaction rolled back afterwards."""
    call, allowed, kind, setup = case
    if setup:
        setup(m)
    for who in callers:
        caller = m.callers[who]
        fn, args = call(m)
        if who in allowed:
            tx = fn(*args, {"from": caller})
            assert tx.status == 1, who
            chain.revert()
            if setup:
                setup(m)
        else:
            with brownie.reverts(expected_error(kind, caller)):
                fn.call(*args, {"from": caller})


@pytest.mark.parametrize("name", sorted(TOKEN_CASES))
def test_token_privileged_function(m, chain, name):
    check_every_caller(m, chain, TOKEN_CASES[name], TOKEN_CALLERS)


@pytest.mark.parametrize("name", sorted(IDENTITY_CASES))
def test_identity_privileged_function(m, chain, name):
    check_every_caller(m, chain, IDENTITY_CASES[name], IDENTITY_CALLERS)


def test_agent_holds_every_power_and_single_powers_do_not_make_an_agent(m):
    for role in POWERS:
        assert m.token.hasRole(role_id(role), m.agent)
        assert m.token.__getattribute__(role)() == role_id(role)
    assert m.token.isAgent(m.agent)
    assert not m.token.isAgent(m.callers["supply"])
    assert m.token.getRoleAdmin(role_id("SUPPLY_ROLE")) == "0x" + "00" * 32
    assert not m.token.hasRole("0x" + "00" * 32, m.owner)


def test_add_and_remove_agent_grant_and_revoke_all_powers_with_events(m):
    tx = m.token.addAgent(m.dave, {"from": m.owner})
    assert tx.events["AgentAdded"]["_agent"] == m.dave
    assert [e["role"] for e in tx.events["RoleGranted"]] == [role_id(r) for r in POWERS]
    assert m.token.isAgent(m.dave)
    tx = m.token.removeAgent(m.dave, {"from": m.owner})
    assert tx.events["AgentRemoved"]["_agent"] == m.dave
    assert len(tx.events["RoleRevoked"]) == 5
    assert not m.token.isAgent(m.dave)
    with brownie.reverts(revert_msg("AgentRoleNotAgent", m.dave)):
        m.token.removeAgent(m.dave, {"from": m.owner})
    with brownie.reverts(revert_msg("AgentRoleAlreadyAgent", m.agent)):
        m.token.addAgent(m.agent, {"from": m.owner})


def test_two_step_ownership_transfer(m):
    m.token.transferOwnership(m.dave, {"from": m.owner})
    assert m.token.owner() == m.owner
    tx = m.token.acceptOwnership({"from": m.dave})
    assert tx.events["OwnershipTransferred"]["newOwner"] == m.dave
    m.token.setName("Renamed", {"from": m.dave})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", m.owner)):
        m.token.setName("Back", {"from": m.owner})


# AccessControl's ERC-7201 namespace ("openzeppelin.storage.AccessControl"): `_roles[role].hasRole[account]`.
ACCESS_CONTROL_SLOT = 0x02DD7BC7DEC4DCEEDDA775E58DD541E08A116C6C53815C0BD028192F7B626800


def _access_control_slot(role: str, account: str) -> int:
    role_data = Web3.solidity_keccak(["bytes32", "uint256"], [role, ACCESS_CONTROL_SLOT])
    return int.from_bytes(Web3.solidity_keccak(["uint256", "bytes32"], [int(str(account), 16), role_data]), "big")


def _legacy_grant(web3, token, role: str, account: str) -> None:
    """The storage an implementation before the powers word left: the power in AccessControl's own mapping."""
    slot = hex(_access_control_slot(role, account))
    web3.provider.make_request("anvil_setStorageAt", [token.address, slot, "0x" + "00" * 31 + "01"])


def _legacy_held(web3, token, role: str, account: str) -> bool:
    return int.from_bytes(web3.eth.get_storage_at(token.address, _access_control_slot(role, account)), "big") == 1


def test_powers_live_in_one_word_and_an_earlier_implementations_grants_still_count(m, web3):
    supply, pause = role_id("SUPPLY_ROLE"), role_id("PAUSE_ROLE")
    # Granted now: a bit of the account's powers word, not AccessControl's mapping; one event each way.
    tx = m.token.grantRole(supply, m.dave, {"from": m.owner})
    assert [(e["role"], e["account"]) for e in tx.events["RoleGranted"]] == [(supply, m.dave)]
    assert m.token.hasRole(supply, m.dave) and not _legacy_held(web3, m.token, supply, m.dave)
    assert "RoleGranted" not in m.token.grantRole(supply, m.dave, {"from": m.owner}).events  # held already
    m.token.mint(m.carol, 1, {"from": m.dave})
    tx = m.token.revokeRole(supply, m.dave, {"from": m.owner})
    assert [(e["role"], e["account"]) for e in tx.events["RoleRevoked"]] == [(supply, m.dave)]
    assert not m.token.hasRole(supply, m.dave)
    assert "RoleRevoked" not in m.token.revokeRole(supply, m.dave, {"from": m.owner}).events  # not held
    with brownie.reverts(revert_msg("AccessControlUnauthorizedAccount", m.dave, supply)):
        m.token.mint(m.carol, 1, {"from": m.dave})

    # Granted by an earlier implementation (AccessControl's mapping): it counts, is not granted twice, and a
    # revocation clears it with one event.
    _legacy_grant(web3, m.token, pause, m.dave)
    assert m.token.hasRole(pause, m.dave)
    assert "RoleGranted" not in m.token.grantRole(pause, m.dave, {"from": m.owner}).events
    m.token.pause({"from": m.dave})
    tx = m.token.revokeRole(pause, m.dave, {"from": m.owner})
    assert [(e["role"], e["account"]) for e in tx.events["RoleRevoked"]] == [(pause, m.dave)]
    assert not m.token.hasRole(pause, m.dave) and not _legacy_held(web3, m.token, pause, m.dave)

    # Held both ways (an earlier grant, then the word's bit): one revocation clears both, with one event.
    m.token.grantRole(pause, m.dave, {"from": m.owner})
    _legacy_grant(web3, m.token, pause, m.dave)
    tx = m.token.renounceRole(pause, m.dave, {"from": m.dave})
    assert [(e["role"], e["account"]) for e in tx.events["RoleRevoked"]] == [(pause, m.dave)]
    assert not m.token.hasRole(pause, m.dave) and not _legacy_held(web3, m.token, pause, m.dave)

    # Any other role stays in AccessControl's mapping.
    other = role_id("OTHER_ROLE")
    m.token.grantRole(other, m.dave, {"from": m.owner})
    assert m.token.hasRole(other, m.dave) and _legacy_held(web3, m.token, other, m.dave)
    m.token.revokeRole(other, m.dave, {"from": m.owner})
    assert not m.token.hasRole(other, m.dave) and not _legacy_held(web3, m.token, other, m.dave)
