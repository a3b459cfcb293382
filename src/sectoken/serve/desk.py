"""What the compliance officer's page shows, page by page, as JSON-ready data read from a suite: the cap table
by jurisdiction, the holders and their eligibility, the rules in words, the enforcement actions, the DvP
trades and distributions, and the stablecoin's reserves and redemptions.

Events are read from the register up to its synced block when it follows the suite (and that block is still
on this chain), from the chain after it (:func:`sectoken.register.read_events`); the cap table from the
register when it is synced to the latest block, from the chain otherwise (as ``sectoken captable``).
Current state (eligibility, claims, locks, reserves, redemptions) is read from the chain.

Keys are snake_case here; :func:`sectoken.cli.output.json_ready` gives the ``--json`` conventions
(camelCase keys, ISO times) to what the JSON API serves. Amounts are decimal strings in token units.

Example:
    >>> desk = Desk(w3, record, database=None, node_url="http://127.0.0.1:8545")
    >>> desk.captable()["by_country"][0]["alpha2"]
    'GB'
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from web3 import Web3

from sectoken.captable import CapTable
from sectoken.claims import topic_name
from sectoken.contracts.compliance import LockUpModule
from sectoken.countries import country as lookup_country
from sectoken.deployments import SuiteRecord
from sectoken.errors import ValidationError
from sectoken.inputs import format_amount, investor_type_name
from sectoken.investors import OnboardingContracts, show_investor
from sectoken.reasons import Restriction, message
from sectoken.redact import redact
from sectoken.register import RegisterSource, SuiteEvents, read_cap_table, read_events
from sectoken.register.store import safe_url
from sectoken.suite import Suite, compliance_rules
from sectoken.treasury import redemptions_report, reserves_report

__all__ = ["ENFORCEMENT", "HOLDERS_PER_PAGE", "REFUSALS_NOTE", "Desk"]

#: Holders shown per page of the holders list (each one costs a few reads of the chain).
HOLDERS_PER_PAGE = 50

#: The enforcement actions shown, by (contract role, event name), with what each is called.
ENFORCEMENT: dict[tuple[str, str], str] = {
    ("token", "ForcedTransfer"): "forced transfer",
    ("token", "AddressFrozen"): "wallet freeze",
    ("token", "TokensFrozen"): "tokens frozen",
    ("token", "TokensUnfrozen"): "tokens unfrozen",
    ("token", "RecoverySuccess"): "wallet recovery",
    ("token", "Paused"): "token paused",
    ("token", "Unpaused"): "token unpaused",
    ("stablecoin", "Blacklisted"): "stablecoin blacklist",
    ("stablecoin", "UnBlacklisted"): "stablecoin blacklist lifted",
    ("stablecoin", "Seized"): "stablecoin seizure",
    ("stablecoin", "Wiped"): "stablecoin wipe",
    ("stablecoin", "Pause"): "stablecoin paused",
    ("stablecoin", "Unpause"): "stablecoin unpaused",
}

#: What the page can honestly say about refused transfers.
REFUSALS_NOTE = (
    "A transfer the rules refuse reverts with TransferRestricted and its ERC-1404 code: a reverted transaction "
    "leaves no event, so the chain keeps no log of refused transfers (a node's transaction traces are not "
    "read). What is recorded is listed here: DvP trades the issuer's agent rejected, and the enforcement "
    "actions below."
)

_TRADE_EVENTS = ("TradeProposed", "TradeAmended", "TradeApproved", "TradeSettled", "TradeCancelled",
                 "TradeRejected", "TradeExpired")
_DISTRIBUTION_EVENTS = ("DistributionCreated", "Claimed", "Reclaimed")
_REGISTRY_EVENTS = ("IdentityStored", "IdentityUnstored")


def _country(code: int | None) -> dict[str, Any]:
    if not code:
        return {"code": 0, "alpha2": "--", "name": "Not registered"}
    try:
        found = lookup_country(code)
    except ValidationError:
        return {"code": code, "alpha2": "??", "name": f"country {code}"}
    return {"code": code, "alpha2": found.alpha2, "name": found.name}


@dataclass
class Desk:
    """A suite as the page reads it: one connection, the suite's clients (no signer) and its register.

    Attributes:
        w3: The connection.
        record: The suite's deployment record.
        database: The register's URL (``None``: the default SQLite file, if it exists).
        node_url: The node's URL, shown redacted (:func:`sectoken.redact.redact`).
    """

    w3: Web3
    record: SuiteRecord
    database: str | None = None
    node_url: str = ""
    _suite: Suite | None = field(default=None, init=False, repr=False)
    _register: RegisterSource | None = field(default=None, init=False, repr=False)
    _token: dict[str, Any] | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # -- sources ----------------------------------------------------------------------------------------

    def suite(self) -> Suite:
        """The suite's read-only clients (attached on first use)."""
        with self._lock:
            if self._suite is None:
                self._suite = Suite.from_record(self.w3, None, self.record)
            return self._suite

    def register(self) -> RegisterSource | None:
        """The register following the suite, with its sync state read again; ``None`` while there is none
        (looked for again on each call, so a register synced after the server started is used)."""
        with self._lock:
            if self._register is None:
                self._register = RegisterSource.find(
                    self.database, chain_id=self.record.chain_id, token=self.record.address("token"),
                )
            else:
                self._register = self._register.refreshed()
            return self._register

    def close(self) -> None:
        """Release the register's connections."""
        with self._lock:
            if self._register is not None:
                self._register.close()
                self._register = None

    def events(self, names: tuple[str, ...]) -> SuiteEvents:
        """The suite's events of these names (register up to its synced block, chain after)."""
        return read_events(self.w3, self.suite(), self.register(), names)

    def _token_facts(self) -> dict[str, Any]:
        """The token's address, name and symbol (read once: they do not change)."""
        if self._token is None:
            token = self.suite().token
            self._token = {"address": token.address, "name": token.name(), "symbol": token.symbol()}
        return self._token

    def header(self) -> dict[str, Any]:
        """What every page says about where it reads: the suite, chain, node (redacted) and block."""
        token = self._token_facts()
        register = self.register()
        return {
            "suite": self.record.name,
            "chain_id": self.record.chain_id,
            "node": redact(self.node_url),
            "block": int(self.w3.eth.block_number),
            "token": token,
            "register": None if register is None else {
                "synced_block": register.followed.synced_block,
                "database": redact(safe_url(register.register.url)),
            },
        }

    # -- pages ------------------------------------------------------------------------------------------

    def captable(self) -> dict[str, Any]:
        """The cap table by jurisdiction at the latest block, and every holding."""
        table = read_cap_table(self.w3, self.record, self.register())
        return _captable_data(table)

    def holders(self, page: int = 1) -> dict[str, Any]:
        """The wallets that hold tokens or are registered, and each one's eligibility now: registered,
        verified (and whether its cached claim record is fresh), country, claims, frozen (wallet and tokens) and
        locked tokens; ``HOLDERS_PER_PAGE`` a page.

        Raises:
            ValidationError: ``page`` is below 1 or past the last page.
        """
        suite = self.suite()
        table = read_cap_table(self.w3, self.record, self.register())
        registered: dict[str, bool] = {}
        found = self.events(_REGISTRY_EVENTS)
        for event in found.events:
            registered[event["args"]["investorAddress"]] = event["name"] == "IdentityStored"
        wallets: list[str] = [h.wallet for h in table.holdings]
        wallets += sorted(w for w, on in registered.items() if on and w not in set(wallets))
        pages = max(1, -(-len(wallets) // HOLDERS_PER_PAGE))
        if not 1 <= page <= pages:
            raise ValidationError(f"There are {pages} page(s) of holders; page {page} does not exist.")
        contracts = OnboardingContracts.from_suite(self.w3, self.record)
        lock_up = next((m for m in suite.modules.values() if isinstance(m, LockUpModule)), None)
        decimals = table.decimals
        rows = []
        for wallet in wallets[(page - 1) * HOLDERS_PER_PAGE : page * HOLDERS_PER_PAGE]:
            info = show_investor(self.w3, contracts, wallet)
            locked = lock_up.locked_balance(wallet) if lock_up is not None else 0
            rows.append({
                "wallet": info.wallet,
                "identity": info.identity,
                "registered": info.registered,
                "type": info.type_name,
                "verified": info.verified,
                "claim_record_fresh": info.record_fresh,
                "country": _country(info.country),
                "claims": [{"topic": c.topic, "name": c.name, "expiry": c.expiry, "issuer": c.issuer}
                           for c in info.claims],
                "missing": [topic_name(t) for t in info.required if t not in {c.topic for c in info.claims}],
                "balance": format_amount(info.balance or 0, decimals, grouping=False),
                "wallet_frozen": info.frozen,
                "frozen_tokens": format_amount(info.frozen_tokens, decimals, grouping=False),
                "locked_tokens": format_amount(locked, decimals, grouping=False),
            })
        return {
            "symbol": table.symbol, "source": table.source, "block": table.block, "page": page, "pages": pages,
            "total": len(wallets), "lock_up": lock_up is not None, "holders": rows,
        }

    def rules(self) -> dict[str, Any]:
        """The rules the suite enforces now, in words (what ``sectoken compliance explain`` prints)."""
        return {
            "rules": [
                {"source": rule.source, "codes": list(rule.codes), "rule": rule.text, "detail": rule.detail,
                 "reasons": [message(code) for code in rule.codes]}
                for rule in compliance_rules(self.suite())
            ],
        }

    def enforcement(self) -> dict[str, Any]:
        """The enforcement actions recorded on the chain (newest first), the DvP trades the issuer's agent
        rejected, and what the chain cannot show (refused transfers leave no event)."""
        suite = self.suite()
        names = tuple(sorted({name for _, name in ENFORCEMENT} | {"TradeRejected", "TradeProposed"}))
        found = self.events(names)
        token_decimals = suite.token.decimals()
        coin_decimals = suite.stablecoin.decimals() if suite.stablecoin is not None else 0
        actions = []
        for event in found.events:
            kind = ENFORCEMENT.get((event["source"], event["name"]))
            if kind is None:
                continue
            decimals = token_decimals if event["source"] == "token" else coin_decimals
            actions.append({**_event_data(event), "action": kind, "detail": _describe(event, decimals)})
        trades = _trades(found, token_decimals, coin_decimals)
        rejected = [trade for trade in trades.values() if trade["status"] == "rejected"]
        return {
            "source": found.source, "synced_block": found.synced_block, "block": found.block,
            "refusals_note": REFUSALS_NOTE, "rejected_trades": rejected, "actions": actions[::-1],
            "restriction_codes": [{"code": int(code), "reason": message(int(code))} for code in Restriction
                                  if int(code)],
        }

    def trades(self) -> dict[str, Any]:
        """The DvP trades (each with its latest status) and the distributions (funded, claimed, reclaimed)."""
        suite = self.suite()
        found = self.events(_TRADE_EVENTS + _DISTRIBUTION_EVENTS)
        token_decimals = suite.token.decimals()
        coin_decimals = suite.stablecoin.decimals() if suite.stablecoin is not None else 0
        now = int(self.w3.eth.get_block("latest")["timestamp"])
        trades = list(_trades(found, token_decimals, coin_decimals).values())
        for trade in trades:
            trade["past_expiry"] = trade["status"] == "pending" and trade["expiry"] < now
        distributions: dict[int, dict[str, Any]] = {}
        for event in found.named(*_DISTRIBUTION_EVENTS):
            args = event["args"]
            number = int(args["distributionId"])
            if event["name"] == "DistributionCreated":
                distributions[number] = {
                    "id": number, "issuer": args["issuer"], "payment_token": args["paymentToken"],
                    "funded_units": int(args["funded"]), "claimed_units": 0, "claims": 0, "reclaimed_units": 0,
                    "record_block": int(args["recordBlock"]), "deadline": int(args["deadline"]),
                    "root": args["root"], **_event_data(event),
                }
            elif number in distributions and event["name"] == "Claimed":
                distributions[number]["claimed_units"] += int(args["amount"])
                distributions[number]["claims"] += 1
            elif number in distributions:
                distributions[number]["reclaimed_units"] += int(args["amount"])
        shown = []
        for item in distributions.values():
            funded, claimed, reclaimed = item.pop("funded_units"), item.pop("claimed_units"), item.pop("reclaimed_units")
            shown.append({**item, "funded": format_amount(funded, coin_decimals, grouping=False),
                          "claimed": format_amount(claimed, coin_decimals, grouping=False),
                          "reclaimed": format_amount(reclaimed, coin_decimals, grouping=False),
                          "remaining": format_amount(funded - claimed - reclaimed, coin_decimals, grouping=False),
                          "past_deadline": item["deadline"] < now})
        return {"source": found.source, "synced_block": found.synced_block, "block": found.block, "now_at": now,
                "trades": trades[::-1], "distributions": shown[::-1]}

    def stablecoin(self) -> dict[str, Any]:
        """The stablecoin's supply, reserves (latest attestation and reports) and open redemption requests."""
        coin = self.suite().stablecoin
        if coin is None:
            return {"present": False}
        return {
            "present": True, "address": coin.address, "name": coin.name(), "symbol": coin.symbol(),
            "currency": coin.currency(), "paused": coin.paused(),
            "reserves": reserves_report(coin), "redemptions": redemptions_report(coin, open_only=True),
        }


def _captable_data(table: CapTable) -> dict[str, Any]:
    return {
        "symbol": table.symbol, "block": table.block, "source": table.source, "token": table.token,
        "total_supply": table.units(table.total_supply, grouping=False), "holders": table.holders,
        "wallets": len(table.holdings),
        "by_country": [
            {"country": row.country, "alpha2": row.alpha2, "name": row.name, "holders": row.holders,
             "wallets": row.wallets, "balance": table.units(row.balance, grouping=False),
             "share": round(row.share, 6)}
            for row in table.by_country
        ],
        "holdings": [
            {"wallet": h.wallet, "identity": h.identity, "country": _country(h.country),
             "type": None if h.investor_type is None else investor_type_name(h.investor_type),
             "balance": table.units(h.balance, grouping=False)}
            for h in table.holdings
        ],
    }


def _event_data(event: dict[str, Any]) -> dict[str, Any]:
    return {"block": event["block_number"], "tx_hash": event["tx_hash"], "event": event["name"],
            "contract": event["source"]}


def _describe(event: dict[str, Any], decimals: int) -> str:
    """One enforcement event in words."""
    args, name = event["args"], event["name"]

    def amount(value: Any) -> str:
        return format_amount(int(value), decimals)

    if name == "ForcedTransfer":
        return f"{amount(args['amount'])} moved from {args['from']} to {args['to']} by the agent"
    if name == "AddressFrozen":
        state = "frozen" if args["_isFrozen"] else "unfrozen"
        return f"wallet {args['_userAddress']} {state} by {args['_owner']}"
    if name in ("TokensFrozen", "TokensUnfrozen"):
        state = "frozen" if name == "TokensFrozen" else "unfrozen"
        return f"{amount(args['_amount'])} of {args['_userAddress']} {state}"
    if name == "RecoverySuccess":
        return (f"holdings of lost wallet {args['_lostWallet']} recovered to {args['_newWallet']} "
                f"(identity {args['_investorOnchainID']})")
    if name == "Seized":
        return (f"{amount(args['amount'])} of {args['account']} seized to {args['recipient']} "
                f"under order {_order(args['orderRef'])}")
    if name == "Wiped":
        return f"{amount(args['amount'])} of {args['account']} burnt under order {_order(args['orderRef'])}"
    if name in ("Blacklisted", "UnBlacklisted"):
        return f"{args['account']} {'blacklisted' if name == 'Blacklisted' else 'removed from the blacklist'}"
    who = args.get("_userAddress")
    return f"by {who}" if who else ""


def _order(ref: str) -> str:
    """A lawful order's 32-byte reference as text when it is text (a case number), else its hex."""
    raw = bytes.fromhex(ref[2:])
    text = raw.rstrip(b"\x00")
    try:
        decoded = text.decode()
    except UnicodeDecodeError:
        return ref
    return decoded if decoded.isprintable() and text and b"\x00" not in text else ref


def _trades(found: SuiteEvents, token_decimals: int, coin_decimals: int) -> dict[int, dict[str, Any]]:
    """The DvP trades the events tell of, by id, each with its terms and latest status."""
    trades: dict[int, dict[str, Any]] = {}
    statuses = {"TradeSettled": "settled", "TradeCancelled": "cancelled", "TradeRejected": "rejected",
                "TradeExpired": "expired"}
    for event in found.named(*_TRADE_EVENTS):
        args = event["args"]
        number = int(args["tradeId"])
        if event["name"] in ("TradeProposed", "TradeAmended"):
            seller, buyer, _security, amount, _payment, price, expiry = args["terms"]
            trade = trades.setdefault(number, {"id": number, "status": "pending", "approved": False,
                                               "proposer": args.get("proposer"), **_event_data(event)})
            trade.update({"seller": seller, "buyer": buyer, "expiry": int(expiry),
                          "amount": format_amount(int(amount), token_decimals, grouping=False),
                          "price": format_amount(int(price), coin_decimals, grouping=False)})
            if event["name"] == "TradeAmended":
                trade["approved"] = False
        elif number in trades and event["name"] == "TradeApproved":
            trades[number]["approved"] = True
        elif number in trades:
            trades[number].update({"status": statuses[event["name"]], "closed_block": event["block_number"],
                                   "closed_tx": event["tx_hash"]})
            if event["name"] == "TradeRejected":
                trades[number]["rejected_by"] = event["args"]["rejectedBy"]
    return trades

