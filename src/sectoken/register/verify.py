"""``verify``: reconcile the register with the chain at the synced block.

Every wallet the register knows is read from the chain at the synced block, in JSON-RPC batches: its
token balance, frozen amount and wallet freeze, its identity, country and investor type in the registry,
and its stablecoin balance; and the token's and stablecoin's total supplies and the number of holders (investor
identities with a balance, as the cap table counts them). Each is compared with what the register holds.
A wallet holding tokens the register never saw shows up in the total supply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from web3.contract import Contract

from sectoken import rpc
from sectoken.errors import ValidationError
from sectoken.register.store import ZERO, FollowedSuite, Investor, Register, backfill_pending
from sectoken.suite import Suite

__all__ = ["Difference", "VerifyReport", "holder_count", "verify"]


@dataclass(frozen=True)
class Difference:
    """One fact on which the register and the chain disagree.

    Attributes:
        what: ``balance``, ``frozen``, ``walletFrozen``, ``identity``, ``country``, ``investorType`` (of
            the wallet's identity; 0 for an unregistered wallet, as the registry answers),
            ``stablecoinBalance``, ``totalSupply``, ``stablecoinSupply`` or ``holders``.
        wallet: The wallet (``None`` for totals).
        register: The register's value.
        chain: The chain's value.
    """

    what: str
    wallet: str | None
    register: str
    chain: str


@dataclass(frozen=True)
class VerifyReport:
    """The reconciliation of a suite's register with the chain.

    Attributes:
        suite: The suite's name.
        block: The synced block compared at.
        wallets: Wallets compared.
        holders: Holders by the register.
        total_supply: The token's total supply by the register.
        differences: Every disagreement (none: the register is right).
    """

    suite: str
    block: int
    wallets: int
    holders: int
    total_supply: int
    differences: tuple[Difference, ...]

    @property
    def ok(self) -> bool:
        """Whether the register agrees with the chain on everything."""
        return not self.differences

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (amounts as strings)."""
        return {
            "suite": self.suite, "block": self.block, "wallets": self.wallets, "holders": self.holders,
            "totalSupply": str(self.total_supply), "ok": self.ok,
            "differences": [
                {"what": d.what, "wallet": d.wallet, "register": d.register, "chain": d.chain} for d in self.differences
            ],
        }


def holder_count(balances: Mapping[str, int], investors: Mapping[str, Investor]) -> int:
    """Distinct investor identities holding a balance (an unregistered wallet counts on its own)."""
    owners = set()
    for wallet, balance in balances.items():
        if balance:
            identity = investors[wallet].identity if wallet in investors else ZERO
            owners.add(identity if identity != ZERO else wallet)
    return len(owners)


def _reads(contract: Contract, function: str, wallets: list[str]) -> list[tuple[str, bytes]]:
    encode = rpc.calldata(contract, function)
    return [(contract.address, encode(w)) for w in wallets]


def _total_supply(w3: Any, contract: Contract, block: int) -> int:
    (result,) = rpc.call_many(w3, [(contract.address, rpc.calldata(contract, "totalSupply")())], block, ["uint256"])
    assert result is not None
    return int(result[0])


def _column(w3: Any, contract: Contract, function: str, wallets: list[str], block: int, kind: str) -> list[Any]:
    return [None if r is None else r[0] for r in rpc.call_many(w3, _reads(contract, function, wallets), block, [kind])]


def verify(w3: Any, suite: Suite, register: Register) -> VerifyReport:
    """Compare the register of ``suite`` with the chain at the register's synced block.

    Args:
        w3: The connection.
        suite: The suite.
        register: The register.

    Returns:
        The report; :attr:`VerifyReport.ok` is false when anything differs.

    Raises:
        ValidationError: the register has not synced the suite, or has events to read again first.
        ChainError: the node refused a read (e.g. it no longer keeps the state of the synced block).
    """
    followed = register.suite(suite.chain_id, suite.token.address)
    if followed is None or followed.synced_block is None:
        raise ValidationError(f"The register has not synced suite '{suite.name}': run `sectoken register sync` first.")
    if followed.backfills:
        raise ValidationError(backfill_pending(followed))
    block = followed.synced_block
    wallets = register.wallets(followed)
    differences: list[Difference] = []
    held = register.balances_at(followed, block)
    people = register.investors_at(followed, block)
    kinds = register.investor_types_at(followed, block)
    frozen = register.freezes_at(followed, block)
    token = suite.token.contract
    chain_held = dict(zip(wallets, _column(w3, token, "balanceOf", wallets, block, "uint256"), strict=True))
    chain_frozen = _column(w3, token, "getFrozenTokens", wallets, block, "uint256")
    chain_flag = _column(w3, token, "isFrozen", wallets, block, "bool")
    registry = suite.registry.contract
    chain_identity = _column(w3, registry, "identity", wallets, block, "address")
    chain_country = _column(w3, registry, "investorCountry", wallets, block, "uint16")
    chain_kind = _column(w3, registry, "investorType", wallets, block, "uint8")
    chain_people: dict[str, Investor] = {}
    for i, wallet in enumerate(wallets):
        mine_tokens, mine_flag = frozen.get(wallet, (0, False))
        identity = rpc.checksum(chain_identity[i])
        chain_people[wallet] = Investor(identity, int(chain_country[i]))
        mine = people.get(wallet, Investor(ZERO, 0))
        pairs = (
            ("balance", held.get(wallet, 0), chain_held[wallet]),
            ("frozen", mine_tokens, chain_frozen[i]),
            ("walletFrozen", mine_flag, bool(chain_flag[i])),
            ("identity", mine.identity, identity),
            ("country", mine.country, int(chain_country[i])),
            ("investorType", 0 if mine.identity == ZERO else kinds.get(mine.identity, 0), int(chain_kind[i])),
        )
        differences.extend(Difference(what, wallet, str(a), str(b)) for what, a, b in pairs if a != b)
    supply = _total_supply(w3, token, block)
    mine_supply = sum(held.values())
    if mine_supply != supply:
        differences.append(Difference("totalSupply", None, str(mine_supply), str(supply)))
    mine_holders = holder_count(held, people)
    chain_holders = holder_count(chain_held, chain_people)
    if mine_holders != chain_holders:
        differences.append(Difference("holders", None, str(mine_holders), str(chain_holders)))
    if suite.stablecoin is not None:
        differences.extend(_stablecoin(w3, suite, register, followed, block))
    return VerifyReport(suite.name, block, len(wallets), mine_holders, mine_supply, tuple(differences))


def _stablecoin(w3: Any, suite: Suite, register: Register, followed: FollowedSuite, block: int) -> list[Difference]:
    assert suite.stablecoin is not None
    coin = suite.stablecoin.contract
    held = register.balances_at(followed, block, "stablecoin")
    wallets = sorted(set(held) | set(register.wallets(followed)), key=lambda a: int(a, 16))
    chain = _column(w3, coin, "balanceOf", wallets, block, "uint256")
    found = [Difference("stablecoinBalance", w, str(held.get(w, 0)), str(c))
             for w, c in zip(wallets, chain, strict=True) if held.get(w, 0) != c]
    supply = _total_supply(w3, coin, block)
    if sum(held.values()) != supply:
        found.append(Difference("stablecoinSupply", None, str(sum(held.values())), str(supply)))
    return found
