"""Record-date distributions paid with Merkle claims (dividends, coupons).

The tooling in :mod:`sectoken.distribution` computes balances at the record block, the pro rata
allocation and the tree; this wrapper publishes the root, funds it and pays the claims.

Example:
    >>> tree = build_tree(allocate(balances_at(w3, token.address, block), 1_000 * 10**6))
    >>> coin.approve(distributor.address, tree.total)
    >>> dist_id, _ = distributor.create(token.address, coin.address, tree, record_block=block, deadline=t)
    >>> distributor.batch_claim(dist_id, tree.claims())
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eth_typing import ChecksumAddress

from sectoken.contracts import ContractClient, checked_address, checked_uint
from sectoken.distribution import ClaimEntry, DistributionTree
from sectoken.errors import TransactionError, ValidationError
from sectoken.tx import Receipt

__all__ = ["Distribution", "DistributionInfo"]


@dataclass(frozen=True)
class DistributionInfo:
    """A distribution as stored (``IDistribution.DistributionInfo``)."""

    distribution_id: int
    issuer: ChecksumAddress
    deadline: int
    reclaimed: bool
    security: ChecksumAddress
    record_block: int
    payment_token: ChecksumAddress
    root: bytes
    funded: int
    claimed: int

    @property
    def remaining(self) -> int:
        """What is left to pay out (or to reclaim)."""
        return self.funded - self.claimed


class Distribution(ContractClient):
    """A deployed ``Distribution`` contract (serves many distributions)."""

    ARTIFACT = "Distribution"

    def count(self) -> int:
        """How many distributions were created (the last id)."""
        return int(self.call("distributionCount"))

    def info(self, distribution_id: int) -> DistributionInfo:
        """A distribution's stored record."""
        issuer, deadline, reclaimed, security, record_block, payment, root, funded, claimed = self.call(
            "distribution", checked_uint(distribution_id, "distribution id")
        )
        return DistributionInfo(
            distribution_id,
            checked_address(issuer),
            int(deadline),
            bool(reclaimed),
            checked_address(security),
            int(record_block),
            checked_address(payment),
            bytes(root),
            int(funded),
            int(claimed),
        )

    def is_claimed(self, distribution_id: int, index: int) -> bool:
        """Whether leaf ``index`` has been paid."""
        return bool(self.call("isClaimed", checked_uint(distribution_id, "distribution id"), checked_uint(index, "index")))

    def leaf(self, index: int, account: str, amount: int) -> bytes:
        """The Merkle leaf of ``(index, account, amount)`` as the contract computes it."""
        return bytes(self.call("leaf", checked_uint(index, "index"), checked_address(account, "account"), checked_uint(amount)))

    def create(
        self,
        security: str,
        payment_token: str,
        tree: DistributionTree | bytes,
        *,
        record_block: int,
        deadline: int,
        funded: int | None = None,
    ) -> tuple[int, Receipt]:
        """Publish a distribution and fund it from the signer (an agent of ``security``, who approved
        ``funded`` of ``payment_token`` to this contract).

        Args:
            security: The security whose holders are paid.
            payment_token: The ERC-20 paid.
            tree: The :class:`~sectoken.distribution.DistributionTree`, or its root.
            record_block: The block the amounts were computed at (in the past).
            deadline: Last unix time claims are paid.
            funded: Total to fund; by default the tree's total.

        Returns:
            The new distribution's id and the receipt.
        """
        if isinstance(tree, DistributionTree):
            root, total = tree.root, tree.total
        else:
            root, total = bytes(tree), None
        if len(root) != 32:
            raise ValidationError(f"A Merkle root is 32 bytes, not {len(root)}.")
        amount = funded if funded is not None else total
        if amount is None:
            raise ValidationError("Give `funded` when publishing a bare root.")
        if total is not None and amount < total:
            raise ValidationError(f"Funding {amount} is less than the tree's total {total}.")
        receipt = self.transact(
            "createDistribution",
            checked_address(security, "security"),
            checked_address(payment_token, "payment token"),
            root,
            checked_uint(amount, "funded", 128),
            checked_uint(record_block, "record block", 64),
            checked_uint(deadline, "deadline", 64),
        )
        events = self.events(receipt, "DistributionCreated")
        if not events:
            raise TransactionError(f"Transaction {receipt.tx_hash} created no distribution.")
        return int(events[0]["args"]["distributionId"]), receipt

    def claim(self, distribution_id: int, entry: ClaimEntry) -> Receipt:
        """Pay one holder's claim (anyone may submit it; the holder is paid)."""
        return self.transact(
            "claim",
            checked_uint(distribution_id, "distribution id"),
            entry.index,
            entry.account,
            entry.amount,
            list(entry.proof),
        )

    def batch_claim(self, distribution_id: int, entries: Sequence[ClaimEntry]) -> tuple[int, Receipt]:
        """Pay many claims at once; claims already paid are skipped.

        Returns:
            How many claims this call paid, and the receipt.
        """
        if not entries:
            raise ValidationError("Give at least one claim.")
        receipt = self.transact(
            "batchClaim", checked_uint(distribution_id, "distribution id"), [entry.as_tuple() for entry in entries]
        )
        return len(self.events(receipt, "Claimed")), receipt

    def reclaim(self, distribution_id: int) -> tuple[int, Receipt]:
        """After the deadline, return what was not paid out to the issuer (anyone may call).

        Returns:
            The amount returned and the receipt.
        """
        receipt = self.transact("reclaim", checked_uint(distribution_id, "distribution id"))
        events = self.events(receipt, "Reclaimed")
        return (int(events[0]["args"]["amount"]) if events else 0), receipt
