"""Record-date distributions: balances at a block, pro rata allocation, and the Merkle tree the
``Distribution`` contract verifies claims against.

The flow is: :func:`balances_at` reads every holder's balance at the record block from the token's
``Transfer`` events (cross-checked against the node's historical state when it has it), :func:`allocate`
splits the funded total pro rata among the holders not excluded (treasury, frozen wallets), and
:func:`build_tree` turns the allocation into a :class:`DistributionTree` whose root is published on-chain
and whose :meth:`DistributionTree.proof` each holder claims with.

Leaves follow OpenZeppelin's standard Merkle tree encoding, which ``Distribution.sol`` checks with
``MerkleProof.verify``::

    leaf = keccak256(bytes.concat(keccak256(abi.encode(uint256 index, address account, uint256 amount))))

and inner nodes hash their two children in ascending byte order, so a proof is just the list of siblings.
The tree is OpenZeppelin's ``StandardMerkleTree`` (``@openzeppelin/merkle-tree``): the same root and
proofs, and :meth:`DistributionTree.dump` writes the package's JSON format, so holders can check their
claims with ``StandardMerkleTree.load(dump).verify(...)``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3 import Web3
from web3.exceptions import Web3Exception
from web3.types import FilterParams

from sectoken.errors import SectokenError, ValidationError

__all__ = [
    "LEAF_ENCODING",
    "TRANSFER_TOPIC",
    "Allocation",
    "BalanceMismatchError",
    "ClaimEntry",
    "DistributionError",
    "DistributionTree",
    "allocate",
    "balances_at",
    "build_tree",
    "claim_batches",
    "leaf_hash",
    "verify_balances",
    "verify_proof",
]

#: The Solidity types of a leaf's values, as ``Distribution.sol`` encodes them.
LEAF_ENCODING = ("uint256", "address", "uint256")

#: ``keccak256("Transfer(address,address,uint256)")``, topic 0 of every ERC-20 transfer.
TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()

_ZERO_ADDRESS = to_checksum_address("0x" + "00" * 20)

#: Amounts or balances by holder; keys may be checksummed or not.
Holdings = Mapping[ChecksumAddress, int] | Mapping[str, int]

_ERC20_READ_ABI: list[dict[str, Any]] = [
    {
        "name": "balanceOf",
        "type": "function",
        "stateMutability": "view",
        "inputs": [{"name": "account", "type": "address"}],
        "outputs": [{"name": "", "type": "uint256"}],
    },
    {
        "name": "totalSupply",
        "type": "function",
        "stateMutability": "view",
        "inputs": [],
        "outputs": [{"name": "", "type": "uint256"}],
    },
]


class DistributionError(SectokenError):
    """A distribution could not be computed from the chain's data."""


class BalanceMismatchError(DistributionError, RuntimeError):
    """Balances rebuilt from ``Transfer`` events disagree with the token's own state at the record block."""


@dataclass(frozen=True)
class Allocation:
    """How a funded total is split among holders.

    Attributes:
        amounts: Amount per holder, in ascending address order; holders whose share rounds down to zero
            are left out.
        total: The total to distribute.
        allocated: ``sum(amounts.values())``; never more than ``total``.
        dust: ``total - allocated``, lost to floor division; it stays in the contract and returns to the
            issuer with the unclaimed funds.
        eligible_supply: Sum of the balances that share in the distribution.
        excluded: Holders with a balance who were left out on purpose, in ascending address order.
    """

    amounts: dict[ChecksumAddress, int]
    total: int
    allocated: int
    dust: int
    eligible_supply: int
    excluded: tuple[ChecksumAddress, ...] = ()


@dataclass(frozen=True)
class ClaimEntry:
    """One holder's claim: the leaf's fields and the proof of it.

    Attributes:
        index: The leaf's index (its bit in the contract's claimed bitmap).
        account: The holder paid.
        amount: The amount paid.
        proof: Sibling hashes from the leaf up to the root.
    """

    index: int
    account: ChecksumAddress
    amount: int
    proof: tuple[bytes, ...] = field(default=())

    def as_tuple(self) -> tuple[int, ChecksumAddress, int, list[bytes]]:
        """The claim as the ``IDistribution.Claim`` struct, for ``batchClaim``."""
        return (self.index, self.account, self.amount, list(self.proof))


def leaf_hash(index: int, account: str, amount: int) -> bytes:
    """The Merkle leaf of ``(index, account, amount)``, as ``Distribution.leaf`` computes it.

    Args:
        index: The claim's index.
        account: The holder's address.
        amount: The amount in the payment token's base units.

    Returns:
        The 32-byte leaf.
    """
    inner = keccak(
        abi_encode(["uint256", "address", "uint256"], [index, to_checksum_address(account), amount])
    )
    return keccak(inner)


def _hash_pair(a: bytes, b: bytes) -> bytes:
    return keccak(a + b if a < b else b + a)


def verify_proof(proof: Iterable[bytes], root: bytes, leaf: bytes) -> bool:
    """Check a proof the way OpenZeppelin's ``MerkleProof.verify`` does.

    Args:
        proof: Sibling hashes from the leaf up.
        root: The tree's root.
        leaf: The leaf (see :func:`leaf_hash`).

    Returns:
        Whether the proof leads from ``leaf`` to ``root``.
    """
    node = leaf
    for sibling in proof:
        node = _hash_pair(node, sibling)
    return node == root


class DistributionTree:
    """A Merkle tree over an allocation's claims, with each holder's proof: OpenZeppelin's
    ``StandardMerkleTree`` of the values ``(index, account, amount)``.

    Claims are indexed in ascending address order. As in the standard tree, the leaves are sorted by hash
    and laid out in one array: node ``i`` hashes nodes ``2i + 1`` and ``2i + 2`` (sorted pair), the root is
    node 0, and the ``k``-th sorted leaf is node ``len(tree) - 1 - k``.

    Args:
        amounts: Amount per holder; zero amounts are refused (nothing to claim).

    Raises:
        ValidationError: If there are no claims or an amount is not a positive integer.
    """

    def __init__(self, amounts: Holdings) -> None:
        if not amounts:
            raise ValidationError("A distribution tree needs at least one claim; the allocation is empty.")
        entries: list[tuple[ChecksumAddress, int]] = []
        for account, amount in amounts.items():
            if not isinstance(amount, int) or amount <= 0:
                raise ValidationError(f"Amount for {account} must be a positive integer, got {amount!r}.")
            entries.append((to_checksum_address(account), amount))
        entries.sort(key=lambda e: int(e[0], 16))
        self._entries = entries
        self._position = {account: i for i, (account, _) in enumerate(entries)}
        leaves = sorted((leaf_hash(i, account, amount), i) for i, (account, amount) in enumerate(entries))
        tree: list[bytes] = [b""] * (2 * len(leaves) - 1)
        self._tree_index = [0] * len(leaves)  # claim index -> node
        for k, (leaf, index) in enumerate(leaves):
            tree[len(tree) - 1 - k] = leaf
            self._tree_index[index] = len(tree) - 1 - k
        for i in range(len(tree) - 1 - len(leaves), -1, -1):
            tree[i] = _hash_pair(tree[2 * i + 1], tree[2 * i + 2])
        self._tree = tree

    @property
    def root(self) -> bytes:
        """The 32-byte root to publish."""
        return self._tree[0]

    @property
    def total(self) -> int:
        """The sum of all claims: the least the distribution must be funded with."""
        return sum(amount for _, amount in self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, account: object) -> bool:
        return isinstance(account, str) and to_checksum_address(account) in self._position

    def proof(self, account: str) -> list[bytes]:
        """The proof of ``account``'s leaf.

        Args:
            account: A holder in the tree.

        Returns:
            Sibling hashes from the leaf up to the root.

        Raises:
            ValidationError: If ``account`` has no claim in this tree.
        """
        node = self._tree_index[self._index_of(account)]
        proof: list[bytes] = []
        while node > 0:
            proof.append(self._tree[node + 1 if node % 2 else node - 1])
            node = (node - 1) // 2
        return proof

    def claim(self, account: str) -> ClaimEntry:
        """``account``'s claim with its proof.

        Raises:
            ValidationError: If ``account`` has no claim in this tree.
        """
        index = self._index_of(account)
        holder, amount = self._entries[index]
        return ClaimEntry(index=index, account=holder, amount=amount, proof=tuple(self.proof(holder)))

    def claims(self) -> list[ClaimEntry]:
        """Every claim, in index order."""
        return [self.claim(account) for account, _ in self._entries]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready description (root, total, claims with hex proofs) to publish to holders."""
        return {
            "root": "0x" + self.root.hex(),
            "total": self.total,
            "claims": [
                {
                    "index": c.index,
                    "account": c.account,
                    "amount": str(c.amount),
                    "proof": ["0x" + p.hex() for p in c.proof],
                }
                for c in self.claims()
            ],
        }

    def dump(self) -> dict[str, Any]:
        """The tree in ``@openzeppelin/merkle-tree``'s JSON format (``StandardMerkleTree.dump()``,
        ``standard-v1``): ``StandardMerkleTree.load`` reads it, and each value's proof comes out as here."""
        return {
            "format": "standard-v1",
            "leafEncoding": list(LEAF_ENCODING),
            "tree": ["0x" + node.hex() for node in self._tree],
            "values": [
                {"value": [str(i), account, str(amount)], "treeIndex": self._tree_index[i]}
                for i, (account, amount) in enumerate(self._entries)
            ],
        }

    def _index_of(self, account: str) -> int:
        try:
            return self._position[to_checksum_address(account)]
        except KeyError:
            raise ValidationError(
                f"{account} has no claim in this distribution (excluded, no balance at the record block, "
                "or a share that rounds down to zero)."
            ) from None


def build_tree(allocation: Allocation) -> DistributionTree:
    """The Merkle tree of an allocation's claims.

    Args:
        allocation: The result of :func:`allocate`.

    Returns:
        The tree; publish ``tree.root`` with at least ``allocation.allocated`` funded.
    """
    return DistributionTree(allocation.amounts)


def allocate(balances: Holdings, total: int, exclude: Collection[str] = ()) -> Allocation:
    """Split ``total`` pro rata to ``balances``, leaving out ``exclude``.

    Each holder gets ``total * balance // eligible_supply``, rounded down, so the sum never exceeds
    ``total``; the difference is reported as ``dust``.

    Args:
        balances: Balance per holder at the record block.
        total: The amount to distribute, in the payment token's base units.
        exclude: Wallets that do not take part (treasury, frozen wallets).

    Returns:
        The allocation.

    Raises:
        ValidationError: If ``total`` or a balance is negative, or no holder is eligible.
    """
    if not isinstance(total, int) or total < 0:
        raise ValidationError(f"The total to distribute must be a non-negative integer, got {total!r}.")
    skip = {to_checksum_address(a) for a in exclude}
    eligible: dict[ChecksumAddress, int] = {}
    excluded: list[ChecksumAddress] = []
    for account, balance in balances.items():
        if balance < 0:
            raise ValidationError(f"Balance of {account} is negative ({balance}).")
        holder = to_checksum_address(account)
        if balance == 0:
            continue
        if holder in skip:
            excluded.append(holder)
        else:
            eligible[holder] = eligible.get(holder, 0) + balance
    supply = sum(eligible.values())
    if supply == 0:
        raise ValidationError("No holder is eligible: every holder with a balance is excluded.")
    amounts: dict[ChecksumAddress, int] = {}
    for holder in sorted(eligible, key=lambda a: int(a, 16)):
        share = total * eligible[holder] // supply
        if share:
            amounts[holder] = share
    allocated = sum(amounts.values())
    return Allocation(
        amounts=amounts,
        total=total,
        allocated=allocated,
        dust=total - allocated,
        eligible_supply=supply,
        excluded=tuple(sorted(excluded, key=lambda a: int(a, 16))),
    )


def claim_batches(
    tree: DistributionTree, size: int = 100, skip: Collection[int] = ()
) -> list[list[ClaimEntry]]:
    """Group a tree's claims into batches for ``batchClaim``.

    Args:
        tree: The distribution's tree.
        size: Claims per batch.
        skip: Indexes already paid (e.g. from ``isClaimed``); they are left out.

    Returns:
        Batches of claims in index order.

    Raises:
        ValidationError: If ``size`` is not positive.
    """
    if size <= 0:
        raise ValidationError(f"Batch size must be positive, got {size}.")
    pending = [c for c in tree.claims() if c.index not in skip]
    return [pending[i : i + size] for i in range(0, len(pending), size)]


def balances_at(
    w3: Web3,
    token_address: str,
    block: int,
    from_block: int = 0,
    *,
    page_size: int = 10_000,
    verify: bool = True,
) -> dict[ChecksumAddress, int]:
    """Every holder's balance at the end of ``block``, rebuilt from the token's ``Transfer`` events.

    Logs are fetched in pages of ``page_size`` blocks; a page the node refuses (too many results, range
    too wide) is split in halves and retried. With ``verify``, the result is checked against the token's
    ``balanceOf`` and ``totalSupply`` at ``block`` when the node serves that historical state (see
    :func:`verify_balances`).

    Args:
        w3: A connected Web3.
        token_address: The token.
        block: The record block (inclusive).
        from_block: The first block to read; the token's deployment block or earlier.
        page_size: Blocks per ``eth_getLogs`` request.
        verify: Cross-check with the historical state when available.

    Returns:
        Non-zero balances by holder, in ascending address order.

    Raises:
        ValidationError: If the block range or page size is invalid.
        DistributionError: If a balance comes out negative (``from_block`` is after the token's first
            transfers) or a log is not an ERC-20 ``Transfer``.
        BalanceMismatchError: If ``verify`` finds a difference with the historical state.
    """
    if page_size <= 0:
        raise ValidationError(f"page_size must be positive, got {page_size}.")
    latest = w3.eth.block_number
    if not 0 <= from_block <= block <= latest:
        raise ValidationError(
            f"Invalid block range {from_block}..{block}: it must lie within 0..{latest} (the latest block)."
        )
    token = to_checksum_address(token_address)
    totals: dict[ChecksumAddress, int] = {}
    for log in _logs(w3, token, from_block, block, page_size):
        topics = log["topics"]
        if len(topics) != 3:
            raise DistributionError(
                f"Log at block {log['blockNumber']} is not an ERC-20 Transfer with indexed from/to; "
                f"is {token} an ERC-20?"
            )
        sender = to_checksum_address(bytes(topics[1])[-20:])
        recipient = to_checksum_address(bytes(topics[2])[-20:])
        value = int.from_bytes(bytes(log["data"]), "big")
        totals[sender] = totals.get(sender, 0) - value
        totals[recipient] = totals.get(recipient, 0) + value
    totals.pop(_ZERO_ADDRESS, None)
    for holder, balance in totals.items():
        if balance < 0:
            raise DistributionError(
                f"{holder} would hold {balance} at block {block}: transfers before block {from_block} are "
                "missing. Start from the token's deployment block."
            )
    result = {h: totals[h] for h in sorted(totals, key=lambda a: int(a, 16)) if totals[h] > 0}
    if verify:
        verify_balances(w3, token, result, block)
    return result


def verify_balances(w3: Web3, token_address: str, balances: Holdings, block: int) -> bool:
    """Check ``balances`` against the token's state at ``block``: each ``balanceOf`` and the total supply.

    Args:
        w3: A connected Web3.
        token_address: The token.
        balances: Non-zero balances by holder, as :func:`balances_at` returns them.
        block: The record block.

    Returns:
        True if checked; False if the node does not serve the state at ``block`` (a pruned node).

    Raises:
        BalanceMismatchError: If any balance or the total supply differs.
    """
    token = w3.eth.contract(address=to_checksum_address(token_address), abi=_ERC20_READ_ABI)
    try:
        supply = int(token.functions.totalSupply().call(block_identifier=block))
    except (Web3Exception, ValueError):  # pruned nodes fail in node-specific ways
        return False
    for holder, balance in balances.items():
        actual = int(token.functions.balanceOf(to_checksum_address(holder)).call(block_identifier=block))
        if actual != balance:
            raise BalanceMismatchError(
                f"{holder}: events give {balance} at block {block}, balanceOf gives {actual}. The token may "
                "change balances without Transfer events (rebasing); use historical state instead."
            )
    rebuilt = sum(balances.values())
    if rebuilt != supply:
        raise BalanceMismatchError(
            f"Balances from events sum to {rebuilt} at block {block}, totalSupply is {supply}: transfers "
            "are missing (start from the token's deployment block) or the token mints silently."
        )
    return True


def _logs(w3: Web3, token: ChecksumAddress, start: int, end: int, page_size: int) -> Iterator[Any]:
    """Transfer logs of ``token`` in ``start..end``, in chain order, paged and split on refusal."""
    ranges: list[tuple[int, int]] = [
        (lo, min(lo + page_size - 1, end)) for lo in range(start, end + 1, page_size)
    ]
    ranges.reverse()
    while ranges:
        lo, hi = ranges.pop()
        params: FilterParams = {"address": token, "fromBlock": lo, "toBlock": hi, "topics": [TRANSFER_TOPIC]}
        try:
            page: Sequence[Any] = w3.eth.get_logs(params)
        except (Web3Exception, ValueError):  # providers refuse large ranges with assorted errors
            if lo == hi:
                raise
            mid = (lo + hi) // 2
            ranges.extend([(mid + 1, hi), (lo, mid)])
            continue
        yield from page
