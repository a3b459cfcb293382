"""What the benchmark measures and how results are recorded.

Every figure is gas from transaction receipts (``gasUsed``). An operation that spans several transactions
(onboarding with the reference: identity, claim, registration) records their sum and the parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "HOLDER_LEVELS",
    "MODULE_VARIANTS",
    "OPERATIONS",
    "SIDES",
    "BenchConfig",
    "ContractGas",
    "Measurement",
    "Operation",
    "Phase",
    "RefusalCheck",
    "SideKey",
    "SideResult",
    "operation",
]

SideKey = Literal["sectoken", "reference", "floor"]
SIDES: tuple[SideKey, ...] = ("sectoken", "reference", "floor")

HOLDER_LEVELS: tuple[int, ...] = (10, 1_000, 10_000)
"""Holder counts at which the transfer is measured (it must not depend on them)."""

MODULE_VARIANTS: tuple[str, ...] = ("1", "3", "all")
"""Compliance module counts at which the transfer is measured."""


@dataclass(frozen=True)
class Operation:
    """One row of the comparison.

    Attributes:
        key: Stable identifier used in the JSON (``"transfer.fresh"``).
        label: The row's text in the table.
        group: The table section it belongs to.
    """

    key: str
    label: str
    group: str
    floor_key: str | None = None
    """The floor's operation this row is compared with, when it is not ``key`` itself."""


def _holders(level: int) -> list[Operation]:
    return [
        Operation(f"scale.holders.{level}.fresh", f"Transfer to a zero-balance recipient, {level:,} holders", "Scale"),
        Operation(f"scale.holders.{level}.existing", f"Transfer to a non-zero-balance recipient, {level:,} holders",
                  "Scale"),
    ]


def _modules(variant: str) -> list[Operation]:
    what = "all modules" if variant == "all" else f"{variant} module{'s' if variant != '1' else ''}"
    return [
        Operation(f"scale.modules.{variant}.fresh", f"Transfer to a zero-balance recipient, {what}", "Scale"),
        Operation(f"scale.modules.{variant}.existing", f"Transfer to a non-zero-balance recipient, {what}", "Scale"),
    ]


OPERATIONS: tuple[Operation, ...] = (
    Operation("deploy.total", "Deploy the suite (all contracts and configuration)", "Deploy"),
    Operation("deploy.offering", "Deploy one more offering (shared contracts already deployed)", "Deploy"),
    Operation("deploy.offering.registry", "Deploy one more offering on the issuer's identity registry", "Deploy"),
    Operation("onboard.one", "Onboard one investor (identity, claims, registration)", "Onboarding"),
    Operation("onboard.batch", "Onboard investors in batches, per investor", "Onboarding"),
    Operation("mint.fresh", "Mint to a fresh holder", "Issuance"),
    Operation("mint.existing", "Mint to an existing holder", "Issuance"),
    Operation("transfer.fresh", "Transfer to a zero-balance recipient", "Transfers"),
    Operation("transfer.existing", "Transfer to a non-zero-balance recipient", "Transfers"),
    Operation("approve", "approve", "Transfers"),
    Operation("transfer_from", "transferFrom (after approve)", "Transfers"),
    Operation("approve_transfer_from", "approve + transferFrom", "Transfers"),
    Operation("transfer.refused", "Refused transfer (reverted transaction)", "Transfers"),
    Operation("rules.mint.first", "First issuance of the offering (to a fresh UK holder)", "Full uk-us-bond rules"),
    Operation("rules.mint.fresh", "Mint to a fresh UK holder (offering already issued)", "Full uk-us-bond rules"),
    Operation("rules.transfer.fresh", "Transfer to a zero-balance recipient", "Full uk-us-bond rules",
              "transfer.fresh"),
    Operation("rules.transfer.existing", "Transfer to a non-zero-balance recipient", "Full uk-us-bond rules",
              "transfer.existing"),
    Operation("rules.transfer_from", "transferFrom (after approve)", "Full uk-us-bond rules", "transfer_from"),
    Operation("rules.deploy.offering", "Deploy one more offering with these rules (on the issuer's registry)",
              "Full uk-us-bond rules"),
    Operation("bound.proxy.existing", "ERC-20 behind the offering's proxy: transfer to a holder",
              "Structural floor (no rule)", "transfer.existing"),
    Operation("bound.proxy.fresh", "ERC-20 behind the offering's proxy: transfer to a zero-balance recipient",
              "Structural floor (no rule)", "transfer.fresh"),
    Operation("bound.proxy.transfer_from", "ERC-20 behind the offering's proxy: transferFrom",
              "Structural floor (no rule)", "transfer_from"),
    Operation("bound.proxy.mint", "ERC-20 behind the offering's proxy: mint (owner) to a fresh holder",
              "Structural floor (no rule)"),
    Operation("bound.registry.existing", "+ both parties' records from the shared registry storage: to a holder",
              "Structural floor (no rule)", "transfer.existing"),
    Operation("bound.registry.fresh", "+ both parties' records from the shared registry storage: to a zero balance",
              "Structural floor (no rule)", "transfer.fresh"),
    Operation("bound.registry.transfer_from", "+ both parties' records from the shared registry storage: transferFrom",
              "Structural floor (no rule)", "transfer_from"),
    Operation("bound.registry.mint", "+ the recipient's record from the shared registry storage: mint to a fresh holder",
              "Structural floor (no rule)"),
    Operation("rules2.FlowbackModule", "Transfer to a holder, full rules + Reg S flowback (24)", "Second-edition rules",
              "transfer.existing"),
    Operation("rules2.MinimumHoldingModule", "Transfer to a holder, full rules + minimum holding (26)",
              "Second-edition rules", "transfer.existing"),
    Operation("rules2.MinimumTransferModule", "Transfer to a holder, full rules + minimum transfer (28)",
              "Second-edition rules", "transfer.existing"),
    Operation("rules2.SpenderModule", "transferFrom by a listed operator, full rules + spender check (30)",
              "Second-edition rules", "transfer_from"),
    Operation("rules2.without.existing", "Transfer to a holder, full rules without 12(g) count and entity rules (25, 29)",
              "Second-edition rules", "transfer.existing"),
    Operation("rules2.without.fresh",
              "Transfer to a zero-balance recipient, full rules without 12(g) count and entity rules (25, 29)",
              "Second-edition rules", "transfer.fresh"),
    Operation("records.stale.existing", "Transfer to a holder, both parties' claim records stale (after a trust change)",
              "Claim records", "transfer.existing"),
    Operation("records.refresh", "Refresh both parties' claim records (batchRefreshIdentity, per identity)",
              "Claim records"),
    Operation("records.refreshed.existing", "Transfer to a holder, the records refreshed", "Claim records",
              "transfer.existing"),
    *[op for level in HOLDER_LEVELS for op in _holders(level)],
    *[op for variant in MODULE_VARIANTS for op in _modules(variant)],
    Operation("cash.deploy", "Deploy the cash leg (stablecoin behind its proxy, DvP, distribution)", "Cash leg"),
    Operation("stablecoin.mint", "Stablecoin: mint to a fresh holder", "Cash leg"),
    Operation("stablecoin.transfer.fresh", "Stablecoin: transfer to a zero-balance recipient", "Cash leg"),
    Operation("stablecoin.transfer.existing", "Stablecoin: transfer to a non-zero-balance recipient", "Cash leg"),
    Operation("stablecoin.permit", "Stablecoin: permit (EIP-2612, relayed)", "Cash leg"),
    Operation("stablecoin.transfer_with_authorization", "Stablecoin: transferWithAuthorization (EIP-3009, relayed)",
              "Cash leg"),
    Operation("stablecoin.mint.rate_limited", "Stablecoin: mint under a rate limit (opens its window)", "Cash leg"),
    Operation("stablecoin.redemption.request", "Stablecoin: redemption request (tokens to escrow)", "Cash leg"),
    Operation("stablecoin.redemption.settle", "Stablecoin: acknowledge + complete a redemption (escrow burnt)",
              "Cash leg"),
    Operation("stablecoin.seize", "Stablecoin: seize a frozen balance (lawful order)", "Cash leg"),
    Operation("stablecoin.wipe", "Stablecoin: wipe a frozen balance (lawful order)", "Cash leg"),
    Operation("dvp.propose", "DvP: propose a trade", "Cash leg"),
    Operation("dvp.settle", "DvP: settle (accept moves both legs)", "Cash leg"),
    Operation("distribution.create", "Distribution: create and fund (Merkle root)", "Cash leg"),
    Operation("distribution.claim", "Distribution: Merkle claim by a holder", "Cash leg"),
)

_BY_KEY = {op.key: op for op in OPERATIONS}


def operation(key: str) -> Operation:
    """Return the operation with ``key``.

    Raises:
        KeyError: no such operation.
    """
    return _BY_KEY[key]


@dataclass
class Measurement:
    """Gas of one operation on one side.

    Attributes:
        gas: Gas used, from receipts (summed over ``txs`` transactions, or per investor for batches).
        txs: How many transactions it took.
        parts: Named parts of the figure (e.g. ``{"createIdentity": ..., "addClaim": ...}``).
        note: Anything a reader needs to interpret it.
    """

    gas: int
    txs: int = 1
    parts: dict[str, int] = field(default_factory=dict)
    note: str = ""


@dataclass
class ContractGas:
    """One transaction of a suite's deployment and configuration."""

    name: str
    gas: int
    address: str = ""
    kind: Literal["contract", "proxy", "call"] = "contract"
    shared: bool = False
    """Deployed once per chain and reused by every offering (implementations, factories)."""


@dataclass
class Phase:
    """A timed stretch of work (speed figures): how long it took and how many transactions."""

    name: str
    seconds: float
    txs: int
    gas: int
    note: str = ""


@dataclass
class RefusalCheck:
    """The refused transfer: what ``eth_call`` returned, what was expected, and whether they agree."""

    expected: str
    got: str
    ok: bool


@dataclass
class SideResult:
    """Everything measured on one side.

    Attributes:
        side: ``"sectoken"``, ``"reference"`` or ``"floor"``.
        title: What was measured, e.g. ``"T-REX 4.1.6 (ERC-3643 reference)"``.
        available: Whether the side ran; when not, ``reason`` says why.
        measurements: Operation key to measurement.
        deployment: Each deployment and configuration transaction.
        phases: Timed stretches of work.
        refusal: The refused-transfer check.
        notes: How figures were obtained where it matters (e.g. how 10,000 holders were set up).
        info: Versions and settings.
    """

    side: SideKey
    title: str
    available: bool = True
    reason: str = ""
    measurements: dict[str, Measurement] = field(default_factory=dict)
    deployment: list[ContractGas] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    refusal: RefusalCheck | None = None
    notes: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def gas(self, key: str) -> int | None:
        """The gas of operation ``key``, or ``None`` if this side did not measure it."""
        found = self.measurements.get(key)
        return found.gas if found is not None else None


@dataclass(frozen=True)
class BenchConfig:
    """How much to run.

    Attributes:
        quick: The CI subset: few investors, the lowest holder level only.
        holder_levels: Holder counts for the transfer scale rows.
        batch_investors: Investors onboarded in the batch measurement.
        batch_size: Investors per batch transaction.
        module_variants: Module counts for the transfer scale rows.
    """

    quick: bool = False
    holder_levels: tuple[int, ...] = HOLDER_LEVELS
    batch_investors: int = 100
    batch_size: int = 50
    module_variants: tuple[str, ...] = MODULE_VARIANTS

    @classmethod
    def quick_run(cls) -> BenchConfig:
        """The CI subset: well under a minute."""
        return cls(quick=True, holder_levels=(10,), batch_investors=6, batch_size=3)
