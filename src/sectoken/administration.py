"""A transfer agent's standing work on a deployed suite: agents and their powers, trusted issuers, the
claim topics every investor must hold, and claims revoked or renewed.

Every function takes the :class:`~sectoken.suite.Suite` (bound to the signer who acts) and goes through the
typed clients, so every transaction is simulated before it is sent and a refusal arrives decoded.

Example:
    >>> grant(suite, agent, ["supply", "freeze"])
    >>> [(a.account, a.roles) for a in agents(suite)]
    [('0xf39F...', ('supply', 'freeze', 'transfer', 'recovery', 'pause', 'registry')), ('0x7099...', ('supply', 'freeze'))]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eth_typing import ChecksumAddress
from web3 import Web3
from web3.types import FilterParams

from sectoken.claims import parse_topic, topic_name
from sectoken.contracts import ContractClient, checked_address
from sectoken.contracts.registry import NO_EXPIRY
from sectoken.contracts.token import ROLES
from sectoken.errors import ValidationError
from sectoken.investors import format_expiry
from sectoken.suite import Suite
from sectoken.tx import Receipt

__all__ = [
    "AGENT_ROLES",
    "Agent",
    "ClaimRecord",
    "TrustedIssuer",
    "agents",
    "claim_of",
    "grant",
    "parse_roles",
    "renew_claim",
    "revoke",
    "revoke_claim",
    "trusted_issuers",
]

#: Every power an agent may hold, by name: the token's five and ``registry`` (registers investors,
#: changes their country or identity, deletes them).
AGENT_ROLES: tuple[str, ...] = (*ROLES, "registry")


@dataclass(frozen=True)
class Agent:
    """An account with at least one agent power.

    Attributes:
        account: The account.
        roles: Its powers, by name, in the order of :data:`AGENT_ROLES`.
    """

    account: ChecksumAddress
    roles: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The agent as JSON data."""
        return {"account": self.account, "roles": list(self.roles), "tokenAgent": set(ROLES) <= set(self.roles)}


@dataclass(frozen=True)
class TrustedIssuer:
    """An issuer whose claims count, and the topics it may attest."""

    address: ChecksumAddress
    topics: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        """The issuer as JSON data."""
        return {"issuer": self.address, "topics": [topic_name(t) for t in self.topics]}


@dataclass(frozen=True)
class ClaimRecord:
    """A claim as the storage holds it after a change."""

    wallet: ChecksumAddress
    identity: ChecksumAddress
    topic: int
    issuer: ChecksumAddress
    expiry: int

    def to_json(self) -> dict[str, Any]:
        """The claim as JSON data (``expires``: an ISO date, or ``never``; ``0``-expiry: revoked)."""
        return {
            "wallet": self.wallet,
            "identity": self.identity,
            "topic": topic_name(self.topic),
            "issuer": self.issuer,
            "expires": None if self.expiry == 0 else format_expiry(self.expiry),
        }


def parse_roles(values: Iterable[str]) -> tuple[str, ...]:
    """Power names (``supply``, ``FREEZE_ROLE``, ``registry``; ``all`` for every one) in canonical order.

    Raises:
        ValidationError: an unknown name (the message lists the known ones).
    """
    chosen: set[str] = set()
    for value in values:
        for part in str(value).split(","):
            key = part.strip().lower().removesuffix("_role")
            if not key:
                continue
            if key == "all":
                chosen.update(AGENT_ROLES)
            elif key in AGENT_ROLES:
                chosen.add(key)
            else:
                raise ValidationError(f"Unknown agent power {part.strip()!r}: choose from {', '.join(AGENT_ROLES)}, all.")
    return tuple(role for role in AGENT_ROLES if role in chosen)


def _roles_of(suite: Suite, account: str) -> tuple[str, ...]:
    held = [role for role in ROLES if suite.token.has_role(role, account)]
    if suite.registry.is_agent(account):
        held.append("registry")
    return tuple(held)


def grant(suite: Suite, account: str, roles: Sequence[str] = AGENT_ROLES) -> list[Receipt]:
    """Give ``account`` the powers ``roles`` it lacks (the token's owner, and the registry's for ``registry``).

    All five token powers at once go through ``addAgent`` (ERC-3643's agent), fewer through ``grantRole``.

    Returns:
        One receipt per transaction sent (none when the account held them all already).
    """
    account = checked_address(account, "agent")
    wanted = parse_roles(roles)
    held = set(_roles_of(suite, account))
    missing = [role for role in wanted if role not in held and role in ROLES]
    receipts: list[Receipt] = []
    if len(missing) == len(ROLES):
        receipts.append(suite.token.add_agent(account))
    else:
        receipts.extend(suite.token.grant_role(role, account) for role in missing)
    if "registry" in wanted and "registry" not in held:
        receipts.append(suite.registry.add_agent(account))
    return receipts


def revoke(suite: Suite, account: str, roles: Sequence[str] = AGENT_ROLES) -> list[Receipt]:
    """Take the powers ``roles`` from ``account`` (those it holds).

    Raises:
        ValidationError: ``account`` holds none of them (nothing is sent).
    """
    account = checked_address(account, "agent")
    wanted = parse_roles(roles)
    held = set(_roles_of(suite, account))
    present = [role for role in wanted if role in held and role in ROLES]
    if not present and not ("registry" in wanted and "registry" in held):
        raise ValidationError(f"{account} holds none of the powers {', '.join(wanted)}: nothing to remove.")
    receipts: list[Receipt] = []
    if len(present) == len(ROLES):
        receipts.append(suite.token.remove_agent(account))
    else:
        receipts.extend(suite.token.revoke_role(role, account) for role in present)
    if "registry" in wanted and "registry" in held:
        receipts.append(suite.registry.remove_agent(account))
    return receipts


def _event_accounts(client: ContractClient, event: str, argument: str, from_block: int) -> list[ChecksumAddress]:
    """The accounts named by ``argument`` in every ``event`` the contract emitted since ``from_block``."""
    w3: Web3 = client.w3
    kind = client.contract.events[event]()
    params: FilterParams = {
        "address": client.address,
        "fromBlock": from_block,
        "toBlock": "latest",
        "topics": [kind.topic],
    }
    return [Web3.to_checksum_address(kind.process_log(log)["args"][argument]) for log in w3.eth.get_logs(params)]


def agents(suite: Suite) -> list[Agent]:
    """Every account holding an agent power now (the owner included if it holds any), in order of first
    appointment. Found from the token's ``RoleGranted`` and the registry's ``AgentAdded`` events, each
    checked against the chain."""
    blocks = [record.block_number for name, record in suite.record.contracts.items()
              if name in ("token", "identityRegistry") and record.block_number is not None]
    start = min(blocks) if blocks else 0
    found = _event_accounts(suite.token, "RoleGranted", "account", start)
    found += _event_accounts(suite.registry, "AgentAdded", "_agent", start)
    result = []
    for account in dict.fromkeys(found):
        roles = _roles_of(suite, account)
        if roles:
            result.append(Agent(account, roles))
    return result


def trusted_issuers(suite: Suite) -> list[TrustedIssuer]:
    """The trusted issuers of the suite's storage and the topics each may attest."""
    return [TrustedIssuer(issuer, suite.storage.issuer_topics(issuer)) for issuer in suite.storage.trusted_issuers()]


def _identity(suite: Suite, wallet: str) -> ChecksumAddress:
    wallet = checked_address(wallet, "wallet")
    identity = suite.registry.identity(wallet)
    if int(identity, 16) == 0:
        raise ValidationError(f"{wallet} is not registered: claims are kept per identity; register it first.")
    return identity


def claim_of(suite: Suite, wallet: str, topic: int | str, issuer: str) -> ClaimRecord:
    """The claim of ``topic`` by ``issuer`` on ``wallet``'s identity (expiry 0: none)."""
    identity = _identity(suite, wallet)
    number = parse_topic(topic)
    issuer = checked_address(issuer, "issuer")
    expiry = suite.storage.claim_expiry(identity, number, issuer)
    return ClaimRecord(checked_address(wallet), identity, number, issuer, expiry)


def renew_claim(suite: Suite, wallet: str, topic: int | str, expiry: int = NO_EXPIRY) -> tuple[ClaimRecord, ClaimRecord, Receipt]:
    """Re-issue the signer's claim of ``topic`` on ``wallet``'s identity with a new ``expiry`` (a lapsed
    claim too: renewing is what it needs).

    Returns:
        The claim before (expiry 0: lapsed or none), the claim after, and the receipt.

    Raises:
        ValidationError: no signer, or ``wallet`` is not registered.
    """
    signer = suite.storage.signer
    if signer is None:
        raise ValidationError("Renewing a claim needs a signer: the issuer of the claim.")
    before = claim_of(suite, wallet, topic, signer.address)
    receipt = suite.storage.add_claim(before.identity, before.topic, expiry)
    return before, claim_of(suite, wallet, topic, signer.address), receipt


def revoke_claim(suite: Suite, wallet: str, topic: int | str) -> tuple[ClaimRecord, Receipt]:
    """Revoke the signer's claim of ``topic`` on ``wallet``'s identity (it stops counting at once, and the
    issuer's signed claims for the identity not submitted yet with it).

    Returns:
        The claim as it was, and the receipt.

    Raises:
        RevertError: ``ClaimNotFound``: the signer issued no such claim.
    """
    signer = suite.storage.signer
    if signer is None:
        raise ValidationError("Revoking a claim needs a signer: the issuer of the claim.")
    before = claim_of(suite, wallet, topic, signer.address)
    return before, suite.storage.revoke_claim(before.identity, before.topic)
