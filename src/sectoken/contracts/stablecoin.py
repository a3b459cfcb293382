"""The stablecoin behind its ERC-1967 proxy: minters (with allowances and rate limits), reserves and their
reports, blacklist, lawful orders (seize, wipe), redemption requests, pause, and signed approvals.

:meth:`Stablecoin.deploy_proxy` deploys an implementation and a :class:`StablecoinProxy` initialised in
its constructor. The ``sign_*`` helpers produce EIP-2612 permits and EIP-3009 authorizations with any
:class:`~sectoken.signers.Signer` (nothing is sent); the matching methods submit them.

Example:
    >>> coin, _, _ = Stablecoin.deploy_proxy(w3, owner, "Sectoken USD", "stUSD", "USD", 6)
    >>> coin.attest_reserves(5_000_000 * 10**6, report_uri="https://...")
    >>> coin.configure_minter(owner.address, 1_000_000 * 10**6)
    >>> coin.mint(alice, 250 * 10**6)
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any, Self

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.artifacts import load as load_artifact
from sectoken.contracts import ContractClient, checked_address, checked_uint
from sectoken.errors import SignerError, ValidationError
from sectoken.signers import Signer
from sectoken.tx import Receipt, deploy

__all__ = [
    "AUTHORIZATION_TYPES",
    "INITIAL_ROLES",
    "ROLE_NAMES",
    "Attestation",
    "Authorization",
    "Permit",
    "RateLimit",
    "Redemption",
    "RedemptionStatus",
    "ReserveReport",
    "Stablecoin",
    "order_reference",
    "redemption_due",
]

#: Role name -> (getter, updater) on the stablecoin.
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "master_minter": ("masterMinter", "updateMasterMinter"),
    "pauser": ("pauser", "updatePauser"),
    "blacklister": ("blacklister", "updateBlacklister"),
    "rescuer": ("rescuer", "updateRescuer"),
    "attester": ("reserveAttester", "updateReserveAttester"),
    "enforcer": ("enforcer", "updateEnforcer"),
}
#: The roles ``initialize`` sets; the enforcer is appointed by the owner afterwards (none until then).
INITIAL_ROLES = ("owner", "master_minter", "pauser", "blacklister", "rescuer", "attester")

_AUTH_FIELDS = [
    {"name": "from", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "validAfter", "type": "uint256"},
    {"name": "validBefore", "type": "uint256"},
    {"name": "nonce", "type": "bytes32"},
]
#: EIP-712 types of the stablecoin's signed messages.
AUTHORIZATION_TYPES: dict[str, list[dict[str, str]]] = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ],
    "TransferWithAuthorization": _AUTH_FIELDS,
    "ReceiveWithAuthorization": _AUTH_FIELDS,
    "CancelAuthorization": [
        {"name": "authorizer", "type": "address"},
        {"name": "nonce", "type": "bytes32"},
    ],
}
_ZERO_HASH = b"\x00" * 32


@dataclass(frozen=True)
class Attestation:
    """The latest reserve attestation.

    Attributes:
        amount: Attested reserves in base units (0 before the first).
        as_of: The time it speaks for (0 before the first).
        report_hash: The report's hash.
    """

    amount: int
    as_of: int
    report_hash: bytes


@dataclass(frozen=True)
class ReserveReport:
    """One recorded reserve attestation.

    Attributes:
        index: Its number (from 0).
        amount: Attested reserves in base units.
        as_of: The time it speaks for.
        period_start: The start of the period the report covers.
        period_end: The end of that period.
        report_hash: The report's digest.
        report_uri: Where the report can be read.
    """

    index: int
    amount: int
    as_of: int
    period_start: int
    period_end: int
    report_hash: bytes
    report_uri: str


@dataclass(frozen=True)
class RateLimit:
    """A minter's rate limit and its use (all zero: no limit).

    Attributes:
        limit: The most it may mint per window, in base units.
        window: The window's length in seconds.
        minted: What it has minted in the current window (0 if none is open).
        window_ends_at: When the current window ends (0 if none is open: the next mint opens one).
    """

    limit: int
    window: int
    minted: int
    window_ends_at: int

    @property
    def limited(self) -> bool:
        """Whether the minter has a rate limit."""
        return self.window != 0

    @property
    def available(self) -> int:
        """What it may still mint in the current window (the whole limit if none is open)."""
        return max(self.limit - self.minted, 0)


class RedemptionStatus(IntEnum):
    """Where a redemption request stands (the contract's ``RedemptionStatus``)."""

    NONE = 0
    REQUESTED = 1
    ACKNOWLEDGED = 2
    COMPLETED = 3
    REJECTED = 4

    @property
    def open(self) -> bool:
        """Whether the request still waits for the issuer."""
        return self in (RedemptionStatus.REQUESTED, RedemptionStatus.ACKNOWLEDGED)


@dataclass(frozen=True)
class Redemption:
    """A redemption request.

    Attributes:
        id: Its id (from 1).
        holder: Who asked.
        amount: The amount in escrow, in base units.
        ref: The holder's 32-byte reference.
        status: Where it stands.
        requested_at: When it was asked.
        acknowledged_at: When the issuer acknowledged it (0 until then).
        closed_at: When it was completed or rejected (0 while open).
    """

    id: int
    holder: ChecksumAddress
    amount: int
    ref: bytes
    status: RedemptionStatus
    requested_at: int
    acknowledged_at: int
    closed_at: int

    @property
    def due_at(self) -> int:
        """When it should be paid: one business day after the request (see :func:`redemption_due`)."""
        return redemption_due(self.requested_at)


def redemption_due(requested_at: int) -> int:
    """One business day after ``requested_at``: the same time on the next weekday (UTC).

    A simplified model of a T+1 redemption expectation: Saturdays and Sundays are skipped, public holidays
    are not known. A request on Friday (or over the weekend) is due on Monday.

    Args:
        requested_at: Unix time of the request.

    Returns:
        The unix time by which it should be paid.
    """
    due = datetime.fromtimestamp(requested_at, UTC) + timedelta(days=1)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return int(due.timestamp())


def order_reference(text: str) -> bytes:
    """The 32-byte reference of a lawful order: ``0x`` and 64 hex digits as given, or text of at most 32
    UTF-8 bytes (a case number) padded with zero bytes, so that explorers show it as text.

    Raises:
        ValidationError: empty, or longer than 32 bytes and not hex.
    """
    if text.startswith("0x") and len(text) == 66:
        try:
            raw = bytes.fromhex(text[2:])
        except ValueError:
            raise ValidationError(f"Order reference {text!r} is not 32 bytes of hexadecimal.") from None
    else:
        raw = text.encode()
        if len(raw) > 32:
            raise ValidationError(
                f"Order reference {text!r} is {len(raw)} bytes: give at most 32, or its hash as 0x and 64 hex digits."
            )
        raw = raw.ljust(32, b"\x00")
    if raw == bytes(32):
        raise ValidationError("An order reference cannot be empty or zero.")
    return raw


@dataclass(frozen=True)
class Permit:
    """An EIP-2612 permit signed by ``owner``."""

    owner: ChecksumAddress
    spender: ChecksumAddress
    value: int
    nonce: int
    deadline: int
    v: int
    r: bytes
    s: bytes

    @property
    def signature(self) -> bytes:
        """The 65-byte ``r || s || v`` signature."""
        return self.r + self.s + bytes([self.v])


@dataclass(frozen=True)
class Authorization:
    """An EIP-3009 authorization (transfer, receive or cancel) signed by ``authorizer``.

    Attributes:
        kind: ``"TransferWithAuthorization"``, ``"ReceiveWithAuthorization"`` or ``"CancelAuthorization"``.
        authorizer: The payer (or, for a cancellation, the authorizer).
        to: The payee (zero for a cancellation).
        value: Base units (0 for a cancellation).
        valid_after: Not valid until after this time.
        valid_before: Not valid from this time on.
        nonce: The unique 32-byte nonce.
        v: Signature ``v``.
        r: Signature ``r``.
        s: Signature ``s``.
    """

    kind: str
    authorizer: ChecksumAddress
    to: ChecksumAddress
    value: int
    valid_after: int
    valid_before: int
    nonce: bytes
    v: int
    r: bytes
    s: bytes

    @property
    def signature(self) -> bytes:
        """The 65-byte ``r || s || v`` signature."""
        return self.r + self.s + bytes([self.v])


def _ref32(ref: bytes, *, allow_zero: bool = False) -> bytes:
    if len(ref) != 32:
        raise ValidationError(f"A reference is 32 bytes, not {len(ref)} (see order_reference).")
    if not allow_zero and bytes(ref) == bytes(32):
        raise ValidationError("An order reference cannot be zero.")
    return bytes(ref)


def _nonce32(nonce: bytes | None) -> bytes:
    if nonce is None:
        return secrets.token_bytes(32)
    if len(nonce) != 32:
        raise ValidationError(f"An EIP-3009 nonce is 32 bytes, not {len(nonce)}.")
    return bytes(nonce)


class Stablecoin(ContractClient):
    """A deployed stablecoin (the proxy's address, with the ``Stablecoin`` ABI)."""

    ARTIFACT = "Stablecoin"

    @classmethod
    def deploy_proxy(
        cls,
        w3: Web3,
        signer: Signer,
        name: str,
        symbol: str,
        currency: str = "USD",
        decimals: int = 6,
        roles: Mapping[str, str] | None = None,
        **send_options: Any,
    ) -> tuple[Self, Receipt, Receipt]:
        """Deploy an implementation and a proxy initialised in its constructor.

        Args:
            w3: The connection.
            signer: The deployer.
            name: Token name (also the EIP-712 domain name).
            symbol: Token symbol.
            currency: ISO 4217 code of the backing currency.
            decimals: Decimals.
            roles: Holders of ``owner``, ``master_minter``, ``pauser``, ``blacklister``, ``rescuer`` and
                ``attester``; any not given is the deployer. The enforcer is appointed afterwards by the owner
                (:meth:`update_role`).
            **send_options: Options of :func:`sectoken.tx.send`.

        Returns:
            The client (at the proxy), the implementation's receipt and the proxy's receipt.
        """
        chosen = cls._roles(signer.address, roles)  # a wrong role name costs nothing
        implementation, implementation_receipt = deploy(w3, signer, "Stablecoin", **send_options)
        data = cls.initialize_data(w3, signer.address, name, symbol, currency, decimals, chosen)
        proxy, proxy_receipt = deploy(w3, signer, "StablecoinProxy", implementation, data, **send_options)
        client = cls(w3, proxy, signer, confirmations=int(send_options.get("confirmations", 1)))
        return client, implementation_receipt, proxy_receipt

    @staticmethod
    def _roles(deployer: str, roles: Mapping[str, str] | None) -> dict[str, ChecksumAddress]:
        chosen = {role: checked_address(deployer) for role in INITIAL_ROLES}
        for role, account in (roles or {}).items():
            if role not in chosen:
                raise ValidationError(f"Unknown stablecoin role {role!r}: choose from {', '.join(chosen)}.")
            chosen[role] = checked_address(account, role)
        return chosen

    @classmethod
    def initialize_data(
        cls,
        w3: Web3,
        deployer: str,
        name: str,
        symbol: str,
        currency: str = "USD",
        decimals: int = 6,
        roles: Mapping[str, str] | None = None,
    ) -> bytes:
        """The ``initialize`` call a :class:`StablecoinProxy` is constructed with (see :meth:`deploy_proxy`).

        Args:
            w3: The connection (only to encode the call).
            deployer: Whoever holds the roles not given in ``roles``.
            name: Token name.
            symbol: Token symbol.
            currency: ISO 4217 code of the backing currency.
            decimals: Decimals.
            roles: Holders of ``owner``, ``master_minter``, ``pauser``, ``blacklister``, ``rescuer`` and
                ``attester``.

        Returns:
            The call data.
        """
        chosen = cls._roles(deployer, roles)
        logic = w3.eth.contract(abi=load_artifact("Stablecoin").abi)
        data = logic.encode_abi(
            "initialize",
            args=[
                name,
                symbol,
                currency,
                checked_uint(decimals, "decimals", 8),
                chosen["owner"],
                chosen["master_minter"],
                chosen["pauser"],
                chosen["blacklister"],
                chosen["rescuer"],
                chosen["attester"],
            ],
        )
        return bytes.fromhex(data.removeprefix("0x"))

    # --- reads ------------------------------------------------------------------------------------

    def name(self) -> str:
        """The token's name."""
        return str(self.call("name"))

    def symbol(self) -> str:
        """The token's symbol."""
        return str(self.call("symbol"))

    def decimals(self) -> int:
        """The token's decimals."""
        return int(self.call("decimals"))

    def currency(self) -> str:
        """The ISO 4217 code of the backing currency."""
        return str(self.call("currency"))

    def total_supply(self) -> int:
        """Tokens in issue, in base units."""
        return int(self.call("totalSupply"))

    def balance_of(self, account: str) -> int:
        """The balance of ``account``."""
        return int(self.call("balanceOf", checked_address(account, "account")))

    def allowance(self, owner: str, spender: str) -> int:
        """What ``spender`` may spend of ``owner``'s tokens."""
        return int(self.call("allowance", checked_address(owner, "owner"), checked_address(spender, "spender")))

    def owner(self) -> ChecksumAddress:
        """The owner."""
        return checked_address(self.call("owner"))

    def version(self) -> str:
        """The EIP-712 domain version (``"2"``, FiatToken v2's ``version()``)."""
        return str(self.call("version"))

    def role(self, role: str) -> ChecksumAddress:
        """The holder of ``role`` (``master_minter``, ``pauser``, ``blacklister``, ``rescuer``, ``attester``,
        ``enforcer``; the zero address for an enforcer not yet appointed)."""
        if role == "owner":
            return self.owner()
        if role not in ROLE_NAMES:
            raise ValidationError(f"Unknown stablecoin role {role!r}: choose from owner, {', '.join(ROLE_NAMES)}.")
        return checked_address(self.call(ROLE_NAMES[role][0]))

    def is_minter(self, account: str) -> bool:
        """Whether ``account`` is a minter."""
        return bool(self.call("isMinter", checked_address(account, "account")))

    def minter_allowance(self, minter: str) -> int:
        """How much ``minter`` may still mint."""
        return int(self.call("minterAllowance", checked_address(minter, "minter")))

    def rate_limit(self, minter: str) -> RateLimit:
        """The rate limit of ``minter`` and its use in the current window."""
        limit, window, minted, ends_at = self.call("minterRateLimit", checked_address(minter, "minter"))
        return RateLimit(int(limit), int(window), int(minted), int(ends_at))

    def paused(self) -> bool:
        """Whether the token is paused."""
        return bool(self.call("paused"))

    def is_blacklisted(self, account: str) -> bool:
        """Whether ``account`` is blacklisted."""
        return bool(self.call("isBlacklisted", checked_address(account, "account")))

    def reserve_attestation(self) -> Attestation:
        """The latest reserve attestation."""
        amount, as_of, report_hash = self.call("reserveAttestation")
        return Attestation(int(amount), int(as_of), bytes(report_hash))

    def reserve_report_count(self) -> int:
        """How many attestations have been recorded."""
        return int(self.call("reserveReportCount"))

    def reserve_report(self, index: int) -> ReserveReport:
        """Recorded attestation number ``index`` (from 0).

        Raises:
            RevertError: ``StablecoinUnknownReserveReport`` if there is no such report.
        """
        amount, as_of, start, end, digest, uri = self.call("reserveReport", checked_uint(index, "index"))
        return ReserveReport(int(index), int(amount), int(as_of), int(start), int(end), bytes(digest), str(uri))

    def reserve_reports(self) -> list[ReserveReport]:
        """Every recorded attestation, oldest first."""
        return [self.reserve_report(i) for i in range(self.reserve_report_count())]

    def redemption_count(self) -> int:
        """How many redemption requests have been made (ids run from 1 to this number)."""
        return int(self.call("redemptionCount"))

    def redemption(self, redemption_id: int) -> Redemption:
        """Redemption request ``redemption_id`` (status ``NONE`` if there is none)."""
        holder, requested_at, status, amount, acknowledged_at, closed_at, ref = self.call(
            "redemption", checked_uint(redemption_id, "redemption id")
        )
        return Redemption(
            int(redemption_id), checked_address(holder), int(amount), bytes(ref), RedemptionStatus(int(status)),
            int(requested_at), int(acknowledged_at), int(closed_at),
        )

    def redemptions(self, *, open_only: bool = True) -> list[Redemption]:
        """Redemption requests, oldest first: only those still open unless ``open_only`` is false."""
        found = [self.redemption(i) for i in range(1, self.redemption_count() + 1)]
        return [r for r in found if r.status.open or not open_only]

    def max_attestation_age(self) -> int:
        """How old (seconds) the latest attestation may be for a mint."""
        return int(self.call("maxAttestationAge"))

    def mintable_under_reserves(self) -> int:
        """How much may be minted now under the reserve cap (minter allowances apply on top)."""
        return int(self.call("mintableUnderReserves"))

    def nonces(self, owner: str) -> int:
        """The EIP-2612 nonce of ``owner``."""
        return int(self.call("nonces", checked_address(owner, "owner")))

    def authorization_state(self, authorizer: str, nonce: bytes) -> bool:
        """Whether an EIP-3009 ``nonce`` of ``authorizer`` is used or cancelled."""
        return bool(self.call("authorizationState", checked_address(authorizer, "authorizer"), _nonce32(nonce)))

    # --- minting and reserves ------------------------------------------------------------------------

    def configure_minter(self, minter: str, allowance: int) -> Receipt:
        """Make ``minter`` a minter with ``allowance`` (master minter; replaces any previous allowance)."""
        return self.transact("configureMinter", checked_address(minter, "minter"), checked_uint(allowance, "allowance"))

    def configure_rate_limit(self, minter: str, limit: int, window: int) -> Receipt:
        """Limit ``minter`` to ``limit`` base units per ``window`` seconds (master minter); both 0 remove it.

        Raises:
            RevertError: ``StablecoinInvalidRateLimit`` (nothing is sent).
        """
        return self.transact(
            "configureMinterRateLimit",
            checked_address(minter, "minter"),
            checked_uint(limit, "limit"),
            checked_uint(window, "window"),
        )

    def remove_minter(self, minter: str) -> Receipt:
        """Remove ``minter`` (master minter)."""
        return self.transact("removeMinter", checked_address(minter, "minter"))

    def mint(self, recipient: str, amount: int) -> Receipt:
        """Mint ``amount`` to ``recipient`` within the signer's minter allowance and the attested reserves.

        Raises:
            RevertError: ``StablecoinMinterAllowanceExceeded``, ``StablecoinMinterRateLimitExceeded``,
                ``StablecoinReserveExceeded``,
                ``StablecoinAttestationStale``, ``StablecoinBlacklisted``, ``StablecoinPaused``...
                (nothing is sent).
        """
        return self.transact("mint", checked_address(recipient, "recipient"), checked_uint(amount))

    def burn(self, amount: int) -> Receipt:
        """Burn ``amount`` of the signer's own balance (a minter redeeming tokens)."""
        return self.transact("burn", checked_uint(amount))

    def attest_reserves(
        self,
        amount: int,
        *,
        as_of: int | None = None,
        report_hash: bytes = _ZERO_HASH,
        report_uri: str = "",
        period: tuple[int, int] | None = None,
    ) -> Receipt:
        """Post a reserve attestation (reserve attester); it is recorded in the report history.

        Args:
            amount: Attested reserves in base units.
            as_of: The time it speaks for; by default the latest block's time (one second after the
                previous attestation if that is not later).
            report_hash: The report's 32-byte hash.
            report_uri: Where the report can be read.
            period: The (start, end) the report covers, ``start <= end <= as_of``; by default the instant
                ``as_of``.

        Raises:
            RevertError: ``StablecoinInvalidReportPeriod``, ``StablecoinAttestationNotNewer``... (nothing
                is sent).
        """
        if len(report_hash) != 32:
            raise ValidationError(f"A report hash is 32 bytes, not {len(report_hash)}.")
        if as_of is None:
            latest = int(self.w3.eth.get_block("latest")["timestamp"])
            as_of = max(latest, self.reserve_attestation().as_of + 1)
        args = [checked_uint(amount), checked_uint(as_of, "as_of", 64), bytes(report_hash), str(report_uri)]
        if period is None:
            return self.transact("attestReserves", *args)
        start, end = (checked_uint(t, "period", 64) for t in period)
        return self.transact("attestReserveReport", *args, start, end)

    def set_max_attestation_age(self, seconds: int) -> Receipt:
        """Set the maximum attestation age (owner)."""
        return self.transact("setMaxAttestationAge", checked_uint(seconds, "max age", 64))

    # --- controls -------------------------------------------------------------------------------------

    def blacklist(self, account: str) -> Receipt:
        """Blacklist ``account`` (blacklister)."""
        return self.transact("blacklist", checked_address(account, "account"))

    def unblacklist(self, account: str) -> Receipt:
        """Remove ``account`` from the blacklist (blacklister)."""
        return self.transact("unBlacklist", checked_address(account, "account"))

    def seize(self, account: str, recipient: str, order_ref: bytes) -> Receipt:
        """Move the whole balance of the blacklisted ``account`` to ``recipient`` under a lawful order (enforcer).

        Args:
            account: The frozen holder.
            recipient: The recovery address named by the order.
            order_ref: The order's 32-byte reference (see :func:`order_reference`).

        Raises:
            RevertError: ``StablecoinNotBlacklisted``, ``StablecoinBlacklisted`` (the recipient),
                ``StablecoinNotEnforcer``... (nothing is sent).
        """
        return self.transact(
            "seize", checked_address(account, "account"), checked_address(recipient, "recipient"), _ref32(order_ref)
        )

    def wipe(self, account: str, order_ref: bytes) -> Receipt:
        """Burn the whole balance of the blacklisted ``account`` under a lawful order (enforcer).

        Raises:
            RevertError: ``StablecoinNotBlacklisted``, ``StablecoinNotEnforcer``... (nothing is sent).
        """
        return self.transact("wipe", checked_address(account, "account"), _ref32(order_ref))

    def request_redemption(self, amount: int, ref: bytes = _ZERO_HASH) -> Receipt:
        """Ask to redeem ``amount`` of the signer's tokens at par; they go into escrow at once."""
        return self.transact("requestRedemption", checked_uint(amount), _ref32(ref, allow_zero=True))

    def acknowledge_redemption(self, redemption_id: int) -> Receipt:
        """Acknowledge a redemption request (a minter)."""
        return self.transact("acknowledgeRedemption", checked_uint(redemption_id, "redemption id"))

    def complete_redemption(self, redemption_id: int) -> Receipt:
        """Complete an acknowledged redemption request once the fiat is paid: its escrow is burnt (a minter)."""
        return self.transact("completeRedemption", checked_uint(redemption_id, "redemption id"))

    def reject_redemption(self, redemption_id: int) -> Receipt:
        """Reject an open redemption request: its escrow goes back to the holder (a minter)."""
        return self.transact("rejectRedemption", checked_uint(redemption_id, "redemption id"))

    def pause(self) -> Receipt:
        """Pause the token (pauser)."""
        return self.transact("pause")

    def unpause(self) -> Receipt:
        """Unpause the token (pauser)."""
        return self.transact("unpause")

    def rescue(self, token: str, recipient: str, amount: int) -> Receipt:
        """Send ``amount`` of an ERC-20 ``token`` held by the stablecoin contract to ``recipient`` (rescuer)."""
        return self.transact(
            "rescueERC20", checked_address(token, "token"), checked_address(recipient, "recipient"), checked_uint(amount)
        )

    def update_role(self, role: str, account: str) -> Receipt:
        """Give ``role`` to ``account`` (owner); ``owner`` transfers ownership."""
        target = checked_address(account, role)
        if role == "owner":
            return self.transact("transferOwnership", target)
        if role not in ROLE_NAMES:
            raise ValidationError(f"Unknown stablecoin role {role!r}: choose from owner, {', '.join(ROLE_NAMES)}.")
        return self.transact(ROLE_NAMES[role][1], target)

    # --- ERC-20 ---------------------------------------------------------------------------------------

    def transfer(self, recipient: str, amount: int) -> Receipt:
        """Transfer ``amount`` from the signer."""
        return self.transact("transfer", checked_address(recipient, "recipient"), checked_uint(amount))

    def approve(self, spender: str, amount: int) -> Receipt:
        """Let ``spender`` spend ``amount`` of the signer's tokens."""
        return self.transact("approve", checked_address(spender, "spender"), checked_uint(amount))

    def increase_allowance(self, spender: str, increment: int) -> Receipt:
        """Raise the signer's allowance to ``spender`` by ``increment`` (FiatToken v2)."""
        return self.transact("increaseAllowance", checked_address(spender, "spender"), checked_uint(increment))

    def decrease_allowance(self, spender: str, decrement: int) -> Receipt:
        """Lower the signer's allowance to ``spender`` by ``decrement`` (FiatToken v2)."""
        return self.transact("decreaseAllowance", checked_address(spender, "spender"), checked_uint(decrement))

    def transfer_from(self, sender: str, recipient: str, amount: int) -> Receipt:
        """Transfer with the signer's allowance."""
        return self.transact(
            "transferFrom", checked_address(sender, "sender"), checked_address(recipient, "recipient"), checked_uint(amount)
        )

    # --- signed approvals ------------------------------------------------------------------------------

    def domain(self) -> dict[str, Any]:
        """The EIP-712 domain: (name, "2", chain id, the proxy)."""
        return {
            "name": self.name(),
            "version": "2",
            "chainId": int(self.w3.eth.chain_id),
            "verifyingContract": self.address,
        }

    def _sign(self, signer: Signer, primary: str, message: dict[str, Any]) -> tuple[int, bytes, bytes]:
        try:
            signed = signer.sign_typed_data(self.domain(), {primary: AUTHORIZATION_TYPES[primary]}, message)
        except (TypeError, ValueError) as error:
            raise SignerError(f"Could not sign {primary} as {signer.address}: {type(error).__name__}.") from None
        return int(signed.v), int(signed.r).to_bytes(32, "big"), int(signed.s).to_bytes(32, "big")

    def sign_permit(
        self, owner: Signer, spender: str, value: int, deadline: int, *, nonce: int | None = None
    ) -> Permit:
        """Sign an EIP-2612 permit as ``owner``. Nothing is sent.

        Args:
            owner: The token holder's signer.
            spender: Who may spend.
            value: Base units.
            deadline: Last unix time the permit may be used.
            nonce: The owner's permit nonce (read from the chain by default).
        """
        message: dict[str, Any] = {
            "owner": owner.address,
            "spender": checked_address(spender, "spender"),
            "value": checked_uint(value),
            "nonce": self.nonces(owner.address) if nonce is None else checked_uint(nonce, "nonce"),
            "deadline": checked_uint(deadline, "deadline"),
        }
        v, r, s = self._sign(owner, "Permit", message)
        return Permit(owner.address, message["spender"], message["value"], message["nonce"], message["deadline"], v, r, s)

    def sign_authorization(
        self,
        payer: Signer,
        to: str,
        value: int,
        *,
        valid_after: int = 0,
        valid_before: int,
        nonce: bytes | None = None,
        receive: bool = False,
    ) -> Authorization:
        """Sign an EIP-3009 ``TransferWithAuthorization`` (or ``ReceiveWithAuthorization``) as ``payer``.

        Args:
            payer: The payer's signer.
            to: The payee.
            value: Base units.
            valid_after: Not valid until after this time.
            valid_before: Not valid from this time on.
            nonce: A unique 32-byte nonce (random by default).
            receive: Sign a ``ReceiveWithAuthorization`` (only the payee may submit it).
        """
        kind = "ReceiveWithAuthorization" if receive else "TransferWithAuthorization"
        message: dict[str, Any] = {
            "from": payer.address,
            "to": checked_address(to, "payee"),
            "value": checked_uint(value),
            "validAfter": checked_uint(valid_after, "valid_after"),
            "validBefore": checked_uint(valid_before, "valid_before"),
            "nonce": _nonce32(nonce),
        }
        v, r, s = self._sign(payer, kind, message)
        return Authorization(
            kind, payer.address, message["to"], message["value"], message["validAfter"], message["validBefore"],
            message["nonce"], v, r, s,
        )

    def sign_cancel(self, authorizer: Signer, nonce: bytes) -> Authorization:
        """Sign an EIP-3009 ``CancelAuthorization`` of ``nonce`` as ``authorizer``."""
        message: dict[str, Any] = {"authorizer": authorizer.address, "nonce": _nonce32(nonce)}
        v, r, s = self._sign(authorizer, "CancelAuthorization", message)
        zero = checked_address("0x" + "00" * 20)
        return Authorization("CancelAuthorization", authorizer.address, zero, 0, 0, 0, message["nonce"], v, r, s)

    def permit(self, permit: Permit) -> Receipt:
        """Submit a signed permit (anyone may send it)."""
        return self.transact(
            "permit(address,address,uint256,uint256,bytes)",
            permit.owner, permit.spender, permit.value, permit.deadline, permit.signature,
        )

    def submit_authorization(self, authorization: Authorization) -> Receipt:
        """Submit a signed EIP-3009 authorization of any kind (a receive authorization by its payee only)."""
        a = authorization
        if a.kind == "CancelAuthorization":
            return self.transact("cancelAuthorization(address,bytes32,bytes)", a.authorizer, a.nonce, a.signature)
        if a.kind not in ("TransferWithAuthorization", "ReceiveWithAuthorization"):
            raise ValidationError(f"Unknown authorization kind {a.kind!r}.")
        name = "transferWithAuthorization" if a.kind == "TransferWithAuthorization" else "receiveWithAuthorization"
        return self.transact(
            f"{name}(address,address,uint256,uint256,uint256,bytes32,bytes)",
            a.authorizer, a.to, a.value, a.valid_after, a.valid_before, a.nonce, a.signature,
        )
