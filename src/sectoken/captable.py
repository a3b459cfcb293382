"""The cap table: who holds the security, by investor and by jurisdiction, at any block.

Balances are rebuilt from the token's ``Transfer`` events up to the block (:func:`sectoken.distribution.
balances_at`, cross-checked against historical state where the node serves it); each holder's identity
country and investor type are read from the identity registry at the same block. Holders are counted by investor
identity, as the compliance rules count them: two wallets of one investor are one holder.

Example:
    >>> table = cap_table(w3, token_address, registry_address)
    >>> for row in table.by_country:
    ...     print(row.alpha2, row.holders, row.balance)
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.countries import country as lookup_country
from sectoken.distribution import balances_at
from sectoken.errors import ValidationError
from sectoken.inputs import investor_type_name
from sectoken.tx import call, contract_at

__all__ = ["CapTable", "Holding", "JurisdictionRow", "assemble", "cap_table", "write_chart"]

ZERO = "0x0000000000000000000000000000000000000000"


@dataclass(frozen=True)
class Holding:
    """One wallet's position at the cap table's block.

    Attributes:
        wallet: The holding wallet.
        identity: The investor identity it belongs to (zero if the wallet is not registered).
        country: ISO 3166-1 numeric code of the investor (0 if unregistered).
        balance: Balance in base units.
        investor_type: The investor type of its identity: 0 an individual, 1 an entity (``None`` if the
            wallet is not registered).
    """

    wallet: ChecksumAddress
    identity: ChecksumAddress
    country: int
    balance: int
    investor_type: int | None


@dataclass(frozen=True)
class JurisdictionRow:
    """The holdings of one country.

    Attributes:
        country: ISO 3166-1 numeric code (0: wallets not registered).
        alpha2: Alpha-2 code (``"--"`` for unregistered wallets).
        name: Country name.
        holders: Distinct investor identities holding a balance.
        wallets: Wallets holding a balance.
        balance: Sum of their balances in base units.
        share: Fraction of the total supply (0 to 1).
    """

    country: int
    alpha2: str
    name: str
    holders: int
    wallets: int
    balance: int
    share: float


@dataclass(frozen=True)
class CapTable:
    """Holdings at one block, by wallet and by country (largest position first).

    ``source`` says where the holdings were read: ``"chain"`` (events and state from the node) or
    ``"register"`` (the synced database, see :mod:`sectoken.register`).
    """

    token: ChecksumAddress
    block: int
    decimals: int
    symbol: str
    total_supply: int
    holdings: tuple[Holding, ...]
    by_country: tuple[JurisdictionRow, ...]
    source: str = "chain"

    @property
    def holders(self) -> int:
        """Distinct investor identities holding a balance."""
        return len({h.identity if h.identity != ZERO else h.wallet for h in self.holdings})

    def units(self, amount: int, *, grouping: bool = True) -> str:
        """Format a base-unit amount in token units (``1,234.5``; ``1234.5`` without grouping)."""
        whole, frac = divmod(amount, 10**self.decimals)
        text = f"{whole:,}" if grouping else str(whole)
        return f"{text}.{frac:0{self.decimals}d}".rstrip("0").rstrip(".") if frac else text

    def to_json(self) -> str:
        """The table as JSON (amounts in base units, as strings, to survive any JSON reader; each holding's
        investor type as ``"type"``: ``"individual"``, ``"entity"`` or ``null`` for an unregistered wallet)."""
        data = asdict(self)
        data["total_supply"] = str(self.total_supply)
        for h in data["holdings"]:
            h["balance"] = str(h["balance"])
            h["type"] = _type_name(h.pop("investor_type"))
        for row in data["by_country"]:
            row["balance"] = str(row["balance"])
        return json.dumps(data, indent=2)

    def to_csv(self) -> str:
        """One line per wallet: wallet, identity, country, alpha2, balance (token units), type
        (``individual``, ``entity``, empty for an unregistered wallet)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["wallet", "identity", "country", "alpha2", "balance", "type"])
        for h in self.holdings:
            writer.writerow([h.wallet, h.identity, h.country, _alpha2(h.country), self.units(h.balance, grouping=False),
                             _type_name(h.investor_type) or ""])
        return out.getvalue()


def _alpha2(code: int) -> str:
    return lookup_country(code).alpha2 if code else "--"


def _type_name(investor_type: int | None) -> str | None:
    return None if investor_type is None else investor_type_name(investor_type)


def cap_table(
    w3: Web3,
    token_address: str,
    registry_address: str,
    *,
    block: int | None = None,
    from_block: int = 0,
) -> CapTable:
    """Build the cap table of a security token at ``block``.

    Args:
        w3: A connected Web3.
        token_address: The security token.
        registry_address: Its identity registry (the token's ``identityRegistry()``).
        block: The block to report at (default: the latest).
        from_block: The first block to read events from (the token's deployment block or earlier).

    Returns:
        The cap table.

    Raises:
        ValidationError: ``block`` is in the future.
    """
    latest = int(w3.eth.block_number)
    at = latest if block is None else block
    if at > latest or at < 0:
        raise ValidationError(f"Block {at} does not exist yet (latest is {latest}).")
    token = contract_at(w3, "SecurityToken", token_address)
    registry = contract_at(w3, "IdentityRegistry", registry_address)
    balances = balances_at(w3, token.address, at, from_block)
    holdings = []
    for wallet, balance in balances.items():
        identity = Web3.to_checksum_address(call(w3, registry.functions.identity(wallet), block=at))
        country = int(call(w3, registry.functions.investorCountry(wallet), block=at))
        kind = None if identity == ZERO else int(call(w3, registry.functions.investorType(wallet), block=at))
        holdings.append(Holding(wallet, identity, country, balance, kind))
    total = int(call(w3, token.functions.totalSupply(), block=at))
    return assemble(
        token.address, at, int(call(w3, token.functions.decimals())), str(call(w3, token.functions.symbol())),
        total, holdings,
    )


def assemble(
    token: str, block: int, decimals: int, symbol: str, total_supply: int, holdings: list[Holding],
    *, source: str = "chain",
) -> CapTable:
    """A cap table from its holdings (sorted here, largest first) and the token's facts.

    Args:
        token: The token's address.
        block: The block the holdings are at.
        decimals: The token's decimals.
        symbol: Its symbol.
        total_supply: Its total supply at ``block``.
        holdings: One entry per wallet with a balance.
        source: Where the holdings were read (``"chain"`` or ``"register"``).

    Returns:
        The cap table.
    """
    ordered = sorted(holdings, key=lambda h: (-h.balance, h.wallet))
    return CapTable(
        token=Web3.to_checksum_address(token),
        block=block,
        decimals=decimals,
        symbol=symbol,
        total_supply=total_supply,
        holdings=tuple(ordered),
        by_country=_by_country(ordered, total_supply),
        source=source,
    )


def _by_country(holdings: list[Holding], total: int) -> tuple[JurisdictionRow, ...]:
    groups: dict[int, list[Holding]] = {}
    for h in holdings:
        groups.setdefault(h.country, []).append(h)
    rows = []
    for code, members in groups.items():
        balance = sum(h.balance for h in members)
        name = lookup_country(code).name if code else "Not registered"
        identities = {h.identity if h.identity != ZERO else h.wallet for h in members}
        rows.append(
            JurisdictionRow(
                code, _alpha2(code), name, len(identities), len(members), balance, balance / total if total else 0.0
            )
        )
    rows.sort(key=lambda r: (-r.balance, r.country))
    return tuple(rows)


def write_chart(table: CapTable, path: Path) -> Path:
    """Write a PNG chart of the holdings by jurisdiction: share of supply and number of holders.

    Args:
        table: The cap table.
        path: Where to write the PNG.

    Returns:
        The path written.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    labels = [f"{r.alpha2} {r.name}" for r in table.by_country]
    shares = [r.share * 100 for r in table.by_country]
    holders = [r.holders for r in table.by_country]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 0.6 * len(labels) + 2.2))
    colors = [f"C{i % 10}" for i in range(len(labels))]
    left.barh(labels, shares, color=colors)
    left.set_xlabel("% of supply")
    left.invert_yaxis()
    for i, value in enumerate(shares):
        left.text(value, i, f" {value:.1f}%", va="center")
    left.set_xlim(0, max(shares + [1]) * 1.25)
    right.barh(labels, holders, color=colors)
    right.set_xlabel("holders (investor identities)")
    right.invert_yaxis()
    right.set_yticks([])
    right.set_xlim(0, max(holders + [1]) * 1.25)
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    for i, value in enumerate(holders):
        right.text(value, i, f" {value}", va="center")
    fig.suptitle(
        f"{table.symbol} cap table by jurisdiction at block {table.block}: "
        f"{table.units(table.total_supply)} {table.symbol}, {table.holders} holders"
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
