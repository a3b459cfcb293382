"""ONCHAINID claims (ERC-734/735 identities of ``@onchain-id/solidity`` 2.x): find an identity's claims from
the issuers trusted here, import them once at onboarding, and resync them to pick up revocations.

An ONCHAINID claim of a topic lives in the investor's identity contract under the id
``keccak256(abi.encode(claimIssuer, topic))``; its ``ClaimIssuer`` contract says whether it is valid
(``isClaimValid``: signed by one of its CLAIM keys, not revoked). The registry's storage imports a claim
(``importClaimsFromOnchainId``) after checking exactly that and that the ClaimIssuer is trusted here for the
topic, and stores it as an ordinary claim of the ClaimIssuer, without expiry: transfers never call
ONCHAINID. A claim revoked or removed on the ONCHAINID side keeps counting until a resync
(``resyncOnchainClaim``, anyone may send it) removes it; :func:`resync` finds what changed and sends one
transaction per changed claim.

Example:
    >>> found = find_claims(w3, storage, identity, topics=None)
    >>> found.problems
    ()
    >>> reports = resync(w3, signer, storage, registry, wallets=None)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from eth_typing import ChecksumAddress
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractFunction

from sectoken import rpc
from sectoken.claims import topic_name
from sectoken.errors import SectokenError, ValidationError
from sectoken.signers import Signer
from sectoken.tx import call, contract_at, send

__all__ = [
    "STATES",
    "IdentityClaims",
    "OnchainClaim",
    "OnchainState",
    "Reader",
    "ResyncChange",
    "ResyncReport",
    "check_identity",
    "find_claims",
    "import_call",
    "resync",
]

#: What the ONCHAINID side says of a claim (``OnchainClaimState`` in ``interfaces/IOnchainIdClaims.sol``).
OnchainState = Literal[
    "valid", "issuer-not-trusted", "identity-not-contract", "claim-not-found", "claim-invalid"
]
#: The states in the order of the Solidity enum.
STATES: tuple[OnchainState, ...] = (
    "valid",
    "issuer-not-trusted",
    "identity-not-contract",
    "claim-not-found",
    "claim-invalid",
)
_WHY: dict[str, str] = {
    "issuer-not-trusted": "the ClaimIssuer is not trusted here for the topic",
    "identity-not-contract": "the identity has no code",
    "claim-not-found": "the identity does not hold it (never added, or removed)",
    "claim-invalid": "the ClaimIssuer says it is not valid (revoked, or not signed by one of its CLAIM keys)",
}
_NO_HASH = bytes(32)

#: Reads many views at once and returns their decoded answers, in order.
Reader = Callable[[Sequence[ContractFunction]], list[Any]]


def _reader(w3: Web3) -> Reader:
    return lambda functions: [call(w3, function) for function in functions]


@dataclass(frozen=True)
class OnchainClaim:
    """One ONCHAINID claim as the registry sees it.

    Attributes:
        identity: The ONCHAINID identity holding it.
        topic: Its topic.
        issuer: Its ClaimIssuer contract (the issuer it is stored under here).
        state: What the ONCHAINID side says of it now.
        signature_hash: keccak256 of its signature on the identity now (zero unless valid).
        imported: keccak256 of its signature as imported here (zero: not imported).
        counts: Whether the stored claim counts now here.
    """

    identity: ChecksumAddress
    topic: int
    issuer: ChecksumAddress
    state: OnchainState
    signature_hash: bytes
    imported: bytes
    counts: bool

    @property
    def current(self) -> bool:
        """Imported, counting, and unchanged on the ONCHAINID side: nothing to do."""
        return self.state == "valid" and self.imported == self.signature_hash and self.counts


@dataclass(frozen=True)
class IdentityClaims:
    """The claims of one identity that can be imported, or why not.

    Attributes:
        identity: The identity.
        claims: One valid claim per topic found (from a ClaimIssuer trusted here for it).
        problems: What is missing, one sentence each (empty: everything asked for was found).
    """

    identity: ChecksumAddress
    claims: tuple[OnchainClaim, ...]
    problems: tuple[str, ...]

    @property
    def topics(self) -> tuple[int, ...]:
        """The topics found, ascending."""
        return tuple(sorted(claim.topic for claim in self.claims))


def _holder(w3: Web3, identity: str) -> Contract:
    return contract_at(w3, "IOnchainIdClaimHolder", identity)


def check_identity(w3: Web3, identity: str) -> str | None:
    """Why ``identity`` cannot be an ONCHAINID identity (no code, or no answer to ERC-735's
    ``getClaimIdsByTopic``), or ``None`` if it looks like one."""
    if not w3.eth.get_code(Web3.to_checksum_address(identity)):
        return f"{identity} has no code: it is not an ONCHAINID identity (check the address and the network)."
    try:
        call(w3, _holder(w3, identity).functions.getClaimIdsByTopic(1))
    except SectokenError:
        return f"{identity} does not answer ERC-735 (getClaimIdsByTopic): it is not an ONCHAINID identity."
    return None


def _claims(
    storage: Contract, identity: ChecksumAddress, pairs: Sequence[tuple[ChecksumAddress, int]], read: Reader
) -> list[OnchainClaim]:
    """What the storage says of ``identity``'s claims by these (issuer, topic) pairs."""
    functions: list[ContractFunction] = []
    for issuer, topic in pairs:
        functions += [
            storage.functions.onchainClaimState(identity, topic, issuer),
            storage.functions.importedOnchainClaim(identity, topic, issuer),
            storage.functions.claimExpiry(identity, topic, issuer),
        ]
    answers = read(functions)
    found = []
    for i, (issuer, topic) in enumerate(pairs):
        (state, signature_hash), imported, expiry = answers[3 * i : 3 * i + 3]
        found.append(
            OnchainClaim(
                identity,
                topic,
                issuer,
                STATES[int(state)],
                bytes(signature_hash),
                bytes(imported),
                int(expiry) > 0,
            )
        )
    return found


def find_claims(
    w3: Web3,
    storage: Contract,
    identity: str,
    topics: Sequence[int] | None = None,
    *,
    read: Reader | None = None,
) -> IdentityClaims:
    """Find the claims of ``identity`` that can be imported: for each topic, a claim the identity holds by a
    ClaimIssuer trusted here for the topic, which that ClaimIssuer says is valid.

    Args:
        w3: The connection.
        storage: The ``IdentityRegistryStorage``.
        identity: The ONCHAINID identity.
        topics: The topics wanted (each must be found); ``None``: every topic an issuer trusted here may
            attest, those found are taken (at least one must be).
        read: How to read many views (default: one call each).

    Returns:
        The :class:`IdentityClaims`, with a sentence per problem.
    """
    read = read or _reader(w3)
    address = Web3.to_checksum_address(identity)
    problem = check_identity(w3, address)
    if problem is not None:
        return IdentityClaims(address, (), (problem,))
    issuers = [Web3.to_checksum_address(a) for a in call(w3, storage.functions.getTrustedIssuers())]
    issuer_topics = read([storage.functions.getTrustedIssuerClaimTopics(issuer) for issuer in issuers])
    pairs = [
        (issuer, int(topic))
        for issuer, listed in zip(issuers, issuer_topics, strict=True)
        for topic in listed
        if topics is None or int(topic) in topics
    ]
    checked = _claims(storage, address, pairs, read)
    chosen: dict[int, OnchainClaim] = {}
    for claim in checked:
        if claim.state == "valid":
            chosen.setdefault(claim.topic, claim)
    problems: list[str] = []
    wanted = sorted(set(topics)) if topics is not None else []
    for topic in wanted:
        if topic not in chosen:
            problems.append(_missing(w3, address, topic, [c for c in checked if c.topic == topic]))
    if topics is None and not chosen:
        trusted = sorted({topic for _, topic in pairs})
        names = ", ".join(topic_name(t) for t in trusted) or "none"
        problems.append(
            f"{address} holds no valid claim by a ClaimIssuer trusted here (topics trusted issuers attest: {names})."
        )
    return IdentityClaims(address, tuple(chosen[t] for t in sorted(chosen)), tuple(problems))


def _missing(w3: Web3, identity: ChecksumAddress, topic: int, checked: Sequence[OnchainClaim]) -> str:
    """Why no claim of ``topic`` can be imported for ``identity``, naming every claim seen."""
    name = f"{topic_name(topic)} ({topic})"
    reasons = [
        f"by {claim.issuer}: {_WHY[claim.state]}" for claim in checked if claim.state != "claim-not-found"
    ]
    trusted = {claim.issuer for claim in checked}
    holder = _holder(w3, identity)
    try:
        held = [
            call(w3, holder.functions.getClaim(i))[2]
            for i in call(w3, holder.functions.getClaimIdsByTopic(topic))
        ]
    except SectokenError:  # a non-standard identity: the reasons above stand alone
        held = []
    for issuer in map(Web3.to_checksum_address, held):
        if issuer not in trusted:
            reasons.append(f"by {issuer}: not trusted here for {topic_name(topic)}")
    if not trusted:
        reasons.insert(0, "no ClaimIssuer is trusted here for it")
    if not reasons:
        reasons.append(
            "the identity holds none by the ClaimIssuers trusted for it (" + ", ".join(sorted(trusted)) + ")"
        )
    return f"{identity} has no valid {name} claim to import: " + "; ".join(reasons) + "."


def import_call(storage: Contract, claims: Sequence[OnchainClaim]) -> ContractFunction:
    """The transaction importing ``claims`` (all of one identity) into the storage."""
    identities = {claim.identity for claim in claims}
    if len(identities) != 1:
        raise ValidationError("import_call takes the claims of exactly one identity.")
    return storage.functions.importClaimsFromOnchainId(
        identities.pop(), [claim.topic for claim in claims], [claim.issuer for claim in claims]
    )


# --- resync ----------------------------------------------------------------------------------------

#: What a resync did to one imported claim.
ResyncOutcome = Literal["unchanged", "renewed", "removed"]


@dataclass(frozen=True)
class ResyncChange:
    """One imported claim, re-checked.

    Attributes:
        topic: Its topic.
        issuer: Its ClaimIssuer.
        outcome: ``unchanged``; ``renewed`` (still valid, stored again: a new signature, or its issuer
            trusted again); ``removed`` (no longer valid on the ONCHAINID side, or issuer untrusted).
        state: What the ONCHAINID side says now.
    """

    topic: int
    issuer: ChecksumAddress
    outcome: ResyncOutcome
    state: OnchainState

    def to_json(self) -> dict[str, Any]:
        """The change as JSON data."""
        return {
            "topic": self.topic,
            "name": topic_name(self.topic),
            "issuer": self.issuer,
            "outcome": self.outcome,
            "state": self.state,
        }


@dataclass
class ResyncReport:
    """What :func:`resync` found and did for one wallet.

    Attributes:
        wallet: The wallet.
        identity: Its ONCHAINID identity.
        changes: Each imported claim of the identity, re-checked.
        verified_before: Whether the wallet was verified before.
        verified_after: Whether it is verified after.
        transactions: Transactions sent for it (shared with the other wallets of the identity: counted once).
        gas_used: Their gas.
    """

    wallet: ChecksumAddress
    identity: ChecksumAddress
    changes: list[ResyncChange] = field(default_factory=list)
    verified_before: bool = False
    verified_after: bool = False
    transactions: int = 0
    gas_used: int = 0

    @property
    def changed(self) -> bool:
        """Whether any claim was renewed or removed."""
        return any(change.outcome != "unchanged" for change in self.changes)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON data."""
        return {
            "wallet": self.wallet,
            "identity": self.identity,
            "changed": self.changed,
            "claims": [change.to_json() for change in self.changes],
            "verifiedBefore": self.verified_before,
            "verifiedAfter": self.verified_after,
            "transactions": self.transactions,
            "gasUsed": self.gas_used,
        }


def _imported_pairs(
    storage: Contract, identities: Sequence[str] | None, from_block: int
) -> dict[ChecksumAddress, list[tuple[ChecksumAddress, int]]]:
    """The (issuer, topic) pairs ever imported, by identity, from the storage's ``OnchainClaimImported`` events
    (read once, in block ranges the node accepts: :func:`sectoken.rpc.event_logs`)."""
    wanted = None if identities is None else {Web3.to_checksum_address(identity) for identity in identities}
    found: dict[ChecksumAddress, list[tuple[ChecksumAddress, int]]] = {}
    for log in rpc.event_logs(storage.w3, storage, "OnchainClaimImported", from_block):
        identity = Web3.to_checksum_address(log["args"]["identity"])
        if wanted is not None and identity not in wanted:
            continue
        pairs = found.setdefault(identity, [])
        pair = (Web3.to_checksum_address(log["args"]["claimIssuer"]), int(log["args"]["topic"]))
        if pair not in pairs:
            pairs.append(pair)
    return found


def _wallets_of(
    storage: Contract, identities: Sequence[str], from_block: int
) -> dict[ChecksumAddress, list[ChecksumAddress]]:
    """The wallets stored now for each of ``identities``, from the storage's ``IdentityStored`` events."""
    wanted = set(identities)
    wallets: dict[ChecksumAddress, list[ChecksumAddress]] = {}
    for log in rpc.event_logs(storage.w3, storage, "IdentityStored", from_block):
        identity = Web3.to_checksum_address(log["args"]["identity"])
        wallet = Web3.to_checksum_address(log["args"]["investorAddress"])
        if identity in wanted and wallet not in wallets.get(identity, []):
            wallets.setdefault(identity, []).append(wallet)
    return {
        identity: [w for w in found if call(storage.w3, storage.functions.storedIdentity(w)) == identity]
        for identity, found in wallets.items()
    }


def resync(
    w3: Web3,
    signer: Signer,
    storage: Contract,
    registry: Contract,
    wallets: Sequence[str] | None = None,
    *,
    from_block: int = 0,
    confirmations: int = 1,
    timeout: float = 120.0,
) -> list[ResyncReport]:
    """Re-check the ONCHAINID claims imported for ``wallets`` (or every wallet whose identity has any) and
    send a ``resyncOnchainClaim`` for each one that changed: removed when revoked or removed on the
    ONCHAINID side or its issuer is no longer trusted, stored again when still valid but changed. A claim
    that did not change costs no transaction.

    Args:
        w3: The connection.
        signer: Sends the resync transactions (anyone may).
        storage: The ``IdentityRegistryStorage``.
        registry: The ``IdentityRegistry`` (for whether each wallet is verified before and after).
        wallets: The wallets; ``None``: every wallet stored for an identity with imported claims.
        from_block: Where to start reading the storage's events (its deployment block).
        confirmations: Blocks to wait for after each transaction.
        timeout: Seconds to wait for each transaction.

    Returns:
        One :class:`ResyncReport` per wallet, in the order given (``None``: by identity, then wallet).

    Raises:
        ValidationError: a wallet is not registered.
        RevertError: a resync transaction was refused (nothing of it sent).
    """
    if wallets is None:
        pairs = _imported_pairs(storage, None, from_block)
        by_identity = _wallets_of(storage, sorted(pairs), from_block)
        targets = [(wallet, identity) for identity in sorted(by_identity) for wallet in by_identity[identity]]
    else:
        targets = []
        for wallet in wallets:
            address = Web3.to_checksum_address(wallet)
            identity = Web3.to_checksum_address(call(w3, storage.functions.storedIdentity(address)))
            if int(identity, 16) == 0:
                raise ValidationError(f"{address} is not registered: nothing to resync.")
            targets.append((address, identity))
        pairs = _imported_pairs(storage, sorted({identity for _, identity in targets}), from_block)
    reports = [
        ResyncReport(wallet, identity, verified_before=bool(call(w3, registry.functions.isVerified(wallet))))
        for wallet, identity in targets
    ]
    read = _reader(w3)
    changes: dict[str, list[ResyncChange]] = {}
    for report in reports:
        if report.identity in changes:  # another wallet of the same identity: already resynced
            report.changes = list(changes[report.identity])
            continue
        found = changes.setdefault(report.identity, [])
        for claim in _claims(storage, report.identity, pairs.get(report.identity, []), read):
            if claim.imported == _NO_HASH:
                continue  # removed by an earlier resync
            outcome: ResyncOutcome = (
                "unchanged" if claim.current else "renewed" if claim.state == "valid" else "removed"
            )
            found.append(ResyncChange(claim.topic, claim.issuer, outcome, claim.state))
            if outcome == "unchanged":
                continue
            receipt = send(
                w3,
                signer,
                storage.functions.resyncOnchainClaim(claim.identity, claim.topic, claim.issuer),
                confirmations=confirmations,
                timeout=timeout,
                abis=[storage.abi, registry.abi],
            )
            report.transactions += 1
            report.gas_used += receipt.gas_used
        report.changes = list(found)
    for report in reports:
        report.verified_after = bool(call(w3, registry.functions.isVerified(report.wallet)))
    return reports
