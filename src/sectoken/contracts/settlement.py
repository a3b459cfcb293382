"""Delivery-versus-payment: a security token against a payment token, in one transaction or not at all.

Example:
    >>> terms = Terms(seller, buyer, token.address, 100, coin.address, 250_000 * 10**6, expiry)
    >>> trade_id, _ = dvp.with_signer(seller_signer).propose(terms)
    >>> dvp.with_signer(buyer_signer).accept(trade_id)       # both legs move, or neither
    >>> dvp.status(trade_id)
    <TradeStatus.SETTLED: 2>
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_typing import ChecksumAddress

from sectoken.contracts import ContractClient, checked_address, checked_uint
from sectoken.contracts.stablecoin import Authorization, Permit
from sectoken.errors import TransactionError, ValidationError
from sectoken.tx import Receipt

__all__ = ["DvPSettlement", "Terms", "Trade", "TradeStatus"]


class TradeStatus(IntEnum):
    """Where a trade stands (``IDvPSettlement.Status``)."""

    NONE = 0
    PENDING = 1
    SETTLED = 2
    CANCELLED = 3
    EXPIRED = 4
    REJECTED = 5


@dataclass(frozen=True)
class Terms:
    """What the two parties agree on (``IDvPSettlement.Terms``); amounts in base units."""

    seller: str
    buyer: str
    security_token: str
    security_amount: int
    payment_token: str
    payment_amount: int
    expiry: int

    def as_tuple(self) -> tuple[ChecksumAddress, ChecksumAddress, ChecksumAddress, int, ChecksumAddress, int, int]:
        """The terms as the contract's struct, validated."""
        return (
            checked_address(self.seller, "seller"),
            checked_address(self.buyer, "buyer"),
            checked_address(self.security_token, "security token"),
            checked_uint(self.security_amount, "security amount"),
            checked_address(self.payment_token, "payment token"),
            checked_uint(self.payment_amount, "payment amount"),
            checked_uint(self.expiry, "expiry", 64),
        )

    @classmethod
    def from_tuple(cls, values: Any) -> Terms:
        """Terms from the contract's struct."""
        seller, buyer, security, security_amount, payment, payment_amount, expiry = values
        return cls(
            checked_address(seller),
            checked_address(buyer),
            checked_address(security),
            int(security_amount),
            checked_address(payment),
            int(payment_amount),
            int(expiry),
        )


@dataclass(frozen=True)
class Trade:
    """A trade as stored, with its status as it stands now."""

    trade_id: int
    terms: Terms
    proposer: ChecksumAddress
    status: TradeStatus
    approved: bool


class DvPSettlement(ContractClient):
    """A deployed ``DvPSettlement``."""

    ARTIFACT = "DvPSettlement"

    # --- reads ------------------------------------------------------------------------------------

    def trade(self, trade_id: int) -> Trade:
        """A trade's terms, proposer, current status and approval."""
        terms, proposer, _stored, approved = self.call("trade", checked_uint(trade_id, "trade id"))
        return Trade(trade_id, Terms.from_tuple(terms), checked_address(proposer), self.status(trade_id), bool(approved))

    def status(self, trade_id: int) -> TradeStatus:
        """A trade's status now (a pending trade past its expiry reads as expired)."""
        return TradeStatus(int(self.call("statusOf", checked_uint(trade_id, "trade id"))))

    def trade_count(self) -> int:
        """How many trades were proposed (the last id)."""
        return int(self.call("tradeCount"))

    def hash_terms(self, terms: Terms) -> bytes:
        """The hash acceptance and approval commit to."""
        return bytes(self.call("hashTerms", terms.as_tuple()))

    def approval_required(self, security_token: str) -> bool:
        """Whether trades of ``security_token`` need an agent's approval."""
        return bool(self.call("approvalRequired", checked_address(security_token, "security token")))

    def authorization_nonce(self, trade_id: int, terms_hash: bytes) -> bytes:
        """The EIP-3009 nonce a buyer signs to accept ``trade_id`` through :meth:`accept_with_authorization`."""
        return bytes(self.call("authorizationNonce", checked_uint(trade_id, "trade id"), terms_hash))

    def _current_hash(self, trade_id: int, terms_hash: bytes | None) -> bytes:
        return terms_hash if terms_hash is not None else self.hash_terms(self.trade(trade_id).terms)

    # --- writes -----------------------------------------------------------------------------------

    def propose(self, terms: Terms) -> tuple[int, Receipt]:
        """Propose a trade as its seller or buyer.

        Returns:
            The new trade's id and the receipt.
        """
        receipt = self.transact("propose", terms.as_tuple())
        events = self.events(receipt, "TradeProposed")
        if not events:
            raise TransactionError(f"Transaction {receipt.tx_hash} proposed no trade.")
        return int(events[0]["args"]["tradeId"]), receipt

    def amend(self, trade_id: int, terms: Terms) -> Receipt:
        """Replace a pending trade's terms (its proposer); any approval is cleared."""
        return self.transact("amend", checked_uint(trade_id, "trade id"), terms.as_tuple())

    def accept(self, trade_id: int, terms_hash: bytes | None = None) -> Receipt:
        """Accept and settle a trade as the counterparty; both legs move with ``transferFrom``.

        Args:
            trade_id: The trade.
            terms_hash: The terms agreed to; by default the trade's current terms (read now).

        Raises:
            TransferRestrictedError: the security token refuses the delivery (nothing is sent).
            RevertError: ``DvPTermsMismatch``, ``DvPApprovalRequired``, missing allowances...
        """
        return self.transact("accept", checked_uint(trade_id, "trade id"), self._current_hash(trade_id, terms_hash))

    def accept_with_permit(self, trade_id: int, permit: Permit, terms_hash: bytes | None = None) -> Receipt:
        """Accept as the buyer, granting the payment allowance with a permit (to this contract) in the same
        transaction."""
        if permit.spender != self.address:
            raise ValidationError(f"The permit is for {permit.spender}, not this settlement contract {self.address}.")
        return self.transact(
            "acceptWithPermit",
            checked_uint(trade_id, "trade id"),
            self._current_hash(trade_id, terms_hash),
            permit.deadline,
            permit.v,
            permit.r,
            permit.s,
        )

    def accept_with_authorization(
        self, trade_id: int, authorization: Authorization, terms_hash: bytes | None = None
    ) -> Receipt:
        """Settle with the buyer's ``ReceiveWithAuthorization`` to this contract, whose nonce is
        :meth:`authorization_nonce` (anyone may submit it)."""
        if authorization.kind != "ReceiveWithAuthorization" or authorization.to != self.address:
            raise ValidationError("The authorization must be a ReceiveWithAuthorization to this settlement contract.")
        return self.transact(
            "acceptWithAuthorization",
            checked_uint(trade_id, "trade id"),
            self._current_hash(trade_id, terms_hash),
            authorization.valid_after,
            authorization.valid_before,
            authorization.v,
            authorization.r,
            authorization.s,
        )

    def cancel(self, trade_id: int) -> Receipt:
        """Cancel a pending trade (its proposer)."""
        return self.transact("cancel", checked_uint(trade_id, "trade id"))

    def reject(self, trade_id: int) -> Receipt:
        """Reject a pending trade (the counterparty, or an agent of either leg's token)."""
        return self.transact("reject", checked_uint(trade_id, "trade id"))

    def approve(self, trade_id: int, terms_hash: bytes | None = None) -> Receipt:
        """Approve a pending trade's terms as an agent of its security token, or of its payment token when
        that is a security token requiring approval too (each agent approves its own leg)."""
        return self.transact("approve", checked_uint(trade_id, "trade id"), self._current_hash(trade_id, terms_hash))

    def expire(self, trade_id: int) -> Receipt:
        """Mark a pending trade past its expiry as expired (anyone)."""
        return self.transact("expire", checked_uint(trade_id, "trade id"))

    def set_approval_required(self, security_token: str, required: bool) -> Receipt:
        """Require (or not) an agent's approval for every trade of ``security_token`` (an agent of it)."""
        return self.transact("setApprovalRequired", checked_address(security_token, "security token"), bool(required))
