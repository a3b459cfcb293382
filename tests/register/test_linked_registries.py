"""Investor types set through any registry sharing the suite's storage: a second suite with a registry of its
own over the example's storage (`registry: storage:`) sets the types of the investors both share; the
example's register reads them while that registry is bound to the storage (from its binding, to its
unbinding, again from a new binding), after an interrupted sync and a reorganisation too, and a register
synced before it followed the bindings reads them first on its next sync."""

import json

import pytest

from sectoken.contracts.registry import IdentityRegistryStorage
from sectoken.register import cap_table_at, sync, verify
from sectoken.register.sync import chain_events
from sectoken.signers import dev_account
from sectoken.suite import Suite
from tests.register.conftest import ALICE, BOB
from tests.register.helpers import chain_table, downgrade, opened, same_table

SECOND = "second-share"
CONFIG = """\
name: {name}
token: {{name: Share, symbol: SHR, decimals: 0}}
jurisdictions: [us-reg-d]
registry:
  storage: "{storage}"
  trusted_issuers: [deployer]
"""


@pytest.fixture(scope="module")
def second(web3, sectoken, onboarded, tmp_path_factory) -> Suite:
    """`sectoken deploy` of a second suite with a registry of its own over the onboarded example's storage."""
    path = tmp_path_factory.mktemp("second") / "second.yaml"
    path.write_text(CONFIG.format(name=SECOND, storage=onboarded.storage.address))
    sectoken.ok("deploy", path, suite=False)
    suite = Suite.load(web3, dev_account(0), SECOND, sectoken.deployments)
    assert suite.registry.address != onboarded.registry.address
    assert onboarded.storage.linked_registries() == [onboarded.registry.address, suite.registry.address]
    return suite


def _types(table) -> dict[str, int | None]:
    return {holding.wallet: holding.investor_type for holding in table.holdings}


def _row(event: dict) -> tuple:
    return event["position"], event["contract"], event["source"], event["name"], event["args"]


def _rows(register, followed, *names: str) -> list[tuple]:
    """The register's events (``names`` only, if given) as comparable tuples."""
    return [_row(event) for event in register.events(followed, names)]


def _from_chain(web3, suite, *names: str, **blocks) -> list[tuple]:
    """The same read from the chain (what a reader gets for blocks its register has not synced)."""
    return [_row(event) for event in chain_events(web3, suite, names, **blocks)]


def test_a_type_set_through_the_other_registry_is_in_the_cap_table(web3, onboarded, second, database):
    onboarded.token.mint(ALICE, 100)
    onboarded.token.mint(BOB, 50)
    second.registry.set_investor_type(ALICE, "entity")  # the storage keeps it for alice's identity
    changed = web3.eth.block_number
    with opened(database) as register:
        # Small pages: the second registry's binding is read in a page of its own, its type change later.
        sync(web3, onboarded, register, page_blocks=3)
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        for block in (changed - 1, changed):
            same_table(cap_table_at(register, followed, block), chain_table(onboarded, block))
        assert _types(cap_table_at(register, followed, changed)) == {ALICE: 1, BOB: 0}
        assert verify(web3, onboarded, register).ok
        (linked,) = register.events(followed, ("InvestorTypeUpdated",))
        assert (linked["source"], linked["contract"], linked["block_number"]) == (
            "linkedRegistry", second.registry.address, changed)
        bound = [json.loads(e["args"])["identityRegistry"] for e in register.events(followed, ("IdentityRegistryBound",))]
        assert bound == [onboarded.registry.address, second.registry.address]

        second.registry.batch_set_investor_types([ALICE, BOB], ["individual", "entity"])  # a page like any other
        onboarded.registry.set_investor_type(ALICE, "entity")  # and the suite's own registry, as before
        head = sync(web3, onboarded, register).synced_block
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert _types(cap_table_at(register, followed, head)) == {ALICE: 1, BOB: 1}
        assert verify(web3, onboarded, register).ok
        # What a reader gets from the chain for blocks the register has not synced is what a sync keeps.
        assert _from_chain(web3, onboarded) == _rows(register, followed)
        assert _from_chain(web3, onboarded, "InvestorTypeUpdated", from_block=changed + 1) == [
            row for row in _rows(register, followed, "InvestorTypeUpdated") if row[0] >> 24 > changed]


def test_a_registry_counts_only_while_it_is_bound(web3, onboarded, second, database):
    storage, other = onboarded.storage, second.registry
    other.set_investor_type(ALICE, "entity")  # bound: counts
    storage.unbind_registry(other.address)
    # Unbound, the registry points at a storage of its own where alice's identity is an individual: its
    # type change there is not this suite's.
    elsewhere, _ = IdentityRegistryStorage.deploy(web3, dev_account(0), dev_account(0).address)
    elsewhere.bind_registry(other.address)
    other.set_storage(elsewhere.address)
    other.register(ALICE, onboarded.registry.identity(ALICE), "GB")
    other.set_investor_type(ALICE, "individual")
    elsewhere_block = web3.eth.block_number
    # Bound again (and pointed back): counts from its new binding.
    other.set_storage(storage.address)
    storage.bind_registry(other.address)
    other.set_investor_type(BOB, "entity")
    onboarded.token.mint(ALICE, 10)
    onboarded.token.mint(BOB, 10)
    with opened(database) as register:
        head = sync(web3, onboarded, register, page_blocks=2).synced_block
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert _types(cap_table_at(register, followed, head)) == {ALICE: 1, BOB: 1}
        same_table(cap_table_at(register, followed, head), chain_table(onboarded, head))
        assert verify(web3, onboarded, register).ok
        linked = [(e["block_number"], json.loads(e["args"])["investorType"])
                  for e in register.events(followed, ("InvestorTypeUpdated",)) if e["source"] == "linkedRegistry"]
        assert len(linked) == 2 and elsewhere_block not in {block for block, _ in linked}
        assert _from_chain(web3, onboarded, "InvestorTypeUpdated") == _rows(register, followed, "InvestorTypeUpdated")


class _Stop(Exception):
    """Raised by a sync's progress callback: the sync cut short after a page."""


def test_an_interrupted_sync_resumes_with_the_registries_it_had_seen_bound(web3, onboarded, second, tmp_path):
    second.registry.set_investor_type(ALICE, "entity")
    onboarded.token.mint(ALICE, 10)
    start = onboarded.record.contracts["identityRegistryStorage"].block_number

    with opened(f"sqlite:///{tmp_path / 'whole.sqlite'}") as whole, opened(f"sqlite:///{tmp_path / 'cut.sqlite'}") as cut:
        sync(web3, onboarded, whole)
        kept = whole.suite(onboarded.chain_id, onboarded.token.address)
        (binding,) = [e["block_number"] for e in whole.events(kept, ("IdentityRegistryBound",))
                      if json.loads(e["args"])["identityRegistry"] == second.registry.address]

        def stop_after_the_binding(done: int, _total: int) -> None:
            if start + done - 1 >= binding:
                raise _Stop

        with pytest.raises(_Stop):
            sync(web3, onboarded, cut, page_blocks=1, progress=stop_after_the_binding)
        followed = cut.suite(onboarded.chain_id, onboarded.token.address)
        assert followed.synced_block == binding and cut.investor_types_at(followed, binding) == {}
        resumed = sync(web3, onboarded, cut, page_blocks=1)
        assert resumed.from_block == binding + 1
        head = resumed.synced_block
        followed = cut.suite(onboarded.chain_id, onboarded.token.address)
        assert _rows(cut, followed) == _rows(whole, kept)
        assert cut.investor_types_at(followed, head) == whole.investor_types_at(kept, head)
        assert _types(cap_table_at(cut, followed, head)) == {ALICE: 1}
        assert verify(web3, onboarded, cut).ok


def test_an_unbinding_undone_by_a_reorganisation_is_forgotten(web3, onboarded, second, database):
    onboarded.token.mint(ALICE, 10)
    onboarded.storage.unbind_registry(second.registry.address)  # in the tip block, which the chain replaces
    with opened(database) as register:
        sync(web3, onboarded, register)
        web3.provider.make_request("anvil_reorg", [1, []])
        second.registry.set_investor_type(ALICE, "entity")  # still bound on this chain
        report = sync(web3, onboarded, register)
        assert report.reorg is not None and report.reorg.events_undone == 1
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert _types(cap_table_at(register, followed, report.synced_block)) == {ALICE: 1}
        assert verify(web3, onboarded, register).ok


def test_a_register_synced_before_bindings_were_followed_reads_them_first(web3, sectoken, onboarded, second,
                                                                          database):
    onboarded.token.mint(ALICE, 10)
    onboarded.token.mint(BOB, 10)
    second.registry.set_investor_type(ALICE, "entity")
    onboarded.registry.set_investor_type(BOB, "entity")
    with opened(database) as register:
        synced = sync(web3, onboarded, register).synced_block
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        everything, types = _rows(register, followed), register.investor_types_at(followed, synced)
    downgrade(database, "0002")  # the suite's own registry's types only, no bindings: what 0002's sync kept

    with opened(database) as register:  # migrated to the newest schema when opened
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert followed.backfills == (("InvestorTypeUpdated", synced),)
        assert register.investor_types_at(followed, synced) == {onboarded.registry.identity(BOB): 1}
        assert len(_rows(register, followed)) == len(everything) - 3

    done = sectoken.ok("register", "sync", "--database", database).stdout
    # the two registries' bindings and alice's type set through the second (bob's was held already)
    assert "read 3 events the register follows since its upgrade" in done

    with opened(database) as register:
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert followed.backfills == ()
        assert _rows(register, followed) == everything
        assert register.investor_types_at(followed, synced) == types
        assert _types(cap_table_at(register, followed, synced)) == {ALICE: 1, BOB: 1}
        assert verify(web3, onboarded, register).ok
