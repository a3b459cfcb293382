"""Role matrix: every privileged function refuses every account but its role holder, with the role's error;
every rotation emits its event, hands the power over and refuses the zero address."""

import brownie
import pytest
from brownie import SmokeToken, TestStablecoinV2, accounts

from tests.stablecoin.stablecoin_testkit import USD, ZERO_ADDRESS, err, fresh_as_of


@pytest.fixture(scope="module")
def v2(suite):
    return TestStablecoinV2.deploy({"from": suite.owner})


RESERVE_AMOUNT = 3_000_000 * USD
ORDER = b"\x0f" * 32


def _stray(s):
    """An ERC-20 of someone else's held by the stablecoin contract (what the rescuer exists for)."""
    stray = SmokeToken.deploy(5, {"from": s.carol})
    stray.transfer(s.token, 5, {"from": s.carol})
    return stray


def _frozen(s, account):
    """`account`, blacklisted (an order acts only on a frozen holder)."""
    if not s.token.isBlacklisted(account):
        s.token.blacklist(account, {"from": s.blacklister})
    return account


def _request(s, acknowledged=False):
    """The id of a fresh redemption request of alice's (acknowledged if asked)."""
    rid = s.token.requestRedemption(USD, b"\x0e" * 32, {"from": s.alice}).events["RedemptionRequested"]["id"]
    if acknowledged:
        s.token.acknowledgeRedemption(rid, {"from": s.minter})
    return rid


# (function, role attribute on the suite, error, argument builder)
PRIVILEGED = [
    ("transferOwnership", "owner", "StablecoinNotOwner", lambda s, v2: [s.carol]),
    ("updateMasterMinter", "owner", "StablecoinNotOwner", lambda s, v2: [s.carol]),
    ("updatePauser", "owner", "StablecoinNotOwner", lambda s, v2: [s.carol]),
    ("updateBlacklister", "owner", "StablecoinNotOwner", lambda s, v2: [s.carol]),
    ("updateRescuer", "owner", "StablecoinNotOwner", lambda s, v2: [s.carol]),
    ("updateReserveAttester", "owner", "StablecoinNotOwner", lambda s, v2: [s.carol]),
    ("updateEnforcer", "owner", "StablecoinNotOwner", lambda s, v2: [s.carol]),
    ("setMaxAttestationAge", "owner", "StablecoinNotOwner", lambda s, v2: [3600]),
    ("upgradeToAndCall", "owner", "StablecoinNotOwner", lambda s, v2: [v2, b""]),
    ("configureMinter", "master_minter", "StablecoinNotMasterMinter", lambda s, v2: [s.carol, 5]),
    ("removeMinter", "master_minter", "StablecoinNotMasterMinter", lambda s, v2: [s.minter]),
    ("configureMinterRateLimit", "master_minter", "StablecoinNotMasterMinter", lambda s, v2: [s.minter, USD, 60]),
    ("pause", "pauser", "StablecoinNotPauser", lambda s, v2: []),
    ("unpause", "pauser", "StablecoinNotPauser", lambda s, v2: []),
    ("blacklist", "blacklister", "StablecoinNotBlacklister", lambda s, v2: [s.carol]),
    ("unBlacklist", "blacklister", "StablecoinNotBlacklister", lambda s, v2: [s.carol]),
    ("rescueERC20", "rescuer", "StablecoinNotRescuer", lambda s, v2: [_stray(s), s.carol, 5]),
    (
        "attestReserves",
        "attester",
        "StablecoinNotReserveAttester",
        lambda s, v2: [2_000_000 * USD, fresh_as_of(), b"\x22" * 32, "ipfs://report-2"],
    ),
    ("mint", "minter", "StablecoinNotMinter", lambda s, v2: [s.carol, USD]),
    ("burn", "minter", "StablecoinNotMinter", lambda s, v2: [USD]),
    ("acknowledgeRedemption", "minter", "StablecoinNotMinter", lambda s, v2: [_request(s)]),
    ("completeRedemption", "minter", "StablecoinNotMinter", lambda s, v2: [_request(s, acknowledged=True)]),
    ("rejectRedemption", "minter", "StablecoinNotMinter", lambda s, v2: [_request(s)]),
    ("seize", "enforcer", "StablecoinNotEnforcer", lambda s, v2: [_frozen(s, s.alice), s.bob, ORDER]),
    ("wipe", "enforcer", "StablecoinNotEnforcer", lambda s, v2: [_frozen(s, s.alice), ORDER]),
]


@pytest.mark.parametrize("function,role,error,build", PRIVILEGED, ids=[p[0] for p in PRIVILEGED])
def test_privileged_function_refuses_everyone_but_its_role(suite, v2, function, role, error, build):
    holder = getattr(suite, role)
    if function == "burn":
        suite.token.mint(suite.minter, USD, {"from": suite.minter})
    for account in accounts[:10]:
        if account == holder:
            continue
        with brownie.reverts(err(error, account.address)):
            getattr(suite.token, function)(*build(suite, v2), {"from": account})
    getattr(suite.token, function)(*build(suite, v2), {"from": holder})


ROTATIONS = [
    (
        "transferOwnership",
        "owner",
        "OwnershipTransferred",
        "setMaxAttestationAge",
        [3600],
        "StablecoinNotOwner",
    ),
    (
        "updateMasterMinter",
        "masterMinter",
        "MasterMinterChanged",
        "removeMinter",
        [ZERO_ADDRESS],
        "StablecoinNotMasterMinter",
    ),
    ("updatePauser", "pauser", "PauserChanged", "pause", [], "StablecoinNotPauser"),
    ("updateEnforcer", "enforcer", "EnforcerChanged", "wipe", None, "StablecoinNotEnforcer"),
    (
        "updateBlacklister",
        "blacklister",
        "BlacklisterChanged",
        "blacklist",
        [ZERO_ADDRESS],
        "StablecoinNotBlacklister",
    ),
    ("updateRescuer", "rescuer", "RescuerChanged", "rescueERC20", None, "StablecoinNotRescuer"),
    (
        "updateReserveAttester",
        "reserveAttester",
        "ReserveAttesterChanged",
        "attestReserves",
        None,
        "StablecoinNotReserveAttester",
    ),
]
OLD_HOLDER = {
    "owner": "owner",
    "masterMinter": "master_minter",
    "pauser": "pauser",
    "blacklister": "blacklister",
    "rescuer": "rescuer",
    "reserveAttester": "attester",
    "enforcer": "enforcer",
}


@pytest.mark.parametrize("rotate,getter,event,use,args,error", ROTATIONS, ids=[r[0] for r in ROTATIONS])
def test_rotation_emits_its_event_and_moves_the_power(suite, rotate, getter, event, use, args, error):
    old, new = getattr(suite, OLD_HOLDER[getter]), suite.carol
    if args is None:
        if use == "rescueERC20":
            args = [_stray(suite), suite.bob, 5]
        elif use == "wipe":
            args = [_frozen(suite, suite.alice), ORDER]
        else:
            args = [RESERVE_AMOUNT, fresh_as_of(), b"\x33" * 32, "ipfs://report-3"]
    tx = getattr(suite.token, rotate)(new, {"from": suite.owner})
    assert getattr(suite.token, getter)() == new
    expected = {"previousOwner": old, "newOwner": new} if event == "OwnershipTransferred" else {}
    logged = dict(tx.events[event])
    if expected:
        assert logged == expected
    else:
        assert list(logged.values()) == [new]
    with brownie.reverts(err(error, old.address)):
        getattr(suite.token, use)(*args, {"from": old})
    getattr(suite.token, use)(*args, {"from": new})


@pytest.mark.parametrize("rotate", [r[0] for r in ROTATIONS])
def test_rotation_to_the_zero_address_is_refused(suite, rotate):
    with brownie.reverts(err("StablecoinZeroAddress")):
        getattr(suite.token, rotate)(ZERO_ADDRESS, {"from": suite.owner})


def test_each_role_holds_only_its_own_power(suite):
    """A holder of one role gets no other: the pauser cannot blacklist, the blacklister cannot mint, ..."""
    token = suite.token
    with brownie.reverts(err("StablecoinNotBlacklister", suite.pauser.address)):
        token.blacklist(suite.bob, {"from": suite.pauser})
    with brownie.reverts(err("StablecoinNotMinter", suite.master_minter.address)):
        token.mint(suite.bob, 1, {"from": suite.master_minter})
    with brownie.reverts(err("StablecoinNotMasterMinter", suite.owner.address)):
        token.configureMinter(suite.bob, 1, {"from": suite.owner})
    with brownie.reverts(err("StablecoinNotPauser", suite.owner.address)):
        token.pause({"from": suite.owner})
