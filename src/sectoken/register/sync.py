"""``sync``: follow a suite's events into the register, incrementally and safe against reorganisations.

Only standard, stable events are followed (see :data:`FOLLOWED`): the security token's ERC-20
``Transfer`` (mints and burns are transfers from and to zero), its ERC-3643 freeze, pause, forced-transfer
and recovery events and ERC-7943's ``Frozen``; the identity registry storage's ``IdentityStored``,
``IdentityUnstored``, ``IdentityModified`` and ``CountryModified`` (the storage, not the registry: it is
what the token reads, and registries sharing it change it too), its claim and trusted-issuer events and
the ``IdentityRegistryBound`` and ``IdentityRegistryUnbound`` of the registries sharing it; the registry's
own events, among them ``InvestorTypeUpdated`` (an identity's investor type); DvP trades; distributions;
and the stablecoin's transfers, mints, burns, blacklist, reserve, redemption and enforcement events. Each
is decoded with the ABI of the suite's typed client (the shipped artifacts), so a contract that gains
events changes nothing here.

An investor type belongs to the identity, in the shared storage, but only the registry that set it emits
``InvestorTypeUpdated``: the sync also reads that event from every other registry bound to the suite's
storage, over the time it is bound (source ``linkedRegistry``; see :class:`_Reader`). Which registries are
bound at the synced block follows from the binding events the register holds, so a resumed or
reorganised sync starts from the right set.

A sync reads the blocks from the last synced one up to ``head - confirmations + 1`` (blocks with fewer
confirmations are not final and are left for a later sync) in pages of block ranges, one ``eth_getLogs``
per page for every contract of the suite, and commits each page in one database transaction together with
the new synced block and its hash: an interrupted sync loses nothing and resumes where it stopped, and a
second sync with no new blocks changes nothing. Before reading, the hash of the last synced block is
compared with the chain's; if they differ, the chain was reorganised below the synced tip: the register
walks back through the block hashes it kept (every block with events, and each synced tip) to the newest
one still on the chain, deletes everything above it and reads again from there.

A register synced by a version that did not follow an event yet (see :data:`BACKFILLED`) has a backfill
pending (the migration records it): the next sync first reads those events alone in the blocks synced
before (keeping the ones it holds), in one database transaction, and the register answers for the state
they make from then on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_utils.abi import collapse_if_tuple, event_abi_to_log_topic
from sqlalchemy import Connection
from web3 import Web3

from sectoken import rpc
from sectoken.contracts import ContractClient
from sectoken.errors import ValidationError
from sectoken.inputs import MAX_UINT256
from sectoken.register.schema import balances, blocks, events, freezes, investor_types, investors, position
from sectoken.register.store import ZERO, FollowedSuite, Investor, Register, RegisterError, safe_url
from sectoken.suite import Suite

__all__ = ["BACKFILLED", "BINDINGS", "FOLLOWED", "Reorg", "SyncReport", "chain_events", "followed_events", "sync"]

#: The events followed, by the suite record's role of the contract emitting them. Names missing from a
#: contract's ABI are skipped.
FOLLOWED: Mapping[str, tuple[str, ...]] = {
    "token": (
        "Transfer", "AddressFrozen", "TokensFrozen", "TokensUnfrozen", "Frozen", "ForcedTransfer",
        "RecoverySuccess", "Paused", "Unpaused",
    ),
    "identityRegistryStorage": (
        "IdentityStored", "IdentityUnstored", "IdentityModified", "CountryModified", "ClaimAdded",
        "ClaimRevoked", "IdentityRefreshed", "TrustedIssuerAdded", "TrustedIssuerRemoved", "ClaimTopicsUpdated",
        "IdentityRegistryBound", "IdentityRegistryUnbound",
    ),
    "identityRegistry": (
        "IdentityRegistered", "IdentityRemoved", "IdentityUpdated", "CountryUpdated", "ClaimTopicAdded",
        "ClaimTopicRemoved", "InvestorTypeUpdated",
    ),
    "settlement": (
        "TradeProposed", "TradeAmended", "TradeApproved", "TradeSettled", "TradeCancelled", "TradeRejected",
        "TradeExpired",
    ),
    "distribution": ("DistributionCreated", "Claimed", "Reclaimed"),
    "stablecoin": (
        "Transfer", "Mint", "Burn", "Blacklisted", "UnBlacklisted", "ReservesAttested", "ReserveReportRecorded",
        "RedemptionRequested", "RedemptionAcknowledged", "RedemptionCompleted", "RedemptionRejected", "Seized",
        "Wiped", "Pause", "Unpause",
    ),
}

#: The storage's events that bind and unbind an identity registry: a registry's ``InvestorTypeUpdated``
#: counts for the suite while it is bound to the suite's storage.
BINDINGS = ("IdentityRegistryBound", "IdentityRegistryUnbound")

#: The backfills a sync knows, by the name a migration files them under (``backfills.event``), with the
#: events each one reads in the blocks a suite had synced before the register followed them; the events the
#: register holds already are kept. Their state must follow from these events alone, read from the suite's
#: start block (no earlier state is read to apply them). ``InvestorTypeUpdated``: the investor types, from
#: the suite's registry (schema 0002) and from every registry bound to its storage (0003).
BACKFILLED: Mapping[str, tuple[str, ...]] = {"InvestorTypeUpdated": (*BINDINGS, "InvestorTypeUpdated")}

#: Roles whose ERC-20 ``Transfer`` events make balances, and the asset name the register files them under.
ASSETS: Mapping[str, str] = {"token": "token", "stablecoin": "stablecoin"}

#: Blocks per ``eth_getLogs`` page.
PAGE_BLOCKS = 5_000

#: Event arguments as compact JSON (one encoder for every event).
_JSON = json.JSONEncoder(separators=(",", ":"))

#: Page re-reads when the chain reorganises while a page is read.
_PAGE_TRIES = 3


@dataclass(frozen=True)
class _Event:
    source: str
    name: str
    contract: str
    topic: str
    indexed: tuple[tuple[str, str], ...]
    data_names: tuple[str, ...]
    data_types: tuple[str, ...]


@dataclass(frozen=True)
class Reorg:
    """A reorganisation undone by a sync.

    Attributes:
        synced_block: The tip the register had synced.
        common_block: The newest block of that tip's history still on the chain; everything above it was
            deleted and read again.
        events_undone: Events deleted.
    """

    synced_block: int
    common_block: int
    events_undone: int


@dataclass(frozen=True)
class SyncReport:
    """What a sync did.

    Attributes:
        suite: The suite's name.
        chain_id: Its chain.
        database: The register's URL (password hidden).
        head: The chain's latest block when the sync started.
        confirmations: Confirmations a block needed to be synced.
        synced_block: The last block synced now (``None``: the suite has no final block yet).
        from_block: The first block read by this sync (``None``: nothing to read).
        events: Events added.
        reorg: The reorganisation undone first, if any.
        backfilled: Events read again in blocks synced before the register followed them (see
            :data:`BACKFILLED`; counted in ``events`` too).
    """

    suite: str
    chain_id: int
    database: str
    head: int
    confirmations: int
    synced_block: int | None
    from_block: int | None
    events: int
    reorg: Reorg | None = None
    backfilled: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "suite": self.suite, "chainId": self.chain_id, "database": self.database, "head": self.head,
            "confirmations": self.confirmations, "syncedBlock": self.synced_block, "fromBlock": self.from_block,
            "events": self.events, "backfilled": self.backfilled,
            "reorg": None if self.reorg is None else {
                "syncedBlock": self.reorg.synced_block, "commonBlock": self.reorg.common_block,
                "eventsUndone": self.reorg.events_undone,
            },
        }


def _clients(suite: Suite) -> dict[str, ContractClient | None]:
    return {
        "token": suite.token, "identityRegistryStorage": suite.storage, "identityRegistry": suite.registry,
        "settlement": suite.settlement, "distribution": suite.distribution, "stablecoin": suite.stablecoin,
    }


def followed_events(suite: Suite) -> dict[tuple[str, str], _Event]:
    """The events a sync follows for ``suite``, by ``(contract address in lower case, topic 0)``."""
    found: dict[tuple[str, str], _Event] = {}
    for source, client in _clients(suite).items():
        if client is None:
            continue
        wanted = set(FOLLOWED[source])
        for entry in client.artifact.abi:
            abi: dict[str, Any] = dict(entry)
            if abi.get("type") != "event" or abi.get("name") not in wanted or abi.get("anonymous"):
                continue
            inputs: list[dict[str, Any]] = list(abi.get("inputs", []))
            topic = "0x" + event_abi_to_log_topic(abi).hex()  # type: ignore[arg-type,unused-ignore]
            found[(client.address.lower(), topic)] = _Event(
                source=source,
                name=str(abi["name"]),
                contract=client.address,
                topic=topic,
                indexed=tuple((str(i["name"]), collapse_if_tuple(i)) for i in inputs if i.get("indexed")),
                data_names=tuple(str(i["name"]) for i in inputs if not i.get("indexed")),
                data_types=tuple(collapse_if_tuple(i) for i in inputs if not i.get("indexed")),
            )
    return found


def _plain(value: Any) -> Any:
    """A decoded value as JSON-ready data (addresses checksummed, bytes in hex, structs as lists)."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) == 42 and value.startswith("0x"):
        try:
            return rpc.checksum(value)
        except ValueError:
            return value
    return value


def _word(kind: str, word: str) -> Any:
    """One 32-byte word (64 hex digits) of a simple type, decoded without eth_abi (the common case, fast)."""
    if kind == "address":
        return rpc.checksum("0x" + word[-40:])
    if kind == "bool":
        return int(word, 16) != 0
    if kind.startswith("uint"):
        return int(word, 16)
    return _plain(abi_decode([kind], bytes.fromhex(word))[0])


def _simple(kind: str) -> bool:
    return kind in ("address", "bool", "bytes32") or (kind.startswith(("uint", "int")) and kind[-1].isdigit())


def _decode(event: _Event, log: Mapping[str, Any]) -> dict[str, Any]:
    topics = log["topics"]
    if event.name == "Transfer" and len(topics) == 3 and len(event.indexed) == 2:  # ERC-20: the bulk, kept fast
        (sender, _), (recipient, _) = event.indexed
        return {sender: rpc.checksum("0x" + topics[1][-40:]), recipient: rpc.checksum("0x" + topics[2][-40:]),
                event.data_names[0]: int(log["data"], 16)}
    args: dict[str, Any] = {}
    for (name, kind), topic in zip(event.indexed, log["topics"][1:], strict=False):
        text = str(topic)[2:]
        args[name] = _word(kind, text) if _simple(kind) else "0x" + text  # dynamic types are hashed in topics
    if event.data_types:
        data = str(log["data"])[2:]
        if all(_simple(kind) for kind in event.data_types):
            words = (data[64 * i : 64 * (i + 1)] for i in range(len(event.data_types)))
            args.update((name, _word(kind, word))
                        for name, kind, word in zip(event.data_names, event.data_types, words, strict=True))
        else:
            values = abi_decode(list(event.data_types), bytes.fromhex(data))
            args.update((name, _plain(value)) for name, value in zip(event.data_names, values, strict=True))
    return args


def _bind(bound: set[str], name: str, registry: str) -> None:
    """Apply one of the storage's :data:`BINDINGS` (``name``) of ``registry`` to the set of bound registries."""
    if name == "IdentityRegistryBound":
        bound.add(registry)
    else:
        bound.discard(registry)


def _chain_order(log: Mapping[str, Any]) -> tuple[int, int]:
    return int(log["blockNumber"], 16), int(log["logIndex"], 16)


class _Reader:
    """Reads the followed logs of a suite in block ranges, and the ``InvestorTypeUpdated`` of the other
    identity registries while they are bound to the suite's storage (an investor type is the identity's, in
    the storage every bound registry writes; only the registry that sets it emits the event).

    ``bound`` is the set of registries bound to the storage at the end of the last range decoded (at the
    start: where the sync starts from). :meth:`fetch` reads a range without changing it (a range read again
    after a reorganisation reads the same registries); :meth:`decode` moves it through the range's binding
    events. Another registry's type changes are read from the range's start if it is bound then, else from
    the block that binds it, and count only while it is bound. The suite's own registry's count always, as
    they did before bindings were followed (the storage refuses a type change from an unbound registry, and
    a suite record may start after its registry's binding).

    Args:
        w3: The connection.
        catalogue: The followed events (:func:`followed_events`, or part of it); without the suite's
            ``InvestorTypeUpdated`` and the storage's :data:`BINDINGS` no other registry is read.
        bound: The registries bound at the start.
    """

    def __init__(self, w3: Web3, catalogue: Mapping[tuple[str, str], _Event], bound: set[str]) -> None:
        self.w3 = w3
        self.catalogue = catalogue
        self.bound = bound
        self.addresses = sorted({event.contract for event in catalogue.values()})
        self.topics = sorted({topic for _, topic in catalogue})
        self.types = next((event for event in catalogue.values()
                           if event.source == "identityRegistry" and event.name == "InvestorTypeUpdated"), None)
        self.bindings = {key for key, event in catalogue.items()
                         if event.source == "identityRegistryStorage" and event.name in BINDINGS}

    def fetch(self, lo: int, hi: int) -> list[dict[str, Any]]:
        """The logs of blocks ``lo..hi``, in chain order: the suite's contracts', then the other bound
        registries' type changes (one ``eth_getLogs`` more per block some of them are read from)."""
        logs = rpc.get_logs(self.w3, self.addresses, self.topics, lo, hi)
        if self.types is not None and self.bindings:
            own = self.types.contract
            since = {registry: lo for registry in self.bound if registry != own}
            for log in logs:
                key = (str(log["address"]).lower(), str(log["topics"][0]))
                if key in self.bindings and self.catalogue[key].name == "IdentityRegistryBound":
                    registry = rpc.checksum("0x" + str(log["topics"][1])[-40:])
                    if registry != own:
                        since.setdefault(registry, int(log["blockNumber"], 16))
            for start in sorted(set(since.values())):
                registries = sorted(registry for registry, block in since.items() if block == start)
                logs += rpc.get_logs(self.w3, registries, [self.types.topic], start, hi)
        logs.sort(key=_chain_order)
        return logs

    def decode(self, logs: Iterable[Mapping[str, Any]]) -> list[tuple[_Event, Mapping[str, Any], dict[str, Any]]]:
        """The followed events of ``logs`` (in chain order), decoded; the storage's bindings applied to
        :attr:`bound` as they come, and another registry's type change kept only while it is bound."""
        found: list[tuple[_Event, Mapping[str, Any], dict[str, Any]]] = []
        for log in logs:
            if log.get("removed"):
                continue
            key = (str(log["address"]).lower(), str(log["topics"][0]))
            event = self.catalogue.get(key)
            if event is None:
                if self.types is None or key[1] != self.types.topic:
                    continue
                registry = rpc.checksum(str(log["address"]))
                if registry not in self.bound:
                    continue
                event = replace(self.types, source="linkedRegistry", contract=registry)
            args = _decode(event, log)
            if key in self.bindings:
                _bind(self.bound, event.name, args["identityRegistry"])
            found.append((event, log, args))
        return found


@dataclass
class _State:
    """The suite's state at the synced block, updated as a page's events are applied, and the rows the
    page adds."""

    balances: dict[tuple[str, str], int]
    freezes: dict[str, tuple[int, bool]]
    investors: dict[str, Investor]
    by_identity: dict[str, set[str]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for wallet, investor in self.investors.items():
            if investor.identity != ZERO:
                self.by_identity.setdefault(investor.identity, set()).add(wallet)
        self.clear()

    def clear(self) -> None:
        self.rows = {"events": [], "balances": [], "freezes": [], "investors": [], "investor_types": [], "blocks": []}

    def move(self, asset: str, wallet: str, delta: int, at: int, block: int) -> None:
        balance = self.balances.get((asset, wallet), 0) + delta
        if balance < 0:
            raise RegisterError(
                f"{wallet} would hold {balance} {asset} at block {block}: events before the register's start "
                "block are missing (the suite's record names a later deployment block than the contract's)."
            )
        self.balances[(asset, wallet)] = balance
        self.rows["balances"].append({"asset": asset, "wallet": wallet, "position": at, "balance": balance})

    def freeze(self, wallet: str, at: int, *, tokens: int | None = None, wallet_frozen: bool | None = None) -> None:
        old_tokens, old_frozen = self.freezes.get(wallet, (0, False))
        new = (old_tokens if tokens is None else min(max(tokens, 0), MAX_UINT256),
               old_frozen if wallet_frozen is None else wallet_frozen)
        self.freezes[wallet] = new
        self.rows["freezes"].append({"wallet": wallet, "position": at, "tokens": new[0], "wallet_frozen": new[1]})

    def register(self, wallet: str, at: int, identity: str, country: int) -> None:
        old = self.investors.get(wallet)
        if old is not None and old.identity != ZERO:
            self.by_identity.get(old.identity, set()).discard(wallet)
        if identity != ZERO:
            self.by_identity.setdefault(identity, set()).add(wallet)
        self.investors[wallet] = Investor(identity, country)
        self.rows["investors"].append({"wallet": wallet, "position": at, "identity": identity, "country": country})

    def investor_type(self, identity: str, at: int, investor_type: int) -> None:
        self.rows["investor_types"].append({"identity": identity, "position": at, "investor_type": investor_type})


class _Page:
    """Applies one page of logs to the state (reading from the chain what the events leave out).

    ``last_change`` gives, for each wallet, the last block up to ``target`` whose storage events change its
    country (stored, removed, country modified): a wallet stored at a block after which its country never
    changes has the country it has at ``target``, read there (a recent state, which nodes answer fast;
    Anvil takes seconds to rebuild an old one).
    """

    def __init__(self, w3: Web3, suite: Suite, state: _State, last_change: Mapping[str, int], target: int) -> None:
        self.w3 = w3
        self.suite = suite
        self.state = state
        self.last_change = last_change
        self.target = target

    def apply(self, decoded: list[tuple[_Event, Mapping[str, Any], dict[str, Any]]]) -> None:
        stored_countries = self._countries_of_stored(decoded)
        for event, log, args in decoded:
            block, index = int(log["blockNumber"], 16), int(log["logIndex"], 16)
            at = position(block, index)
            kind = "asset" if event.source in ASSETS and event.name == "Transfer" else event.source
            handler = _HANDLERS.get((kind, event.name))
            if handler is not None:
                handler(self, event, args, at, block, stored_countries)

    def _countries_of_stored(self, decoded: Iterable[tuple[_Event, Mapping[str, Any], dict[str, Any]]]) -> dict[tuple[str, int], int]:
        """The country the storage holds for each wallet stored in the page, at the end of its block
        (``IdentityStored`` does not carry it): read at ``target`` when nothing changes it later, else at
        its block; one batch per block read."""
        wanted: dict[int, list[tuple[str, int]]] = {}
        for event, log, args in decoded:
            if event.source == "identityRegistryStorage" and event.name == "IdentityStored":
                wallet, block = args["investorAddress"], int(log["blockNumber"], 16)
                read_at = block if self.last_change.get(wallet, block) > block else self.target
                wanted.setdefault(read_at, []).append((wallet, block))
        found: dict[tuple[str, int], int] = {}
        storage = self.suite.storage.contract
        encode = rpc.calldata(storage, "storedInvestorCountry")
        for read_at, stored in wanted.items():
            calls = [(storage.address, encode(wallet)) for wallet, _ in stored]
            results = rpc.call_many(self.w3, calls, read_at, ["uint16"], tolerant=True)
            for key, result in zip(stored, results, strict=True):
                found[key] = 0 if result is None else int(result[0])
        return found

    def identity_of(self, wallets: list[str], block: int) -> dict[str, str]:
        storage = self.suite.storage.contract
        encode = rpc.calldata(storage, "storedIdentity")
        results = rpc.call_many(self.w3, [(storage.address, encode(w)) for w in wallets], block, ["address"],
                                tolerant=True)
        return {w: ZERO if r is None else rpc.checksum(r[0]) for w, r in zip(wallets, results, strict=True)}


_Handler = Callable[[_Page, _Event, dict[str, Any], int, int, dict[tuple[str, int], int]], None]


def _transfer(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    values = list(args.values())
    sender, recipient, value = values[0], values[1], int(values[2])
    if sender == recipient or value == 0:
        return
    asset = ASSETS[event.source]
    if sender != ZERO:
        page.state.move(asset, sender, -value, at, block)
    if recipient != ZERO:
        page.state.move(asset, recipient, value, at, block)


def _frozen_total(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    wallet, amount = list(args.values())[:2]
    page.state.freeze(wallet, at, tokens=int(amount))


def _frozen_delta(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    wallet, amount = list(args.values())[:2]
    sign = 1 if event.name == "TokensFrozen" else -1
    page.state.freeze(wallet, at, tokens=page.state.freezes.get(wallet, (0, False))[0] + sign * int(amount))


def _address_frozen(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    wallet, frozen = list(args.values())[:2]
    page.state.freeze(wallet, at, wallet_frozen=bool(frozen))


def _stored(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int,
            countries: dict[tuple[str, int], int]) -> None:
    wallet, identity = args["investorAddress"], args["identity"]
    page.state.register(wallet, at, identity, countries.get((wallet, block), 0))


def _unstored(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    page.state.register(args["investorAddress"], at, ZERO, 0)


def _country(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    wallet = args["investorAddress"]
    identity = page.state.investors.get(wallet, Investor(ZERO, 0)).identity
    page.state.register(wallet, at, identity, int(args["country"]))


def _identity_modified(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    old, new = args["oldIdentity"], args["newIdentity"]
    candidates = sorted(page.state.by_identity.get(old, set()))
    if not candidates:
        return
    # The event names the identities, not the wallet: ask the storage which of old's wallets moved.
    now = page.identity_of(candidates, block)
    for wallet in candidates:
        if now[wallet] == new:
            page.state.register(wallet, at, new, page.state.investors[wallet].country)


def _investor_type(page: _Page, event: _Event, args: dict[str, Any], at: int, block: int, _: Any) -> None:
    page.state.investor_type(args["identity"], at, int(args["investorType"]))


_HANDLERS: Mapping[tuple[str, str], _Handler] = {
    ("asset", "Transfer"): _transfer,
    ("token", "Frozen"): _frozen_total,
    ("token", "TokensFrozen"): _frozen_delta,
    ("token", "TokensUnfrozen"): _frozen_delta,
    ("token", "AddressFrozen"): _address_frozen,
    ("identityRegistryStorage", "IdentityStored"): _stored,
    ("identityRegistryStorage", "IdentityUnstored"): _unstored,
    ("identityRegistryStorage", "CountryModified"): _country,
    ("identityRegistryStorage", "IdentityModified"): _identity_modified,
    ("identityRegistry", "InvestorTypeUpdated"): _investor_type,
    ("linkedRegistry", "InvestorTypeUpdated"): _investor_type,
}

#: The tables a page or a backfill writes, in order.
_TABLES = (events, balances, freezes, investors, investor_types, blocks)


def _start_block(suite: Suite) -> int:
    roles = [role for role, client in _clients(suite).items() if client is not None]
    return min(suite.record.contracts[role].block_number for role in roles if role in suite.record.contracts)


def _common_block(w3: Web3, register: Register, connection: Connection, followed: FollowedSuite) -> int:
    """The newest block the register kept whose hash the chain still has (``start_block - 1``: none)."""
    below = followed.synced_block
    assert below is not None
    while True:
        stored = register.stored_blocks(connection, followed.id, below, 200)
        if not stored:
            return followed.start_block - 1
        chain = rpc.block_hashes(w3, [number for number, _ in stored])
        for (number, kept), current in zip(stored, chain, strict=True):
            if kept == current:
                return number
        below = stored[-1][0] - 1


def _undo_reorg(w3: Web3, register: Register, followed: FollowedSuite) -> tuple[FollowedSuite, Reorg | None]:
    if followed.synced_block is None or rpc.block_hash(w3, followed.synced_block) == followed.synced_hash:
        return followed, None
    with register.writing() as connection:
        common = _common_block(w3, register, connection, followed)
        undone = register.undo_after(connection, followed.id, common)
        if common < followed.start_block:
            register.set_synced(connection, followed.id, None, None)
        else:
            register.set_synced(connection, followed.id, common, rpc.block_hash(w3, common))
        fresh = register.suite(followed.chain_id, followed.token, connection)
    assert fresh is not None
    return fresh, Reorg(followed.synced_block, common, undone)


def _follow(w3: Web3, suite: Suite, register: Register) -> FollowedSuite:
    followed = register.suite(suite.chain_id, suite.token.address)
    if followed is not None:
        return followed
    with register.writing() as connection:
        return register.follow(
            connection, chain_id=suite.chain_id, name=suite.name, token=suite.token.address,
            symbol=suite.token.symbol(), decimals=suite.token.decimals(), start_block=_start_block(suite),
        )


def _state_at(register: Register, followed: FollowedSuite) -> _State:
    if followed.synced_block is None:
        return _State({}, {}, {})
    block = followed.synced_block
    held = {(asset, wallet): amount
            for asset in ASSETS.values() for wallet, amount in register.balances_at(followed, block, asset).items()}
    return _State(held, register.freezes_at(followed, block), register.investors_at(followed, block))


def _bound_at(register: Register, followed: FollowedSuite) -> set[str]:
    """The registries bound to the suite's storage at the synced block, from the binding events held."""
    bound: set[str] = set()
    if followed.synced_block is not None:
        for row in register.events(followed, BINDINGS, until=followed.synced_block):
            _bind(bound, str(row["name"]), json.loads(row["args"])["identityRegistry"])
    return bound


def sync(
    w3: Web3,
    suite: Suite,
    register: Register,
    *,
    confirmations: int = 1,
    page_blocks: int = PAGE_BLOCKS,
    progress: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Bring the register up to date with ``suite``'s final blocks.

    Args:
        w3: The connection.
        suite: The suite (read-only clients are enough).
        register: The register.
        confirmations: Confirmations a block needs to be synced (1: the latest block is final).
        page_blocks: Blocks per page (one ``eth_getLogs`` and one database transaction).
        progress: Called after each page with the blocks read so far and the blocks to read.

    Returns:
        What was done.

    Raises:
        ValidationError: ``confirmations`` or ``page_blocks`` is below 1.
        RegisterError: the register cannot be written, or the events contradict each other.
        ChainError: the node refused a request.
    """
    if confirmations < 1 or page_blocks < 1:
        raise ValidationError("confirmations and page_blocks must be at least 1.")
    head = int(w3.eth.block_number)
    followed = _follow(w3, suite, register)
    followed, reorg = _undo_reorg(w3, register, followed)
    backfilled = _backfill(w3, suite, register, followed, page_blocks)
    target = head - confirmations + 1
    start = followed.start_block if followed.synced_block is None else followed.synced_block + 1
    report = SyncReport(
        suite=suite.name, chain_id=suite.chain_id, database=safe_url(register.url), head=head,
        confirmations=confirmations, synced_block=followed.synced_block, from_block=None, events=backfilled,
        reorg=reorg, backfilled=backfilled,
    )
    if target < start:
        return report
    catalogue = followed_events(suite)
    reader = _Reader(w3, catalogue, _bound_at(register, followed))
    state = _state_at(register, followed)
    last_change = _country_changes(w3, catalogue, start, target)
    added = backfilled
    for lo in range(start, target + 1, page_blocks):
        hi = min(lo + page_blocks - 1, target)
        page = _Page(w3, suite, state, last_change, target)
        added += _sync_page(w3, register, followed, page, reader, lo, hi)
        if progress is not None:
            progress(hi - start + 1, target - start + 1)
    return SyncReport(
        suite=suite.name, chain_id=suite.chain_id, database=safe_url(register.url), head=head,
        confirmations=confirmations, synced_block=target, from_block=start, events=added, reorg=reorg,
        backfilled=backfilled,
    )


def _country_changes(w3: Web3, catalogue: Mapping[tuple[str, str], _Event], start: int, end: int) -> dict[str, int]:
    """The last block in ``start..end`` at which the storage's events change each wallet's country."""
    changing = ("IdentityStored", "IdentityUnstored", "CountryModified")
    wanted = {topic: event for (_, topic), event in catalogue.items()
              if event.source == "identityRegistryStorage" and event.name in changing}
    if not wanted:
        return {}
    contract = next(iter(wanted.values())).contract
    last: dict[str, int] = {}
    for log in rpc.get_logs(w3, [contract], sorted(wanted), start, end):
        wallet = rpc.checksum("0x" + str(log["topics"][1])[-40:])  # each of them indexes the wallet first
        last[wallet] = max(last.get(wallet, 0), int(log["blockNumber"], 16))
    return last


def _sync_page(
    w3: Web3, register: Register, followed: FollowedSuite, page: _Page, reader: _Reader, lo: int, hi: int,
) -> int:
    for _ in range(_PAGE_TRIES):
        logs = reader.fetch(lo, hi)
        tip_hash = rpc.block_hash(w3, hi)
        if tip_hash is not None and all(log["blockHash"] == tip_hash for log in logs if int(log["blockNumber"], 16) == hi):
            break
    else:
        raise RegisterError(f"The chain kept reorganising while blocks {lo}..{hi} were read: sync again later.")
    state = page.state
    decoded = reader.decode(logs)
    hashes: dict[int, str] = {hi: tip_hash}
    for event, log, args in decoded:
        hashes[int(log["blockNumber"], 16)] = str(log["blockHash"])
        state.rows["events"].append(_event_row(event, log, args))
    try:  # on an error the sync stops, and the next one starts again from the committed state
        page.apply(decoded)
        state.rows["blocks"] = [{"number": n, "hash": h} for n, h in hashes.items()]
        with register.writing() as connection:
            _insert(register, connection, followed, state)
            register.set_synced(connection, followed.id, hi, tip_hash)
    finally:
        state.clear()
    return len(decoded)


def _insert(register: Register, connection: Connection, followed: FollowedSuite, state: _State) -> None:
    for table in _TABLES:
        rows = state.rows[table.name]
        if rows:
            register.insert_many(connection, table, [{"suite_id": followed.id, **row} for row in rows])


def _backfill(w3: Web3, suite: Suite, register: Register, followed: FollowedSuite, page_blocks: int) -> int:
    """Read the events of ``followed``'s pending backfills (:data:`BACKFILLED`) in the blocks it synced
    before it followed them, from its start block (those it holds are kept, not read twice), apply them and
    clear the backfills, in one database transaction; return the events read."""
    if not followed.backfills:
        return 0
    names = {event for name, _ in followed.backfills for event in BACKFILLED.get(name, ())}
    catalogue = {key: event for key, event in followed_events(suite).items() if event.name in names}
    # One read up to the latest backfill's block: an event the register holds already (the suite's own
    # registry's types, read since schema 0002, or any event synced after a backfill's block) is skipped.
    synced = followed.synced_block if followed.synced_block is not None else -1
    end = min(max(to_block for _, to_block in followed.backfills), synced)
    state = _State({}, {}, {})
    page = _Page(w3, suite, state, {}, followed.synced_block or 0)
    rows: list[tuple[_Event, Mapping[str, Any], dict[str, Any]]] = []
    if catalogue and end >= followed.start_block:
        held = {int(row["position"]) for row in register.events(followed, tuple(sorted(names)), until=end)}
        reader = _Reader(w3, catalogue, set())
        for lo in range(followed.start_block, end + 1, page_blocks):
            for event, log, args in reader.decode(reader.fetch(lo, min(lo + page_blocks - 1, end))):
                if position(*_chain_order(log)) not in held:
                    rows.append((event, log, args))
    if followed.synced_block is not None and rpc.block_hash(w3, followed.synced_block) != followed.synced_hash:
        raise RegisterError("The chain was reorganised while the register read the events it had missed: sync again.")
    state.rows["events"] = [_event_row(event, log, args) for event, log, args in rows]
    page.apply(rows)
    with register.writing() as connection:
        _insert(register, connection, followed, state)
        register.backfilled(connection, followed.id, [name for name, _ in followed.backfills])
    return len(rows)


def chain_events(
    w3: Web3, suite: Suite, names: Iterable[str] = (), *, from_block: int | None = None, to_block: int | None = None,
) -> list[dict[str, Any]]:
    """The followed events of ``suite`` read from the chain, in the shape :meth:`Register.events` gives them
    (``position``, ``block_number``, ``log_index``, ``tx_hash``, ``contract``, ``source``, ``name`` and
    ``args`` as JSON text), oldest first: what a reader uses for the blocks its register has not synced.
    Another registry's ``InvestorTypeUpdated`` is among them while it is bound to the suite's storage, as
    a sync reads it (the bindings read from the suite's start).

    Args:
        w3: The connection.
        suite: The suite.
        names: Only these event names (default: every followed event).
        from_block: The first block (default: the suite's first deployment block).
        to_block: The last block (default: the latest).

    Returns:
        The events.

    Raises:
        ChainError: the node refused the request.
    """
    wanted = set(names)
    every = followed_events(suite)
    catalogue = {key: event for key, event in every.items() if not wanted or event.name in wanted}
    first = _start_block(suite)
    start = first if from_block is None else from_block
    end = int(w3.eth.block_number) if to_block is None else to_block
    if not catalogue or end < start:
        return []
    bound: set[str] = set()
    if any(event.name == "InvestorTypeUpdated" for event in catalogue.values()):
        # The other registries' type changes count while they are bound: follow the bindings from the start.
        bindings = {key: event for key, event in every.items()
                    if event.source == "identityRegistryStorage" and event.name in BINDINGS}
        catalogue = {**catalogue, **bindings}
        if start > first:
            before = _Reader(w3, bindings, bound)
            before.decode(before.fetch(first, start - 1))
    reader = _Reader(w3, catalogue, bound)
    return [_event_row(event, log, args) for event, log, args in reader.decode(reader.fetch(start, end))
            if not wanted or event.name in wanted]


def _event_row(event: _Event, log: Mapping[str, Any], args: dict[str, Any]) -> dict[str, Any]:
    """The register's row of one decoded log (the ``events`` table's columns but ``suite_id``)."""
    block, index = int(log["blockNumber"], 16), int(log["logIndex"], 16)
    return {
        "position": position(block, index), "block_number": block, "log_index": index,
        "tx_hash": str(log["transactionHash"]), "contract": event.contract, "source": event.source,
        "name": event.name, "args": _JSON.encode(args),
    }
