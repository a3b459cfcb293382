"""Investor onboarding: register wallets, add their claims and issue their tokens, one investor or a CSV
file of thousands, resumably.

A CSV file has a header and one investor per line (blank lines and lines starting with ``#`` are
skipped)::

    wallet,country,claims,expires,identity,amount
    0x70997970C51812dc3A010C7d01b50e0d17dc79C8,UK,kyc;professional,2027-12-31,,1500.5
    0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC,840,kyc;accredited,,,250

- ``wallet``: the investor's wallet (a mixed-case address must have a valid checksum);
- ``country``: ISO 3166-1 numeric (``826``), alpha-2 (``GB``, or ``UK``) or alpha-3;
- ``claims``: claim topics separated by ``;``, by name (``kyc``, ``professional``...) or number;
- ``expires``: when the claims stop counting, an ISO date (00:00 UTC that day) or date-time; empty for
  never;
- ``identity`` (optional): the investor identity the wallet belongs to; by default the wallet itself,
  so each wallet is its own investor. Several wallets of one investor share an identity, and claims
  belong to the identity;
- ``amount`` (optional): the holding to reach, in token units with at most the token's decimals: the
  wallet is issued what it lacks (nothing if it holds that much already, e.g. from another file), and
  never twice by the same import, whatever it sold since;
- ``onchainid`` (optional): the investor's ONCHAINID identity (ERC-734/735). The wallet is registered
  with it as its identity, and its claims are imported from it (:mod:`sectoken.onchainid`): the topics
  in ``claims`` (each must be found), or, if ``claims`` is empty, every claim it holds by a ClaimIssuer
  trusted here. ``identity`` must then be empty (or the same address) and ``expires`` empty (imported
  claims have no expiry: they end when revoked there and resynced, see ``sectoken investor resync``);
- ``type`` (optional): ``individual`` or ``entity``, the investor type of the identity (the registry keeps
  it per identity, for all its wallets). Empty: a new investor is an individual (the registry's default),
  and an identity whose type is on the chain already keeps it; ``individual`` sets an entity back.

:func:`parse_csv` checks the whole file before anything is sent and reports every problem with its line
number. :func:`onboard` then registers the wallets with their claims (``batchRegisterIdentityWithClaims``,
rows grouped by the claims they add), adds the claims of identities already registered
(``batchAddClaim``), sets the investor types the chain does not show yet (``batchSetInvestorType``) and
issues the tokens (``batchMint``): 1,000 investors take about 40 transactions. It skips what the chain
already shows done (a wallet registered with the same identity and country, a claim present with the same
expiry, an identity of the type given) and what the import's :class:`~sectoken.journal.Journal` shows minted, so
re-running an import, even one killed half-way, does nothing twice.

Example:
    >>> rows = parse_csv(Path("investors.csv"), decimals=2)
    >>> contracts = OnboardingContracts.from_suite(w3, suite)
    >>> with open_journal(Path("investors.csv"), suite) as journal:
    ...     summary = onboard(w3, signer, contracts, rows, batch_size=50, journal=journal)
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from eth_abi.abi import decode as abi_decode
from eth_abi.abi import encode as abi_encode
from eth_typing import ChecksumAddress
from eth_utils.abi import collapse_if_tuple, function_abi_to_4byte_selector
from pydantic import ValidationError as PydanticValidationError
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractFunction

from sectoken.claims import topic_name
from sectoken.deployments import SuiteRecord
from sectoken.errors import SectokenError, ValidationError
from sectoken.inputs import MAX_TOPICS, InvestorFields, field_errors, investor_type_name, parse_address
from sectoken.inputs import format_amount as format_tokens
from sectoken.journal import JOURNAL_DIRECTORY, Journal, Step, StepOutcome, journal_path, rpc_batch
from sectoken.onchainid import IdentityClaims, find_claims, import_call
from sectoken.reasons import ErrorTable
from sectoken.signers import Signer
from sectoken.simulation import simulate
from sectoken.tx import call, contract_at, retrying

__all__ = [
    "COLUMNS",
    "MAX_TOPICS",
    "NO_EXPIRY",
    "ClaimInfo",
    "ClaimMode",
    "ImportInterruptedError",
    "InvalidRowsError",
    "Investor",
    "InvestorInfo",
    "OnboardingContracts",
    "OnboardingProgress",
    "OnboardingSummary",
    "RowError",
    "add_investor",
    "file_sha256",
    "format_amount",
    "format_expiry",
    "investor_sha256",
    "make_investor",
    "onboard",
    "open_journal",
    "parse_csv",
    "parse_expiry",
    "parse_wallet",
    "show_investor",
]

#: A claim that never expires (``type(uint64).max``).
NO_EXPIRY = 2**64 - 1
#: Required columns, then optional ones.
COLUMNS: tuple[str, ...] = ("wallet", "country", "claims", "expires", "identity", "amount", "onchainid", "type")
_REQUIRED = COLUMNS[:4]
ZERO_ADDRESS = "0x" + "00" * 20
_READ_CHUNK = 250


# --- rows and their validation -------------------------------------------------------------------


@dataclass(frozen=True)
class Investor:
    """One investor row, validated.

    Attributes:
        line: Its line in the source file (0 when it came from elsewhere, e.g. the command line).
        wallet: The wallet to register.
        country: ISO 3166-1 numeric country code.
        topics: Claim topics to add, ascending.
        expiry: When the claims stop counting (unix time; :data:`NO_EXPIRY` for never).
        identity: The investor identity the wallet belongs to.
        amount: Tokens to issue, in the token's smallest unit (0: none).
        onchainid: ``identity`` is an ONCHAINID identity whose claims are imported (``topics``: those to
            import; empty: every one found from a ClaimIssuer trusted here).
        investor_type: The identity's investor type to apply (0 an individual, 1 an entity); ``None``: not
            given (a new identity stays an individual, the registry's default; a typed one keeps its type).
    """

    line: int
    wallet: ChecksumAddress
    country: int
    topics: tuple[int, ...]
    expiry: int
    identity: ChecksumAddress
    amount: int = 0
    onchainid: bool = False
    investor_type: int | None = None


@dataclass(frozen=True)
class RowError:
    """One problem with one line of input.

    Attributes:
        line: The line number (0: not from a file).
        column: The column at fault (empty when the whole line is).
        message: What is wrong, and what to do.
    """

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "input"
        return f"{where}{f' ({self.column})' if self.column else ''}: {self.message}"


class InvalidRowsError(ValidationError):
    """Some investors were refused before anything was sent; :attr:`errors` lists every problem.

    Attributes:
        errors: The problems, by line.
        source: The file (or other input) they are in.
    """

    def __init__(self, errors: Sequence[RowError], source: str = "input") -> None:
        self.errors = list(errors)
        self.source = source
        count = len(self.errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{source}: {count} problem{'s' if count != 1 else ''}, nothing was sent:\n{lines}")


class ImportInterruptedError(SectokenError, RuntimeError):
    """An import stopped part-way (the node went away, a transaction was not mined in time, or one was
    refused); what was sent is journaled, and running the same import again resumes it."""


def parse_wallet(text: str, what: str = "wallet") -> ChecksumAddress:
    """An address typed by a person, never the zero address (:func:`sectoken.inputs.parse_address`).

    Raises:
        ValidationError: not an address, a wrong checksum, or the zero address.
    """
    return parse_address(text, what, allow_zero=False)


def parse_expiry(text: str, now: int | None = None) -> int:
    """When claims stop counting: an ISO date (00:00 UTC that day), an ISO date-time (UTC unless it
    says otherwise), or empty for never.

    Args:
        text: The date.
        now: The present (unix time); an expiry not after it is refused. ``None``: not checked.

    Returns:
        Unix time, or :data:`NO_EXPIRY`.

    Raises:
        ValidationError: not a date, or not in the future.
    """
    value = text.strip()
    if not value:
        return NO_EXPIRY
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError(
            f"{value!r} is not a date: use YYYY-MM-DD (or an ISO date-time), or leave it empty for no expiry."
        ) from None
    stamp = int(moment.timestamp())
    if now is not None and stamp <= now:
        raise ValidationError(f"{value} is not in the future: a claim must expire later than now.")
    if stamp >= NO_EXPIRY:
        raise ValidationError(f"{value} is too far in the future; leave it empty for no expiry.")
    return stamp


def format_amount(units: int, decimals: int) -> str:
    """An amount in the smallest unit, written in token units (``150050, 2 -> "1500.5"``)."""
    return format_tokens(units, decimals, grouping=False)


def format_expiry(expiry: int) -> str:
    """An expiry for people: ``never``, a date for midnight UTC, else an ISO date-time in UTC."""
    if expiry >= NO_EXPIRY:
        return "never"
    moment = datetime.fromtimestamp(expiry, UTC)
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")


def make_investor(
    *,
    wallet: str,
    country: str | int,
    claims: str | Iterable[str | int],
    expires: str = "",
    identity: str = "",
    amount: str = "",
    decimals: int = 0,
    line: int = 0,
    now: int | None = None,
    onchainid: str = "",
    investor_type: str | int = "",
) -> Investor:
    """Validate one investor's fields (as typed in a file or on the command line).

    ``investor_type`` is ``individual`` or ``entity`` (or 0 or 1); empty for not given.

    Raises:
        InvalidRowsError: every field that is wrong, each with its column.
    """
    errors: list[RowError] = []
    fields: InvestorFields | None = None
    try:
        fields = InvestorFields.model_validate(
            {"wallet": wallet, "country": country, "claims": claims, "identity": identity, "amount": amount,
             "onchainid": onchainid, "type": investor_type},
            context={"decimals": decimals},
        )
    except PydanticValidationError as invalid:
        errors.extend(RowError(line, column, message) for column, message in field_errors(invalid))
    expiry = None
    try:
        expiry = parse_expiry(expires, now)
    except ValidationError as error:
        errors.append(RowError(line, "expires", str(error)))
    errors.sort(key=lambda error: COLUMNS.index(error.column))
    identity_ = fields.identity if fields is not None else None
    onchain = fields.onchainid if fields is not None else None
    if onchain is not None:
        if identity_ is not None and identity_ != onchain:
            errors.append(
                RowError(
                    line, "identity", "give the identity or the ONCHAINID, not both: the ONCHAINID is the identity."
                )
            )
        if expires.strip():
            errors.append(
                RowError(
                    line,
                    "expires",
                    "claims imported from an ONCHAINID have no expiry here (they end when revoked there and "
                    "resynced with `sectoken investor resync`): leave it empty.",
                )
            )
    if errors or fields is None or expiry is None:
        raise InvalidRowsError(errors, f"line {line}" if line else "input")
    identity_ = onchain or identity_ or fields.wallet
    return Investor(
        line,
        fields.wallet,
        fields.country,
        fields.claims,
        expiry,
        identity_,
        fields.amount,
        onchain is not None,
        fields.investor_type,
    )


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_csv(path: Path, decimals: int, *, now: int | None = None) -> list[Investor]:
    """Read and validate a whole investors file (see the module's docstring for its columns).

    Every line is checked before anything is returned: bad addresses and checksums, unknown countries
    and claims, dates, amounts with too many decimals, unknown investor types, duplicate wallets, and one
    identity given different expiries for the same claim or different types.

    Args:
        path: The CSV file (UTF-8, a byte-order mark is accepted).
        decimals: The token's decimals.
        now: The present (unix time) for refusing past expiries; default: the clock.

    Returns:
        The investors, in file order.

    Raises:
        InvalidRowsError: every problem found, each with its line number.
        ValidationError: the file cannot be read.
    """
    if now is None:
        now = int(datetime.now(UTC).timestamp())
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ValidationError(f"Cannot read {path}: {error.strerror or error}.") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is not UTF-8 text: save it as CSV UTF-8.") from None
    reader = csv.reader(text.splitlines(keepends=True))
    errors: list[RowError] = []
    columns: list[str] | None = None
    investors: list[Investor] = []
    wallets: dict[str, int] = {}
    claims: dict[tuple[str, int], tuple[int, int]] = {}
    types: dict[str, tuple[int, int]] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
            continue
        if columns is None:
            columns = [cell.strip().lower() for cell in cells]
            errors.extend(_check_header(columns, line))
            if errors:
                break
            continue
        if len(cells) != len(columns):
            errors.append(RowError(line, "", f"{len(cells)} fields, but the header has {len(columns)}."))
            continue
        values = dict(zip(columns, cells, strict=True))
        try:
            investor = make_investor(
                wallet=values["wallet"],
                country=values["country"],
                claims=values["claims"],
                expires=values["expires"],
                identity=values.get("identity", ""),
                amount=values.get("amount", ""),
                decimals=decimals,
                line=line,
                now=now,
                onchainid=values.get("onchainid", ""),
                investor_type=values.get("type", ""),
            )
        except InvalidRowsError as invalid:
            errors.extend(invalid.errors)
            continue
        first = wallets.setdefault(investor.wallet, line)
        if first != line:
            errors.append(RowError(line, "wallet", f"{investor.wallet} is already on line {first}."))
            continue
        for topic in investor.topics:
            earlier = claims.setdefault((investor.identity, topic), (investor.expiry, line))
            if earlier[0] != investor.expiry:
                errors.append(
                    RowError(
                        line,
                        "expires",
                        f"identity {investor.identity} has claim {topic_name(topic)} expiring "
                        f"{format_expiry(investor.expiry)} here but {format_expiry(earlier[0])} "
                        f"on line {earlier[1]}.",
                    )
                )
        if investor.investor_type is not None:
            kind, first = types.setdefault(investor.identity, (investor.investor_type, line))
            if kind != investor.investor_type:
                errors.append(
                    RowError(
                        line,
                        "type",
                        f"identity {investor.identity} is {investor_type_name(investor.investor_type)} here but "
                        f"{investor_type_name(kind)} on line {first} (the type is the identity's).",
                    )
                )
        investors.append(investor)
    if columns is None:
        errors.append(
            RowError(1, "", f"no header: the first line must name the columns {', '.join(_REQUIRED)}.")
        )
    if errors:
        raise InvalidRowsError(errors, str(path))
    return investors


def _check_header(columns: list[str], line: int) -> list[RowError]:
    errors = []
    for name in columns:
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            errors.append(
                RowError(line, name, f"unknown column {name!r}{hint}; columns are {', '.join(COLUMNS)}.")
            )
    for name in _REQUIRED:
        if name not in columns:
            errors.append(RowError(line, name, f"missing column {name!r}."))
    duplicates = sorted({name for name in columns if columns.count(name) > 1})
    errors.extend(RowError(line, name, f"column {name!r} appears twice.") for name in duplicates)
    return errors


# --- the suite's contracts -----------------------------------------------------------------------


@dataclass(frozen=True)
class OnboardingContracts:
    """The contracts onboarding writes to.

    Attributes:
        storage: The ``IdentityRegistryStorage`` (claims, trusted issuers, wallet records).
        registry: The token's ``IdentityRegistry`` (registrations, required topics).
        token: The ``SecurityToken`` (issuance); ``None`` when only registering and adding claims.
    """

    storage: Contract
    registry: Contract
    token: Contract | None = None

    @classmethod
    def at(cls, w3: Web3, *, storage: str, registry: str, token: str | None = None) -> OnboardingContracts:
        """Bind the contracts at these addresses."""
        return cls(
            storage=contract_at(w3, "IdentityRegistryStorage", storage),
            registry=contract_at(w3, "IdentityRegistry", registry),
            token=contract_at(w3, "SecurityToken", token) if token else None,
        )

    @classmethod
    def from_suite(cls, w3: Web3, suite: SuiteRecord) -> OnboardingContracts:
        """Bind a deployed suite's ``identityRegistryStorage``, ``identityRegistry`` and ``token``.

        Raises:
            DeploymentNotFoundError: the suite's deployment is incomplete (resume it first), or it has no
                identity registry or storage.
        """
        suite.check_complete()  # the one reattach check, as Suite.from_record makes it
        token = suite.address("token") if "token" in suite.contracts else None
        return cls.at(
            w3,
            storage=suite.address("identityRegistryStorage"),
            registry=suite.address("identityRegistry"),
            token=token,
        )

    def abis(self) -> ErrorTable:
        """The contracts' ABIs, for decoding their errors wherever they surface."""
        contracts = [self.storage, self.registry] + ([self.token] if self.token is not None else [])
        return ErrorTable([contract.abi for contract in contracts])

    def addresses(self) -> dict[str, str]:
        """The contracts' addresses by suite role name."""
        found: dict[str, str] = {
            "identityRegistryStorage": self.storage.address,
            "identityRegistry": self.registry.address,
        }
        if self.token is not None:
            found["token"] = self.token.address
        return found


def investor_sha256(investor: Investor) -> str:
    """SHA-256 (hex) of one investor's fields (not its line): names the journal of ``investor add``."""
    fields = [
        investor.wallet,
        investor.country,
        list(investor.topics),
        investor.expiry,
        investor.identity,
        str(investor.amount),
    ]
    if investor.onchainid:
        fields.append("onchainid")
    if investor.investor_type is not None:
        fields.append(f"type:{investor.investor_type}")
    return hashlib.sha256(json.dumps(fields).encode()).hexdigest()


def open_journal(
    source: Path | Investor,
    suite: SuiteRecord,
    *,
    chain_id: int | None = None,
    directory: Path = JOURNAL_DIRECTORY,
) -> Journal:
    """Open the journal of onboarding ``source`` into ``suite``: the same journal for every re-run.

    Args:
        source: The input file (its SHA-256 names the journal), or one investor (its fields' SHA-256).
        suite: The suite onboarded into.
        chain_id: The chain (default: the suite's).
        directory: The journals' folder.

    Returns:
        The open, locked journal.

    Raises:
        JournalError: another import holds it, or it is damaged.
    """
    if isinstance(source, Investor):
        digest, label = investor_sha256(source), f"investor {source.wallet}"
    else:
        digest, label = file_sha256(source), str(source)
    chain = suite.chain_id if chain_id is None else chain_id
    contracts = {
        role: suite.contracts[role].address
        for role in sorted(suite.contracts)
        if role in ("identityRegistryStorage", "identityRegistry", "token")
    }
    header = {
        "kind": "investor-import",
        "chainId": chain,
        "suite": suite.name,
        "sha256": digest,
        "contracts": contracts,
        "source": label,
    }
    return Journal.open(journal_path(chain, suite.name, digest, directory), header)


# --- onboarding ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OnboardingProgress:
    """Progress of :func:`onboard`, reported as it goes.

    Attributes:
        completed: Transactions mined so far in this run.
        total: Transactions this run sends (known once planned).
        phase: ``"planned"``, ``"identities"`` (registrations, claims and investor types) or ``"issuance"``.
        step: The step just mined (``None`` for the ``"planned"`` event).
    """

    completed: int
    total: int
    phase: Literal["planned", "identities", "issuance"]
    step: StepOutcome | None = None


@dataclass
class OnboardingSummary:
    """What :func:`onboard` did.

    Attributes:
        investors: Rows given.
        registered: Wallets registered by this run (including transactions of an interrupted run settled now).
        claims_added: Claims added.
        minted: Wallets issued tokens.
        minted_amount: Tokens issued, in the smallest unit.
        skipped_registrations: Wallets already registered with the same identity and country.
        skipped_claims: Claims already on the chain with the same expiry.
        skipped_mints: Wallets already issued their tokens (by this import, as its journal shows) or holding
            their amount already.
        types_set: Identities whose investor type was set.
        skipped_types: Identities of the type given already.
        transactions: Transactions mined for this run.
        gas_used: Their gas.
        gas_by_kind: Gas by step kind (``register``, with the claims it carries; ``claims``, a batch of
            claims; ``claim``, one claim; ``types``, a batch of investor types; ``mint``).
        settled_on_resume: Transactions of an interrupted run found mined, or sent again, now.
        replanned: Steps of an interrupted run planned again (nonce taken, reverted or receipt gone).
        journal: The journal file, if any.
    """

    investors: int = 0
    registered: int = 0
    claims_added: int = 0
    minted: int = 0
    minted_amount: int = 0
    skipped_registrations: int = 0
    skipped_claims: int = 0
    skipped_mints: int = 0
    types_set: int = 0
    skipped_types: int = 0
    transactions: int = 0
    gas_used: int = 0
    gas_by_kind: dict[str, int] = field(default_factory=dict)
    settled_on_resume: int = 0
    replanned: int = 0
    journal: Path | None = None

    @property
    def skipped(self) -> int:
        """Registrations, claims, investor types and issuances skipped as already done."""
        return self.skipped_registrations + self.skipped_claims + self.skipped_types + self.skipped_mints

    def count(self, outcome: StepOutcome) -> None:
        """Add one mined step."""
        self.transactions += 1
        self.gas_used += outcome.gas_used
        self.gas_by_kind[outcome.kind] = self.gas_by_kind.get(outcome.kind, 0) + outcome.gas_used
        if outcome.settled_on_resume:
            self.settled_on_resume += 1
        payload = outcome.payload
        if outcome.kind == "register":
            self.registered += len(payload.get("wallets", []))
            self.claims_added += len(payload.get("claims", []))
        elif outcome.kind == "claims":
            self.claims_added += len(payload.get("claims", []))
        elif outcome.kind == "claim":
            self.claims_added += 1
        elif outcome.kind == "onchainid":
            self.claims_added += len(payload.get("claims", []))
        elif outcome.kind == "types":
            self.types_set += len(payload.get("types", []))
        elif outcome.kind == "mint":
            self.minted += len(payload.get("wallets", []))
            self.minted_amount += sum(int(amount) for amount in payload.get("amounts", []))

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON data."""
        return {
            "investors": self.investors,
            "registered": self.registered,
            "claimsAdded": self.claims_added,
            "minted": self.minted,
            "mintedAmount": str(self.minted_amount),
            "skipped": self.skipped,
            "skippedRegistrations": self.skipped_registrations,
            "skippedClaims": self.skipped_claims,
            "skippedMints": self.skipped_mints,
            "typesSet": self.types_set,
            "skippedTypes": self.skipped_types,
            "transactions": self.transactions,
            "gasUsed": self.gas_used,
            "gasByKind": dict(self.gas_by_kind),
            "settledOnResume": self.settled_on_resume,
            "replanned": self.replanned,
            "journal": str(self.journal) if self.journal else None,
        }


@dataclass(frozen=True)
class _ChainState:
    """What the chain holds about the rows, read before planning."""

    now: int
    wallets: dict[str, tuple[str, int]]  # wallet -> (identity, country); zero identity if unregistered
    claims: dict[tuple[str, int], int]  # (identity, topic) -> the issuer's claim expiry (0: none)
    topics: dict[str, int]  # identity -> bitmap of topics that count now
    balances: dict[str, int]  # wallet -> tokens held (rows with an amount)
    types: dict[str, int]  # identity -> investor type (rows with a type)
    required: int
    agent: bool
    trusted: dict[int, bool]
    supplier: bool


def _encode(function: ContractFunction) -> str:
    """The call data of a bound view (eth-abi directly: web3's encoder is much slower)."""
    types = [collapse_if_tuple(dict(item)) for item in function.abi["inputs"]]
    selector = function_abi_to_4byte_selector(function.abi)
    return "0x" + (selector + abi_encode(types, list(function.args))).hex()


def _decode(function: ContractFunction, result: str) -> Any:
    """A view's raw answer as Python values (addresses checksummed; one output unwrapped)."""
    outputs = function.abi.get("outputs", [])
    values = abi_decode([collapse_if_tuple(dict(item)) for item in outputs], bytes.fromhex(result[2:]))

    def checksummed(value: Any, kind: str) -> Any:
        if kind == "address":
            return Web3.to_checksum_address(value)
        if kind.startswith("(") and isinstance(value, tuple):
            inner = [collapse_if_tuple(dict(item)) for item in _components(outputs, kind)]
            return tuple(checksummed(v, k) for v, k in zip(value, inner, strict=True))
        return value

    kinds = [collapse_if_tuple(dict(item)) for item in outputs]
    decoded = tuple(checksummed(value, kind) for value, kind in zip(values, kinds, strict=True))
    return decoded[0] if len(decoded) == 1 else decoded


def _components(outputs: Sequence[Any], kind: str) -> Sequence[Any]:
    for item in outputs:
        if collapse_if_tuple(dict(item)) == kind:
            return list(item.get("components", []))
    return []


def _read_many(w3: Web3, calls: Sequence[ContractFunction], retries: int, backoff: float) -> list[Any]:
    """Call many views in JSON-RPC batches; a view the node refuses is called again alone, so its revert is
    raised decoded."""
    results: list[Any] = []
    for start in range(0, len(calls), _READ_CHUNK):
        part = calls[start : start + _READ_CHUNK]
        requests: list[tuple[str, list[Any]]] = [
            ("eth_call", [{"to": function.address, "data": _encode(function)}, "latest"]) for function in part
        ]
        answers = rpc_batch(w3, requests, retries=retries, backoff=backoff)
        for function, answer in zip(part, answers, strict=True):
            if isinstance(answer, str) and answer.startswith("0x") and len(answer) > 2:
                results.append(_decode(function, answer))
            else:
                results.append(call(w3, function, retries=retries, backoff=backoff))
    return results


def _read_state(
    w3: Web3,
    contracts: OnboardingContracts,
    rows: Sequence[Investor],
    issuer: str,
    retries: int,
    backoff: float,
) -> _ChainState:
    registry, storage, token = contracts.registry, contracts.storage, contracts.token
    wallets = [row.wallet for row in rows]
    native = [row for row in rows if not row.onchainid]  # ONCHAINID claims are surveyed apart
    claim_keys: list[tuple[str, int]] = sorted(
        {(row.identity, topic) for row in native for topic in row.topics}
    )
    identities: list[str] = sorted({row.identity for row in rows if row.amount > 0})
    typed: list[str] = sorted({row.identity for row in rows if row.investor_type is not None})
    topics_used = sorted({topic for row in native for topic in row.topics})
    calls: list[ContractFunction] = [registry.functions.requiredTopics(), registry.functions.isAgent(issuer)]
    calls += [storage.functions.hasClaimTopic(issuer, topic) for topic in topics_used]
    if token is not None:
        calls.append(token.functions.hasRole(call(w3, token.functions.SUPPLY_ROLE()), issuer))
    calls += [storage.functions.storedIdentity(wallet) for wallet in wallets]
    calls += [storage.functions.storedInvestorCountry(wallet) for wallet in wallets]
    calls += [storage.functions.claimExpiry(identity, topic, issuer) for identity, topic in claim_keys]
    calls += [storage.functions.identityTopics(identity) for identity in identities]
    calls += [storage.functions.identityInvestorType(identity) for identity in typed]
    holders = [row.wallet for row in rows if row.amount > 0] if token is not None else []
    if token is not None:
        calls += [token.functions.balanceOf(wallet) for wallet in holders]
    answers = iter(_read_many(w3, calls, retries, backoff))
    required, agent = int(next(answers)), bool(next(answers))
    trusted = {topic: bool(next(answers)) for topic in topics_used}
    supplier = bool(next(answers)) if token is not None else False
    stored = [str(next(answers)) for _ in wallets]
    countries = [int(next(answers)) for _ in wallets]
    claims = {key: int(next(answers)) for key in claim_keys}
    topics = {identity: int(next(answers)) for identity in identities}
    types = {identity: int(next(answers)) for identity in typed}
    balances = {str(wallet): int(next(answers)) for wallet in holders}
    block = retrying(
        lambda: w3.eth.get_block("latest"), "eth_getBlockByNumber", retries=retries, backoff=backoff
    )
    return _ChainState(
        now=int(block["timestamp"]),
        wallets={
            wallet: (identity, country)
            for wallet, identity, country in zip(wallets, stored, countries, strict=True)
        },
        claims=claims,
        topics=topics,
        balances=balances,
        types=types,
        required=required,
        agent=agent,
        trusted=trusted,
        supplier=supplier,
    )


def _survey_onchainid(
    w3: Web3, contracts: OnboardingContracts, rows: Sequence[Investor], retries: int, backoff: float
) -> tuple[dict[str, IdentityClaims], list[RowError]]:
    """Find the claims of the rows' ONCHAINID identities (the topics their rows name, or every one found),
    with a problem per identity where something asked for is missing."""
    wanted: dict[str, set[int]] = {}
    lines: dict[str, int] = {}
    for row in rows:
        if row.onchainid:
            wanted.setdefault(row.identity, set()).update(row.topics)
            lines.setdefault(row.identity, row.line)
    found: dict[str, IdentityClaims] = {}
    errors: list[RowError] = []
    for identity, topics in wanted.items():
        found[identity] = find_claims(
            w3,
            contracts.storage,
            identity,
            sorted(topics) if topics else None,
            read=lambda functions: _read_many(w3, functions, retries, backoff),
        )
        errors += [RowError(lines[identity], "onchainid", problem) for problem in found[identity].problems]
    return found, errors


def _check(
    rows: Sequence[Investor],
    state: _ChainState,
    contracts: OnboardingContracts,
    issuer: str,
    needs: Mapping[str, bool],
) -> list[RowError]:
    """Everything that would make onboarding fail part-way, found before anything is sent."""
    errors: list[RowError] = []
    if (needs["register"] or needs["types"]) and not state.agent:
        errors.append(
            RowError(
                0,
                "",
                f"{issuer} is not an agent of the identity registry "
                f"{contracts.registry.address}, so it cannot register wallets or set investor types.",
            )
        )
    untrusted = sorted(topic for topic, ok in state.trusted.items() if not ok and needs.get(f"topic:{topic}"))
    if untrusted:
        names = ", ".join(f"{topic_name(t)} ({t})" for t in untrusted)
        errors.append(
            RowError(
                0,
                "",
                f"{issuer} is not a trusted issuer of claim topics {names} in "
                f"{contracts.storage.address}, so it cannot add those claims.",
            )
        )
    if needs["mint"]:
        if contracts.token is None:
            errors.append(RowError(0, "", "amounts are given, but the suite has no token to issue them."))
        elif not state.supplier:
            errors.append(
                RowError(
                    0,
                    "",
                    f"{issuer} lacks the supply power (SUPPLY_ROLE) on the token "
                    f"{contracts.token.address}, so it cannot issue tokens.",
                )
            )
    for row in rows:
        identity, country = state.wallets[row.wallet]
        if int(identity, 16) != 0 and (identity != row.identity or country != row.country):
            errors.append(
                RowError(
                    row.line,
                    "wallet",
                    f"{row.wallet} is already registered with identity {identity} and country {country}, not "
                    f"{row.identity} and {row.country}: fix the line, or change the registration first.",
                )
            )
        if row.expiry != NO_EXPIRY and row.expiry <= state.now and row.topics:
            errors.append(
                RowError(
                    row.line,
                    "expires",
                    f"{format_expiry(row.expiry)} is not after the chain's time "
                    f"({format_expiry(state.now)}).",
                )
            )
        if row.amount > 0:
            held = state.topics.get(row.identity, 0)
            for topic in row.topics:
                held |= 1 << topic
            missing = [t for t in range(MAX_TOPICS) if state.required >> t & 1 and not held >> t & 1]
            if missing:
                names = ", ".join(topic_name(t) for t in missing)
                errors.append(
                    RowError(
                        row.line,
                        "claims",
                        f"{row.wallet} would not be verified (the registry requires {names}), so it cannot "
                        "receive tokens: add the claim, or leave the amount empty.",
                    )
                )
    return errors


def _check_issuance(
    w3: Web3,
    issuer: str,
    identities: Sequence[Step],
    to_mint: Sequence[Investor],
    due: Mapping[ChecksumAddress, int],
    contracts: OnboardingContracts,
    now: int,
    abis: ErrorTable,
) -> list[RowError]:
    """Every issuance the suite's rules would refuse, by line, found before anything is sent: the import's
    registrations and claims, then each row's issuance in order, simulated on the state they produce (a
    country the rules refuse, a maximum balance, a holder cap or the supply limit reached part-way). A node
    that cannot simulate (no ``eth_simulateV1``) skips the check; the token still refuses such an issuance,
    simulated on its own before it is sent."""
    token = contracts.token
    if token is None or not to_mint:
        return []
    mints = [token.functions.mint(row.wallet, due[row.wallet]) for row in to_mint]
    calls = [step.call for step in identities if isinstance(step.call, ContractFunction)]  # no deployments
    blocks = [calls, mints] if calls else [mints]
    outcomes = simulate(w3, issuer, blocks, now, abis)
    if outcomes is None:
        return []
    errors = [
        RowError(0, "", f"{step.key} would fail: {outcome.revert.to_exception()}")
        for step, outcome in zip(identities, outcomes, strict=False)
        if outcome.revert is not None
    ]
    if errors:
        return errors
    decimals = int(call(w3, token.functions.decimals()))
    for row, outcome in zip(to_mint, outcomes[len(identities):], strict=True):
        if outcome.revert is not None:
            reason = " ".join(str(outcome.revert.to_exception()).split())
            errors.append(RowError(
                row.line,
                "amount",
                f"issuing {format_amount(due[row.wallet], decimals)} to {row.wallet} would be refused: {reason} "
                "(checked on the chain as this import leaves it, rows above included).",
            ))
    return errors


def _chunks(items: Sequence[Investor], size: int) -> Iterable[Sequence[Investor]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lines(rows: Sequence[Investor]) -> str:
    first, last = rows[0].line, rows[-1].line
    return f"line {first}" if first == last else f"lines {first}-{last}"


#: How :func:`onboard` adds claims: in the registrations and in batches, or one transaction each.
ClaimMode = Literal["batched", "each"]


def _claims_of(outcome: StepOutcome) -> list[tuple[Any, Any]]:
    """The (identity, topic) claims a mined step added."""
    payload = outcome.payload
    if outcome.kind == "claim":
        return [(payload.get("identity"), payload.get("topic"))]
    return [(identity, topic) for identity, topic, _ in payload.get("claims", [])]


def _batched_identity_steps(
    registry: Any,
    storage: Any,
    to_register: Sequence[Investor],
    to_claim: Mapping[tuple[str, int], int],
    batch_size: int,
) -> list[Step]:
    """Registrations carrying their claims, grouped by the topics they add (one list of topics per
    transaction), then the claims left (identities already registered) in batches."""
    left = dict(to_claim)
    groups: dict[tuple[int, ...], list[Investor]] = {}
    for row in to_register:
        # A claim rides with the registration when this row asks for the expiry planned for it (rows sharing
        # an identity: the first row asking for it carries it).
        topics = tuple(
            topic for topic in row.topics if left.get((row.identity, topic), -1) == row.expiry
        )
        for topic in topics:
            del left[(row.identity, topic)]
        groups.setdefault(topics, []).append(row)
    steps: list[Step] = []
    for topics, group in groups.items():
        names = "+".join(topic_name(topic) for topic in topics) or "no claims"
        for chunk in _chunks(group, batch_size):
            wallets = [row.wallet for row in chunk]
            identities = [row.identity for row in chunk]
            countries = [row.country for row in chunk]
            if topics:
                call = registry.functions.batchRegisterIdentityWithClaims(
                    wallets, identities, countries, list(topics), [row.expiry for row in chunk]
                )
            else:
                call = registry.functions.batchRegisterIdentity(wallets, identities, countries)
            steps.append(
                Step(
                    key=f"register {_lines(chunk)} with {names}",
                    kind="register",
                    call=call,
                    payload={
                        "wallets": wallets,
                        "claims": [[row.identity, topic, row.expiry] for row in chunk for topic in topics],
                    },
                )
            )
    pending = list(left.items())
    for start in range(0, len(pending), batch_size):
        chunk_claims = pending[start : start + batch_size]
        (identity, topic), _ = chunk_claims[0]
        steps.append(
            Step(
                key=f"claims {identity} {topic_name(topic)} and {len(chunk_claims) - 1} more",
                kind="claims",
                call=storage.functions.batchAddClaim(
                    [key[0] for key, _ in chunk_claims],
                    [key[1] for key, _ in chunk_claims],
                    [expiry for _, expiry in chunk_claims],
                ),
                payload={"claims": [[key[0], key[1], expiry] for key, expiry in chunk_claims]},
            )
        )
    return steps


def _type_steps(registry: Any, to_type: Mapping[str, tuple[str, int]], batch_size: int) -> list[Step]:
    """The investor types to set (identity -> (a wallet of it in the file, type)), ``batch_size`` a
    transaction; sent once the registrations are mined (a wallet must be registered for its identity's type to
    be set)."""
    pending = list(to_type.items())
    steps: list[Step] = []
    for start in range(0, len(pending), batch_size):
        chunk = pending[start : start + batch_size]
        (identity, (_, kind)) = chunk[0]
        steps.append(
            Step(
                key=f"types {identity} {investor_type_name(kind)} and {len(chunk) - 1} more",
                kind="types",
                call=registry.functions.batchSetInvestorType(
                    [wallet for _, (wallet, _) in chunk], [kind for _, (_, kind) in chunk]
                ),
                payload={"types": [[identity, wallet, kind] for identity, (wallet, kind) in chunk]},
            )
        )
    return steps


def onboard(
    w3: Web3,
    signer: Signer,
    contracts: OnboardingContracts,
    rows: Sequence[Investor],
    batch_size: int = 50,
    journal: Journal | None = None,
    progress: Callable[[OnboardingProgress], None] | None = None,
    *,
    window: int = 16,
    confirmations: int = 1,
    timeout: float = 120.0,
    retries: int = 0,
    backoff: float = 0.5,
    claims: ClaimMode = "batched",
) -> OnboardingSummary:
    """Register the rows' wallets, add their claims and issue their tokens, skipping what is done.

    First settles what an interrupted run left in ``journal``; then reads the chain and checks
    everything that could make a transaction fail (roles, conflicting registrations, expiries, issuance
    to wallets that would not be verified, ONCHAINID claims missing, invalid or by an untrusted
    ClaimIssuer), reporting every problem before anything is sent. Then imports the ONCHAINID claims of
    ONCHAINID rows (``importClaimsFromOnchainId``, one per identity, skipping claims imported and unchanged),
    sends registrations with their claims (``batchRegisterIdentityWithClaims``: rows grouped by the claims they
    add, ``batch_size`` wallets each), the claims of identities already registered (``batchAddClaim``,
    ``batch_size`` claims each), once those are mined the investor types given that the chain does not
    show (``batchSetInvestorType``, ``batch_size`` identities each), and then issuance (``batchMint``,
    ``batch_size`` wallets each). With ``claims="each"``, wallets are registered without claims and each claim is its own
    ``addClaim`` transaction (as earlier versions did).

    Args:
        w3: The connection.
        signer: Registry agent, trusted issuer of the claims' topics (not for ONCHAINID claims: anyone
            may import those), and holder of the token's supply power (as needed).
        contracts: The suite's contracts.
        rows: The investors (see :func:`parse_csv`).
        batch_size: Wallets per registration or issuance transaction.
        journal: Where transactions are journaled; ``None`` keeps them in memory only.
        progress: Called as the work is planned and as each transaction is mined.
        window: Transactions signed, journaled and broadcast together before waiting.
        confirmations: Blocks to wait for after each transaction.
        timeout: Seconds to wait for each transaction.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.
        claims: ``"batched"`` (claims in the registration or in batches) or ``"each"`` (one transaction
            per claim).

    Returns:
        The :class:`OnboardingSummary`.

    Raises:
        InvalidRowsError: something would fail; nothing was sent.
        RevertError: a transaction was refused (nothing of it sent) or reverted when mined.
        TransactionTimeoutError: a transaction was not mined in time (it stays journaled).
        ChainError: the node cannot be reached (what was sent stays journaled).
    """
    if batch_size < 1:
        raise ValidationError(f"batch size must be 1 or more, got {batch_size}.")
    if claims not in ("batched", "each"):
        raise ValidationError(f"claims must be 'batched' or 'each', got {claims!r}.")
    journal = journal if journal is not None else Journal.in_memory()
    abis = contracts.abis()
    options: dict[str, Any] = {
        "confirmations": confirmations,
        "timeout": timeout,
        "retries": retries,
        "backoff": backoff,
        "abis": abis,
    }
    summary = OnboardingSummary(investors=len(rows), journal=journal.path)
    found = journal.reconcile(w3, signer, **options)
    for outcome in found.settled:
        summary.count(outcome)
    summary.replanned = len(found.abandoned) + len(found.lost) + len(found.failed)

    issuer = signer.address
    state = _read_state(w3, contracts, rows, issuer, retries, backoff)
    found_onchain, onchain_errors = _survey_onchainid(w3, contracts, rows, retries, backoff)
    rows = [replace(row, topics=found_onchain[row.identity].topics) if row.onchainid else row for row in rows]
    minted = {
        str(wallet) for payload in journal.done_payloads("mint") for wallet in payload.get("wallets", [])
    }
    # What the transactions of an interrupted run, settled now, did is counted as done by this run, not
    # as skipped.
    settled: dict[str, set[Any]] = {"register": set(), "claim": set(), "mint": set(), "types": set()}
    for outcome in found.settled:
        settled["claim"].update(_claims_of(outcome))
        settled["types"].update(str(item[0]) for item in outcome.payload.get("types", []))
        if outcome.kind != "claim":
            settled.setdefault(outcome.kind, set()).update(outcome.payload.get("wallets", []))
    to_register = [row for row in rows if int(state.wallets[row.wallet][0], 16) == 0]
    unregistered = {row.wallet for row in to_register}
    summary.skipped_registrations = sum(
        1 for row in rows if row.wallet not in unregistered and row.wallet not in settled["register"]
    )
    wanted: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.onchainid:
            continue
        for topic in row.topics:
            wanted[(row.identity, topic)] = row.expiry
    to_claim = {key: expiry for key, expiry in wanted.items() if state.claims[key] != expiry}
    summary.skipped_claims = sum(1 for key in wanted if key not in to_claim and key not in settled["claim"])
    to_import = {
        identity: [claim for claim in found.claims if not claim.current]
        for identity, found in found_onchain.items()
    }
    summary.skipped_claims += sum(
        1
        for found in found_onchain.values()
        for claim in found.claims
        if claim.current and (claim.identity, claim.topic) not in settled["claim"]
    )
    # The amount is the holding to reach: what the wallet holds already counts (another file that lists a
    # wallet issued before issues only what is missing), and a wallet this import issued to is never
    # issued again (whatever it sold since).
    due = {row.wallet: row.amount - state.balances.get(row.wallet, 0) for row in rows}
    to_mint = [row for row in rows if row.amount > 0 and row.wallet not in minted and due[row.wallet] > 0]
    summary.skipped_mints = sum(
        1
        for row in rows
        if row.amount > 0
        and (row.wallet in minted or due[row.wallet] <= 0)
        and row.wallet not in settled["mint"]
    )

    # Investor types: set where the chain's differs from the one given, through the identity's first wallet in
    # the file (registered with it by now, or by this run's registrations, which are sent first).
    to_type: dict[str, tuple[str, int]] = {}
    typed: set[str] = set()
    for row in rows:
        if row.investor_type is None or row.identity in typed:
            continue
        typed.add(row.identity)
        if state.types[row.identity] != row.investor_type:
            to_type[row.identity] = (row.wallet, row.investor_type)
    summary.skipped_types = sum(
        1 for identity in typed if identity not in to_type and identity not in settled["types"]
    )

    needs: dict[str, bool] = {"register": bool(to_register), "mint": bool(to_mint), "types": bool(to_type)}
    needs.update({f"topic:{topic}": True for _, topic in to_claim})
    errors = onchain_errors + _check(rows, state, contracts, issuer, needs)
    if errors:
        raise InvalidRowsError(errors, "onboarding")

    registry, storage, token = contracts.registry, contracts.storage, contracts.token
    # ONCHAINID claims first: a wallet is verified from the block it is registered in.
    identities = [
        Step(
            key=f"onchainid {identity}",
            kind="onchainid",
            call=import_call(storage, found),
            payload={"claims": [[identity, claim.topic, claim.issuer] for claim in found]},
        )
        for identity, found in to_import.items()
        if found
    ]
    if claims == "batched":
        identities += _batched_identity_steps(registry, storage, to_register, to_claim, batch_size)
    else:
        identities += [
            Step(
                key=f"register {_lines(chunk)}",
                kind="register",
                call=registry.functions.batchRegisterIdentity(
                    [row.wallet for row in chunk], [row.identity for row in chunk], [row.country for row in chunk]
                ),
                payload={"wallets": [row.wallet for row in chunk]},
            )
            for chunk in _chunks(to_register, batch_size)
        ]
        identities += [
            Step(
                key=f"claim {identity} {topic_name(topic)}",
                kind="claim",
                call=storage.functions.addClaim(identity, topic, expiry),
                payload={"identity": identity, "topic": topic, "expiry": expiry},
            )
            for (identity, topic), expiry in to_claim.items()
        ]
    # Investor types are set once the registrations are mined (a round's steps must not depend on each other).
    types = _type_steps(registry, to_type, batch_size)
    issuance: list[Step] = []
    if token is not None:
        issuance = [
            Step(
                key=f"mint {_lines(chunk)}",
                kind="mint",
                call=token.functions.batchMint([row.wallet for row in chunk], [due[row.wallet] for row in chunk]),
                payload={
                    "wallets": [row.wallet for row in chunk],
                    "amounts": [str(due[row.wallet]) for row in chunk],
                },
            )
            for chunk in _chunks(to_mint, batch_size)
        ]
    refusals = _check_issuance(w3, issuer, identities + types, to_mint, due, contracts, state.now, abis)
    if refusals:
        raise InvalidRowsError(refusals, "onboarding")
    total = len(identities) + len(types) + len(issuance)
    completed = 0
    if progress is not None:
        progress(OnboardingProgress(0, total, "planned"))

    def reporter(phase: Literal["identities", "issuance"]) -> Callable[[StepOutcome], None]:
        def done(outcome: StepOutcome) -> None:
            nonlocal completed
            completed += 1
            summary.count(outcome)
            if progress is not None:
                progress(OnboardingProgress(completed, total, phase, outcome))

        return done

    journal.run(w3, signer, identities, window=window, on_done=reporter("identities"), **options)
    journal.run(w3, signer, types, window=window, on_done=reporter("identities"), **options)
    journal.run(w3, signer, issuance, window=window, on_done=reporter("issuance"), **options)
    return summary


def add_investor(
    w3: Web3,
    signer: Signer,
    contracts: OnboardingContracts,
    investor: Investor,
    *,
    journal: Journal | None = None,
    confirmations: int = 1,
    timeout: float = 120.0,
    retries: int = 0,
    backoff: float = 0.5,
) -> OnboardingSummary:
    """Onboard one investor: register the wallet, add the claims, issue the amount (what is not done yet).

    Args:
        w3: The connection.
        signer: As for :func:`onboard`.
        contracts: The suite's contracts.
        investor: The investor (see :func:`make_investor`).
        journal: Where its transactions are journaled (see :func:`open_journal`); ``None``: in memory
            (the amount is still a holding to reach: running it again issues only what the wallet lacks).
        confirmations: Blocks to wait for after each transaction.
        timeout: Seconds to wait for each transaction.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.

    Returns:
        The :class:`OnboardingSummary`.

    Raises:
        InvalidRowsError: something would fail; nothing was sent.
        RevertError: a transaction was refused or reverted.
    """
    return onboard(
        w3,
        signer,
        contracts,
        [investor],
        batch_size=1,
        journal=journal,
        window=1,
        confirmations=confirmations,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
    )


# --- reading an investor -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimInfo:
    """One claim that counts now.

    Attributes:
        topic: Its topic number.
        name: Its topic name.
        expiry: When it stops counting (:data:`NO_EXPIRY`: never).
        issuer: The trusted issuer that added it (for a claim imported from ONCHAINID, its ClaimIssuer).
        onchainid: Whether it was imported from the identity's ONCHAINID (see ``sectoken investor resync``).
    """

    topic: int
    name: str
    expiry: int
    issuer: ChecksumAddress
    onchainid: bool = False


@dataclass(frozen=True)
class InvestorInfo:
    """What the suite holds about one wallet.

    Attributes:
        wallet: The wallet.
        registered: Whether it is registered.
        identity: Its investor identity (``None`` if unregistered).
        country: ISO 3166-1 numeric (``None`` if unregistered).
        claims: The claims of its identity that count now.
        verified: Whether it holds every claim the registry requires.
        required: The topics the registry requires.
        balance: Its token balance in the smallest unit (``None`` without a token).
        frozen: Whether the wallet is frozen.
        frozen_tokens: How many of its tokens are frozen.
        decimals: The token's decimals.
        investor_type: Its identity's investor type, 0 an individual or 1 an entity (``None`` if unregistered).
        record_fresh: Whether its identity's cached claim record is fresh, read by transfers as it is (stale
            after a trust change or an expiry: see :mod:`sectoken.refresh`; ``None`` if unregistered).
    """

    wallet: ChecksumAddress
    registered: bool
    identity: ChecksumAddress | None
    country: int | None
    claims: tuple[ClaimInfo, ...]
    verified: bool
    required: tuple[int, ...]
    balance: int | None
    frozen: bool
    frozen_tokens: int
    decimals: int
    investor_type: int | None = None
    record_fresh: bool | None = None

    @property
    def type_name(self) -> str | None:
        """The investor type by name, ``individual`` or ``entity`` (``None`` if unregistered)."""
        return None if self.investor_type is None else investor_type_name(self.investor_type)

    def to_json(self) -> dict[str, Any]:
        """The record as JSON data."""
        return {
            "wallet": self.wallet,
            "registered": self.registered,
            "identity": self.identity,
            "country": self.country,
            "type": self.type_name,
            "claims": [
                {
                    "topic": c.topic,
                    "name": c.name,
                    "expiry": c.expiry,
                    "expires": format_expiry(c.expiry),
                    "issuer": c.issuer,
                    "onchainid": c.onchainid,
                }
                for c in self.claims
            ],
            "verified": self.verified,
            "claimRecordFresh": self.record_fresh,
            "required": [topic_name(t) for t in self.required],
            "balance": None if self.balance is None else format_amount(self.balance, self.decimals),
            "frozen": self.frozen,
            "frozenTokens": format_amount(self.frozen_tokens, self.decimals),
        }


def show_investor(
    w3: Web3, contracts: OnboardingContracts, wallet: str, *, retries: int = 0, backoff: float = 0.5
) -> InvestorInfo:
    """Read one wallet's registration, investor type, claims (with expiry and issuer), verification and tokens.

    Args:
        w3: The connection.
        contracts: The suite's contracts.
        wallet: The wallet.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.

    Returns:
        The :class:`InvestorInfo`.

    Raises:
        ValidationError: ``wallet`` is not an address.
    """
    address = parse_wallet(wallet)
    storage, registry, token = contracts.storage, contracts.registry, contracts.token
    identity, country, verified, _topics = call(
        w3, registry.functions.investor(address), retries=retries, backoff=backoff
    )
    registered = int(identity, 16) != 0
    required = int(call(w3, registry.functions.requiredTopics(), retries=retries, backoff=backoff))
    issuers = [
        str(a) for a in call(w3, storage.functions.getTrustedIssuers(), retries=retries, backoff=backoff)
    ]
    pairs: list[tuple[str, int]] = []
    if registered:
        topic_lists = _read_many(
            w3, [storage.functions.getTrustedIssuerClaimTopics(i) for i in issuers], retries, backoff
        )
        pairs = [
            (issuer, int(topic))
            for issuer, topics in zip(issuers, topic_lists, strict=True)
            for topic in topics
        ]
    reads: list[ContractFunction] = [
        storage.functions.claimExpiry(identity, topic, issuer) for issuer, topic in pairs
    ]
    reads += [storage.functions.importedOnchainClaim(identity, topic, issuer) for issuer, topic in pairs]
    if registered:
        reads.append(storage.functions.identityInvestorType(identity))
        reads.append(storage.functions.identityRecordFresh(identity))
    if token is not None:
        reads += [
            token.functions.balanceOf(address),
            token.functions.isFrozen(address),
            token.functions.getFrozenTokens(address),
            token.functions.decimals(),
        ]
    answers = _read_many(w3, reads, retries, backoff)
    investor_type = int(answers[2 * len(pairs)]) if registered else None
    record_fresh = bool(answers[2 * len(pairs) + 1]) if registered else None
    claims = tuple(
        sorted(
            (
                ClaimInfo(
                    topic, topic_name(topic), int(expiry), Web3.to_checksum_address(issuer), any(imported)
                )
                for (issuer, topic), expiry, imported in zip(
                    pairs, answers[: len(pairs)], answers[len(pairs) : 2 * len(pairs)], strict=True
                )
                if int(expiry) > 0
            ),
            key=lambda c: (c.topic, c.issuer),
        )
    )
    balance: int | None = None
    frozen, frozen_tokens, decimals = False, 0, 0
    if token is not None:
        balance, frozen, frozen_tokens, decimals = (
            int(answers[-4]),
            bool(answers[-3]),
            int(answers[-2]),
            int(answers[-1]),
        )
    return InvestorInfo(
        wallet=address,
        registered=registered,
        identity=Web3.to_checksum_address(identity) if registered else None,
        country=int(country) if registered else None,
        claims=claims,
        verified=bool(verified),
        required=tuple(t for t in range(MAX_TOPICS) if required >> t & 1),
        balance=balance,
        frozen=frozen,
        frozen_tokens=frozen_tokens,
        decimals=decimals,
        investor_type=investor_type,
        record_fresh=record_fresh,
    )
