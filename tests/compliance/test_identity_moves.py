"""Identity and country changes of wallets that hold tokens: the registry refuses them (the token's ledger
per identity and per country would drift), and a transfer agent moves an investor by moving the tokens
first. A second wallet registered to an identity that already holds makes it multi-wallet (its ledger moves
once from its first wallet's word to its own): the caps stay exact. Full stack: identity registry +
storage, SecurityToken, ModularCompliance with MaxBalance and holder caps."""

import brownie
import pytest

from sectoken.jurisdictions import ComplianceConfig
from tests.compliance.compliance_helpers import KYC, plain, register
from tests.compliance.conftest import code_of
from tests.compliance.stack_helpers import NO_EXPIRY, Holder, build_stack
from tests.conftest import deploy_registry

UK, US = 826, 840
MAX_BALANCE = 300


@pytest.fixture(scope="module")
def holders(accounts):
    # A: a UK investor with two wallets; B: a UK investor; C: a US investor.
    spec = [("A", UK, (3, 4)), ("B", UK, (5,)), ("C", US, (6,))]
    return {name: Holder(name, "0x" + f"{0xC0 + i:040x}", country, (KYC,), tuple(accounts[j] for j in idx))
            for i, (name, country, idx) in enumerate(spec)}


@pytest.fixture(scope="module")
def stack(containers, accounts, holders):
    """The full stack with A and C holding, deployed once for the module: each test's changes are reverted."""
    config = ComplianceConfig(
        packs=("identity-moves",), required_topics=(KYC,), max_balance=MAX_BALANCE, holder_cap=3,
        country_holder_caps={UK: 2, US: 1},
    )
    s = build_stack(containers, config, accounts[0], accounts[1], accounts[2], list(holders.values()))
    s.token.mint(holders["A"].wallet, MAX_BALANCE, {"from": s.agent})
    s.token.mint(holders["C"].wallet, 100, {"from": s.agent})
    return s


def _refused(wallet, token, balance):
    return f"IdentityRegistryWalletHoldsTokens: {wallet.address.lower()}, {token.address.lower()}, {balance}"


def test_a_holding_wallet_keeps_its_identity_country_and_registration(stack, holders):
    s, a = stack, holders["A"].wallet
    with brownie.reverts(_refused(a, s.token, MAX_BALANCE)):
        s.registry.updateIdentity(a, holders["B"].identity, {"from": s.agent})
    with brownie.reverts(_refused(a, s.token, MAX_BALANCE)):
        s.registry.updateCountry(a, US, {"from": s.agent})
    with brownie.reverts(_refused(a, s.token, MAX_BALANCE)):
        s.registry.deleteIdentity(a, {"from": s.agent})
    assert s.registry.identity(a) == holders["A"].identity
    assert s.registry.investorCountry(a) == UK


def test_the_max_balance_cannot_be_doubled_by_moving_a_wallet_to_another_identity(stack, holders):
    """The way round the cap found before the registry refused: move the full wallet to a fresh identity,
    then issue the maximum again to the investor's first identity."""
    s, a = stack, holders["A"]
    fresh = "0x" + "0d" * 20
    s.storage.addClaim(fresh, KYC, NO_EXPIRY, {"from": s.issuer})
    with brownie.reverts(_refused(a.wallet, s.token, MAX_BALANCE)):
        s.registry.updateIdentity(a.wallet, fresh, {"from": s.agent})
    with brownie.reverts("TransferRestricted: 18"):
        s.token.mint(a.wallets[1], 1, {"from": s.agent})


def test_wallets_without_tokens_change_freely(stack, holders, accounts):
    s, a2 = stack, holders["A"].wallets[1]  # A's second wallet holds nothing
    s.registry.updateCountry(a2, US, {"from": s.agent})
    tx = s.registry.updateIdentity(a2, holders["B"].identity, {"from": s.agent})
    assert tx.events["IdentityUpdated"]["newIdentity"] == holders["B"].identity
    s.registry.deleteIdentity(a2, {"from": s.agent})
    assert not s.registry.contains(a2)


def test_a_transfer_agent_moves_a_holder_to_a_new_country_through_a_new_wallet(stack, holders, accounts):
    """A's investor moves to the US: an agent registers a US wallet of the same identity, recovers the
    tokens into it, then may update or delete the emptied UK wallet. Holder counts stay exact."""
    s, a, new = stack, holders["A"], accounts[7]
    holders_mod = s.modules["MaxHoldersModule"]
    assert plain(holders_mod.holders()) == (3, 2)
    s.registry.registerIdentity(new, a.identity, US, {"from": s.agent})
    # The US holder cap (1, taken by C) does not stop A's move: the identity already holds, counted under
    # the country it joined in.
    s.token.recoveryAddress(a.wallet, new, a.identity, {"from": s.agent})
    assert s.token.balanceOf(new) == MAX_BALANCE
    s.registry.updateCountry(a.wallet, US, {"from": s.agent})
    s.registry.deleteIdentity(a.wallet, {"from": s.agent})
    assert plain(holders_mod.holders()) == (3, 2)
    assert plain(holders_mod.countryHolders(UK))[1] + plain(holders_mod.countryHolders(US))[1] == 2
    # Once the identity sells out it stops being counted, and the registry lets the new wallet change.
    s.token.transfer(holders["B"].wallet, MAX_BALANCE, {"from": new})
    assert plain(holders_mod.holders()) == (3, 2)
    s.registry.updateCountry(new, UK, {"from": s.agent})


def test_a_registry_sharing_the_storage_cannot_change_a_holder_of_another_registrys_token(
    stack, holders, IdentityRegistry
):
    s, a = stack, holders["A"].wallet
    other = deploy_registry(s.owner, s.storage)
    s.storage.bindIdentityRegistry(other, {"from": s.owner})
    other.addAgent(s.agent, {"from": s.owner})
    with brownie.reverts(_refused(a, s.token, MAX_BALANCE)):
        other.updateCountry(a, US, {"from": s.agent})


def test_binding_tokens_to_the_registry(stack, holders, accounts, SmokeToken):
    s, token = stack, stack.token
    assert s.registry.boundTokens() == [token]
    with brownie.reverts(f"OwnableUnauthorizedAccount: {s.agent.address.lower()}"):
        s.registry.bindToken(accounts[8], {"from": s.agent})
    with brownie.reverts(f"OwnableUnauthorizedAccount: {s.agent.address.lower()}"):
        s.registry.unbindToken(token, {"from": s.agent})
    with brownie.reverts(f"IdentityRegistryTokenAlreadyBound: {token.address.lower()}"):
        s.registry.bindToken(token, {"from": s.owner})
    with brownie.reverts("IdentityRegistryZeroAddress: "):
        s.registry.bindToken("0x" + "00" * 20, {"from": s.owner})
    with brownie.reverts(f"IdentityRegistryNotAContract: {accounts[8].address.lower()}"):
        s.registry.bindToken(accounts[8], {"from": s.owner})
    with brownie.reverts(f"IdentityRegistryTokenNotBound: {accounts[8].address.lower()}"):
        s.registry.unbindToken(accounts[8], {"from": s.owner})
    tx = s.registry.unbindToken(token, {"from": s.owner})
    assert tx.events["TokenUnbound"]["token"] == token
    assert s.registry.boundTokens() == []
    tx = s.registry.bindToken(token, {"from": s.owner})
    assert tx.events["TokenBound"]["token"] == token
    maximum = s.registry.MAX_BOUND_TOKENS()
    for _ in range(maximum - 1):
        s.registry.bindToken(SmokeToken.deploy(1, {"from": s.owner}), {"from": s.owner})
    with brownie.reverts(f"IdentityRegistryTooManyTokens: {maximum}"):
        s.registry.bindToken(SmokeToken.deploy(1, {"from": s.owner}), {"from": s.owner})
    # With every slot taken, every bound token is still asked.
    s.registry.updateCountry(holders["B"].wallet, US, {"from": s.agent})
    with brownie.reverts(_refused(holders["C"].wallet, token, 100)):
        s.registry.updateCountry(holders["C"].wallet, UK, {"from": s.agent})


def _mint_code(s, wallet, amount):
    return code_of(s.token.mint, wallet, amount, sender=s.agent)


def test_a_second_wallet_of_a_holding_identity_keeps_max_balance_and_holder_counts_exact(stack, holders,
                                                                                        accounts):
    """B (UK, one wallet) holds; an agent registers a second wallet to B's identity. The identity's
    balance, the country it is counted under and the holder counts carry over to its own ledger word when
    the new wallet first receives, and stay exact as it sends and as the first wallet is emptied and
    deleted."""
    s, b, a, c = stack, holders["B"], holders["A"], holders["C"]
    maxbal, counts = s.modules["MaxBalanceModule"], s.modules["MaxHoldersModule"]
    s.token.mint(b.wallet, 100, {"from": s.agent})
    assert plain(counts.holders()) == (3, 3)
    assert plain(counts.countryHolders(UK)) == (2, 2)
    new = accounts[7]
    s.registry.registerIdentity(new, b.identity, UK, {"from": s.agent})
    assert plain(s.registry.identityWallets(b.identity))[1:] == (2, True)
    # before any change the identity's figures are read through its first wallet
    assert maxbal.identityBalance(b.identity) == 100
    assert maxbal.identityBalance(new) == 100
    assert plain(counts.holding(b.identity)) == (100, UK)
    assert _mint_code(s, new, MAX_BALANCE - 99) == 18
    assert s.token.detectTransferRestriction(a.wallet, new, MAX_BALANCE - 99) == 18
    assert s.token.detectTransferRestriction(a.wallet, new, MAX_BALANCE - 100) == 0
    # the new wallet receives: no new holder (the identity already holds), the maximum counts both wallets
    s.token.mint(new, MAX_BALANCE - 100, {"from": s.agent})
    assert maxbal.identityBalance(b.identity) == MAX_BALANCE
    assert maxbal.identityBalance(b.wallet) == MAX_BALANCE
    assert plain(counts.holding(new)) == (MAX_BALANCE, UK)
    assert plain(counts.holders()) == (3, 3)
    assert plain(counts.countryHolders(UK)) == (2, 2)
    for wallet in (b.wallet, new):
        assert _mint_code(s, wallet, 1) == 18
    assert s.token.detectTransferRestriction(c.wallet, b.wallet, 1) == 18
    with brownie.reverts("TransferRestricted: 18"):
        s.token.transfer(b.wallet, 1, {"from": c.wallet})
    # the new wallet sends: the identity's balance drops, it still holds
    s.token.transfer(c.wallet, 50, {"from": new})
    assert maxbal.identityBalance(b.identity) == MAX_BALANCE - 50
    assert maxbal.identityBalance(c.identity) == 150
    assert plain(counts.holders()) == (3, 3)
    assert _mint_code(s, b.wallet, 50) == 0
    assert _mint_code(s, b.wallet, 51) == 18
    # the first wallet is emptied into the second (one identity: no cap met), then deleted
    s.token.transfer(new, 100, {"from": b.wallet})
    assert s.token.balanceOf(b.wallet) == 0
    assert maxbal.identityBalance(b.identity) == MAX_BALANCE - 50
    assert plain(counts.holders()) == (3, 3)
    s.registry.deleteIdentity(b.wallet, {"from": s.agent})
    assert plain(counts.holding(b.identity)) == (MAX_BALANCE - 50, UK)
    assert plain(counts.holding(new)) == (MAX_BALANCE - 50, UK)
    assert _mint_code(s, new, 51) == 18
    with brownie.reverts(_refused(new, s.token, MAX_BALANCE - 50)):
        s.registry.deleteIdentity(new, {"from": s.agent})
    # a new UK holder is refused while the UK is full, and joins once B's identity sells out
    d = register(s, accounts[8], "0x" + "0e" * 20, UK).wallet
    assert _mint_code(s, d, 1) == 19
    s.token.transfer(c.wallet, MAX_BALANCE - 150, {"from": new})
    s.token.burn(new, 100, {"from": s.agent})
    assert plain(counts.holding(b.identity)) == (0, 0)
    assert plain(counts.holders()) == (3, 2)
    assert plain(counts.countryHolders(UK)) == (2, 1)
    assert plain(counts.countryHolders(US)) == (1, 1)
    s.token.mint(d, 1, {"from": s.agent})
    assert plain(counts.holders()) == (3, 3)
    assert plain(counts.countryHolders(UK)) == (2, 2)


def test_a_second_wallet_sending_first_moves_the_ledger_once(stack, holders, accounts):
    """The identity's first change after it became multi-wallet is a send from its first wallet: the ledger
    moves then, once, and later changes from either wallet add up."""
    s, b, c = stack, holders["B"], holders["C"]
    maxbal, counts = s.modules["MaxBalanceModule"], s.modules["MaxHoldersModule"]
    s.token.mint(b.wallet, 200, {"from": s.agent})
    new = accounts[7]
    s.registry.registerIdentity(new, b.identity, UK, {"from": s.agent})
    s.token.transfer(c.wallet, 20, {"from": b.wallet})
    assert maxbal.identityBalance(b.identity) == 180
    s.token.mint(new, 120, {"from": s.agent})
    assert maxbal.identityBalance(b.identity) == MAX_BALANCE
    assert _mint_code(s, b.wallet, 1) == 18
    # the whole balance of one wallet is not the identity's: sending it all out keeps the identity holding
    s.token.transfer(c.wallet, 180, {"from": b.wallet})
    assert plain(counts.holding(b.identity)) == (120, UK)
    assert plain(counts.holders()) == (3, 3)
    s.token.transfer(c.wallet, 0, {"from": new})
    s.token.burn(new, 120, {"from": s.agent})
    assert plain(counts.holding(b.identity)) == (0, 0)
    assert plain(counts.holders()) == (3, 2)
