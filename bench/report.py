"""The benchmark's output: a markdown report (printed) and the same figures as JSON in ``bench/results/``.

The main table has one row per operation with gas for sectoken, the reference and the floor, and the
ratios sectoken / reference and sectoken / floor. The targets table marks each target met or missed,
with the margin.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from bench.model import OPERATIONS, BenchConfig, SideKey, SideResult

__all__ = [
    "Report",
    "Row",
    "TargetResult",
    "evaluate_targets",
    "import_targets",
    "render_markdown",
    "table_rows",
    "write_json",
]

Status = Literal["met", "missed", "n/a"]

TRANSFER_VS_FLOOR = 1.4
RULES_VS_FLOOR = 1.6
MINT_FRESH_UK = 80_000
OFFERING_DEPLOY = 1_000_000
ONBOARDING_VS_REFERENCE = 0.15
MINT_VS_REFERENCE = 0.25
FLATNESS = 0.01
#: Onboarding at scale: ``sectoken investor import`` of this many investors...
IMPORT_INVESTORS = 1_000
#: ...in at most this many transactions and seconds (on Anvil).
IMPORT_MAX_TRANSACTIONS = 60
IMPORT_MAX_SECONDS = 10.0


@dataclass
class Row:
    """One line of the main table."""

    key: str
    label: str
    group: str
    sectoken: int | None
    reference: int | None
    floor: int | None
    vs_reference: float | None
    vs_floor: float | None


@dataclass
class TargetResult:
    """One target, evaluated on sectoken's figures.

    Attributes:
        name: The target as stated.
        limit: The bound, as text.
        value: sectoken's figure against the bound, as text.
        status: ``"met"``, ``"missed"`` or ``"n/a"`` (not measured in this run).
        margin: How far inside (``met``) or outside (``missed``) the bound.
    """

    name: str
    limit: str
    value: str
    status: Status
    margin: str


@dataclass
class Report:
    """A whole run: settings, each side's results, the table and the targets."""

    generated: str
    seconds: float
    config: BenchConfig
    environment: dict[str, Any]
    sides: dict[SideKey, SideResult]
    rows: list[Row] = field(default_factory=list)
    targets: list[TargetResult] = field(default_factory=list)
    speed: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON-ready dict (the markdown included)."""
        data = asdict(self)
        data["markdown"] = render_markdown(self)
        return data


def _ratio(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def table_rows(sides: Mapping[SideKey, SideResult]) -> list[Row]:
    """The main table: every operation at least one side measured, in the catalogue's order."""
    rows = []
    for op in OPERATIONS:
        gas = {key: (side.gas(op.key) if side.available else None) for key, side in sides.items()}
        if all(value is None for value in gas.values()):
            continue
        ours, reference, floor = gas.get("sectoken"), gas.get("reference"), gas.get("floor")
        if op.floor_key is not None and "floor" in sides and sides["floor"].available:
            floor = sides["floor"].gas(op.floor_key)
        rows.append(Row(op.key, op.label, op.group, ours, reference, floor, _ratio(ours, reference),
                        _ratio(ours, floor)))
    return rows


def _flatness(side: SideResult, kind: str) -> tuple[float, list[int]] | None:
    figures = []
    levels = []
    for key, measurement in side.measurements.items():
        parts = key.split(".")
        if len(parts) == 4 and parts[:2] == ["scale", "holders"] and parts[3] == kind:
            levels.append(int(parts[2]))
            figures.append(measurement.gas)
    if len(figures) < 2:
        return None
    return (max(figures) - min(figures)) / min(figures), sorted(levels)


def evaluate_targets(sides: Mapping[SideKey, SideResult]) -> list[TargetResult]:
    """Evaluate the issue's targets on sectoken's figures (reported, never asserted)."""
    ours = sides.get("sectoken")
    reference = sides.get("reference")
    floor = sides.get("floor")

    def gas(side: SideResult | None, key: str) -> int | None:
        return side.gas(key) if side is not None and side.available else None

    def structural(key: str, floor_key: str | None = None) -> str:
        """The structural floor's figure for a target's row (``bound.registry.*``: an ERC-20 behind the
        offering's proxy reading the shared registry's records, no rule), as a ratio to the ERC-20 floor or
        in gas; empty where it was not measured."""
        bound = gas(ours, f"bound.registry.{key}")
        if bound is None:
            return ""
        if floor_key is None:
            return f" (structural floor {bound:,})"
        ratio = _ratio(bound, gas(floor, floor_key))
        return f" (structural floor {ratio:.2f}x)" if ratio is not None else ""

    targets: list[TargetResult] = []
    for key, what in (("transfer.fresh", "zero-balance"), ("transfer.existing", "non-zero-balance")):
        ratio = _ratio(gas(ours, key), gas(floor, key))
        name = f"Compliant transfer to a {what} recipient <= {TRANSFER_VS_FLOOR:.1f}x the ERC-20 floor"
        limit = f"<= {TRANSFER_VS_FLOOR:.2f}x"
        if ratio is None:
            targets.append(TargetResult(name, limit, "n/a", "n/a", ""))
            continue
        of_reference = _ratio(gas(ours, key), gas(reference, key))
        value = f"{ratio:.2f}x" + (f" ({of_reference:.0%} of the reference)" if of_reference is not None else "")
        value += structural(key.removeprefix("transfer."), key)
        targets.append(_against(name, limit, value, TRANSFER_VS_FLOOR - ratio, f"{abs(TRANSFER_VS_FLOOR - ratio):.2f}x"))

    for key, floor_key, what in (
        ("rules.transfer.existing", "transfer.existing", "to a non-zero-balance recipient"),
        ("rules.transfer.fresh", "transfer.fresh", "to a zero-balance recipient"),
        ("rules.transfer_from", "transfer_from", "by transferFrom"),
    ):
        ratio = _ratio(gas(ours, key), gas(floor, floor_key))
        name = f"Transfer {what} under the full uk-us-bond rules <= {RULES_VS_FLOOR:.1f}x the ERC-20 floor"
        limit = f"<= {RULES_VS_FLOOR:.2f}x"
        if ratio is None:
            targets.append(TargetResult(name, limit, "n/a", "n/a", ""))
            continue
        value = f"{ratio:.2f}x" + structural(key.removeprefix("rules.").removeprefix("transfer."), floor_key)
        targets.append(_against(name, limit, value, RULES_VS_FLOOR - ratio,
                                f"{abs(RULES_VS_FLOOR - ratio):.2f}x"))

    for key, bound, name in (
        ("rules.mint.fresh", MINT_FRESH_UK, f"Mint to a fresh UK holder (full rules) <= {MINT_FRESH_UK:,} gas"),
        ("deploy.offering", OFFERING_DEPLOY,
         f"Deploy one more offering (bench config, its own registry) <= {OFFERING_DEPLOY:,} gas"),
        ("deploy.offering.registry", OFFERING_DEPLOY,
         f"Deploy one more offering (bench config, on the issuer's registry) <= {OFFERING_DEPLOY:,} gas"),
        ("rules.deploy.offering", OFFERING_DEPLOY,
         f"Deploy one more offering (full rules, on the issuer's registry) <= {OFFERING_DEPLOY:,} gas"),
    ):
        measured = gas(ours, key)
        limit = f"<= {bound:,}"
        if measured is None:
            targets.append(TargetResult(name, limit, "n/a", "n/a", ""))
            continue
        value = f"{measured:,}" + (structural("mint") if key == "rules.mint.fresh" else "")
        targets.append(_against(name, limit, value, (bound - measured) / bound, f"{abs(bound - measured):,} gas"))

    for key, bound, name in (
        ("onboard.one", ONBOARDING_VS_REFERENCE, "Onboarding one investor <= 15 % of the reference's total"),
        ("mint.fresh", MINT_VS_REFERENCE, "Mint to a fresh holder <= 25 % of the reference's"),
    ):
        ratio = _ratio(gas(ours, key), gas(reference, key))
        limit = f"<= {bound:.0%}"
        if ratio is None:
            targets.append(TargetResult(name, limit, "n/a", "n/a", ""))
            continue
        targets.append(_against(name, limit, f"{ratio:.1%}", bound - ratio, f"{abs(bound - ratio) * 100:.1f} points"))

    for kind, what in (("fresh", "zero-balance"), ("existing", "non-zero-balance")):
        name = f"Transfer ({what} recipient) flat within 1 % from 10 to 10,000 holders"
        limit = f"<= {FLATNESS:.0%} spread"
        spread = _flatness(ours, kind) if ours is not None and ours.available else None
        if spread is None:
            targets.append(TargetResult(name, limit, "n/a", "n/a", ""))
            continue
        fraction, levels = spread
        measured = f"{fraction:.2%} over {', '.join(f'{level:,}' for level in levels)} holders"
        margin = f"{abs(FLATNESS - fraction) * 100:.2f} points"
        if levels[-1] < 10_000:
            targets.append(TargetResult(name, limit, measured, "n/a", "not run up to 10,000 holders"))
            continue
        targets.append(_against(name, limit, measured, FLATNESS - fraction, margin))
    return targets


def import_targets(investors: int, seconds: float, transactions: int) -> list[TargetResult]:
    """The onboarding-at-scale targets, on one timed ``sectoken investor import`` of ``investors``."""
    what = f"Importing {IMPORT_INVESTORS:,} investors"
    names = (
        (f"{what} in <= {IMPORT_MAX_TRANSACTIONS} transactions", f"<= {IMPORT_MAX_TRANSACTIONS}",
         f"{transactions:,} transactions", IMPORT_MAX_TRANSACTIONS - transactions,
         f"{abs(IMPORT_MAX_TRANSACTIONS - transactions)} transactions"),
        (f"{what} in <= {IMPORT_MAX_SECONDS:g} s on Anvil", f"<= {IMPORT_MAX_SECONDS:g} s", f"{seconds:.1f} s",
         IMPORT_MAX_SECONDS - seconds, f"{abs(IMPORT_MAX_SECONDS - seconds):.1f} s"),
    )
    if investors != IMPORT_INVESTORS:
        return [
            TargetResult(name, limit, f"{value} for {investors:,} investors", "n/a", f"not run at {IMPORT_INVESTORS:,}")
            for name, limit, value, _, _ in names
        ]
    return [_against(name, limit, value, headroom, amount) for name, limit, value, headroom, amount in names]


def _against(name: str, limit: str, value: str, headroom: float, amount: str) -> TargetResult:
    if headroom >= 0:
        return TargetResult(name, limit, value, "met", f"{amount} under the limit")
    return TargetResult(name, limit, value, "missed", f"{amount} over the limit")


# ----- markdown --------------------------------------------------------------------------------------


def _gas(value: int | None) -> str:
    return f"{value:,}" if value is not None else "n/a"


def _times(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "n/a"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(report: Report) -> str:
    """The report as markdown: the comparison table, the targets, then details (deployment, onboarding
    parts, timing) and notes."""
    sides = report.sides
    env = report.environment
    lines = [
        "# sectoken gas benchmark",
        "",
        (
            f"{report.generated} · {env.get('node', '?')} (chain {env.get('chain_id', '?')}, hardfork "
            f"{env.get('hardfork', '?')}; contracts compiled for shanghai) · "
            f"{'quick subset' if report.config.quick else 'full run'} · {report.seconds:.0f} s"
        ),
        "",
        "Gas from transaction receipts (`gasUsed`), all three in the same run on the same chain.",
        "",
    ]
    for key, side in sides.items():
        state = side.title if side.available else f"{side.title}: n/a ({side.reason})"
        lines.append(f"- **{key}**: {state}")
    lines.append("")

    body: list[list[str]] = []
    group = ""
    for row in report.rows:
        if row.group != group:
            group = row.group
            body.append([f"**{group}**", "", "", "", "", ""])
        body.append([row.label, _gas(row.sectoken), _gas(row.reference), _gas(row.floor),
                     _times(row.vs_reference), _times(row.vs_floor)])
    lines += _table(["Operation", "sectoken", "reference", "floor", "sectoken/reference", "sectoken/floor"], body)

    lines += ["", "## Targets", ""]
    lines += _table(
        ["Target", "Limit", "sectoken", "Status", "Margin"],
        [[t.name, t.limit, t.value, t.status, t.margin] for t in report.targets],
        "lllll",
    )

    lines += ["", "## Deployment, per transaction", ""]
    for key, side in sides.items():
        if not side.available or not side.deployment:
            continue
        lines += [f"**{key}**", ""]
        rows = [[item.name, item.kind, "shared" if item.shared else "per offering", _gas(item.gas)]
                for item in side.deployment]
        rows.append(["**total**", "", "", f"**{_gas(sum(item.gas for item in side.deployment))}**"])
        lines += _table(["Transaction", "Kind", "Scope", "Gas"], rows, "lllr")
        lines.append("")

    onboarding = [
        [key, op, part, _gas(gas)]
        for key, side in sides.items() if side.available
        for op in ("onboard.one", "onboard.batch") if op in side.measurements
        for part, gas in side.measurements[op].parts.items()
    ]
    if onboarding:
        lines += ["## Onboarding, by step", ""]
        lines += _table(["Side", "Operation", "Step", "Gas"], onboarding, "lllr")
        lines.append("")

    lines += ["## Time", ""]
    timing = [
        [key, phase.name, f"{phase.txs:,}", _gas(phase.gas), f"{phase.seconds:.2f}"]
        for key, side in sides.items() if side.available for phase in side.phases
    ]
    lines += _table(["Side", "Phase", "Transactions", "Gas", "Seconds"], timing, "llrrr")
    investor_import = report.speed.get("investor_import")
    lines += ["", f"`{investor_import}`" if investor_import else "`sectoken investor import`: not measured"]

    notes = [f"- {key}: {note}" for key, side in sides.items() for note in side.notes]
    labels = {op.key: op.label for op in OPERATIONS}
    notes += [
        f"- {key}, {labels.get(op, op)}: {measurement.note}"
        for key, side in sides.items() if side.available
        for op, measurement in side.measurements.items()
        if measurement.note and op != "transfer.refused"
    ]
    refusals = [
        f"- {key}: refused transfer: eth_call reverted with `{side.refusal.got}` "
        f"({'as expected' if side.refusal.ok else f'expected `{side.refusal.expected}`'})"
        for key, side in sides.items() if side.available and side.refusal is not None
    ]
    if notes or refusals:
        lines += ["", "## Notes", "", *refusals, *notes]
    lines += ["", "Reproduce: `make bench` (or `python -m bench`; `--quick` for the CI subset).", ""]
    return "\n".join(lines)


def write_json(report: Report, directory: Path) -> Path:
    """Write the report to ``directory/<timestamp>.json`` and ``directory/latest.json``.

    Returns:
        The timestamped file.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(report.to_json(), indent=2, default=str) + "\n"
    path = directory / f"{stamp}.json"
    path.write_text(text)
    (directory / "latest.json").write_text(text)
    return path
