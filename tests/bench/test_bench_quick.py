"""The quick benchmark runs end to end on its own local node, and every figure it reports is positive gas
from a receipt, for each side that measured it."""

import json

import pytest

from bench import BenchConfig, render_markdown, run_benchmark, write_json
from bench.model import OPERATIONS
from sectoken.chain import LocalNode

# What each side measures in the quick run (a plain ERC-20 has no onboarding and no mint).
TRANSFERS = {
    "deploy.total", "transfer.fresh", "transfer.existing", "approve", "transfer_from", "approve_transfer_from",
    "transfer.refused", "scale.holders.10.fresh", "scale.holders.10.existing",
}
PERMISSIONED = TRANSFERS | {"onboard.one", "onboard.batch", "mint.fresh", "mint.existing"}
MODULES = {f"scale.modules.{variant}.{kind}" for variant in ("1", "3", "all") for kind in ("fresh", "existing")}
CASH = {
    "cash.deploy", "stablecoin.mint", "stablecoin.transfer.fresh", "stablecoin.transfer.existing",
    "stablecoin.permit", "stablecoin.transfer_with_authorization", "dvp.propose", "dvp.settle",
    "distribution.create", "distribution.claim", "stablecoin.mint.rate_limited", "stablecoin.redemption.request",
    "stablecoin.redemption.settle", "stablecoin.seize", "stablecoin.wipe",
}
EXPECTED = {
    "sectoken": PERMISSIONED | MODULES | CASH | {"records.stale.existing", "records.refresh", "records.refreshed.existing"},
    "reference": PERMISSIONED | MODULES | {"deploy.offering"},
    "floor": TRANSFERS,
}


@pytest.fixture(autouse=True)
def isolation():
    """The benchmark starts its own node, so no development-network snapshot is needed."""


@pytest.fixture(scope="module")
def report():
    with LocalNode.start() as node:
        yield run_benchmark(BenchConfig.quick_run(), node=node)


def test_each_side_that_ran_measured_every_operation_with_positive_gas(report):
    assert all(side.available for side in report.sides.values()), {k: s.reason for k, s in report.sides.items()}
    for key, side in report.sides.items():
        if not side.available:
            continue
        missing = EXPECTED[key] - side.measurements.keys()
        assert not missing, f"{key} did not measure {sorted(missing)}"
        for op, measurement in side.measurements.items():
            assert measurement.gas > 0, f"{key} {op}"
            assert measurement.txs >= 1, f"{key} {op}"


def test_every_table_row_has_gas_for_each_side_that_measured_it(report):
    operations = {op.key: op for op in OPERATIONS}
    assert report.rows
    for row in report.rows:
        op = operations[row.key]
        assert row.label == op.label
        for key in ("sectoken", "reference", "floor"):
            side = report.sides[key]
            figure = getattr(row, key)
            # A row may compare with another of the floor's operations (the full-rules rows do).
            measured = op.floor_key if key == "floor" and op.floor_key else row.key
            if side.available and measured in side.measurements:
                assert figure == side.measurements[measured].gas > 0
            else:
                assert figure is None
        if row.sectoken is not None and row.floor is not None:
            assert row.vs_floor == pytest.approx(row.sectoken / row.floor)


def test_a_side_that_did_not_run_says_why(report):
    for side in report.sides.values():
        assert side.available or side.reason


def test_refused_transfers_revert_with_the_expected_reason(report):
    reference = report.sides["reference"].refusal
    assert reference.ok and reference.got == 'Error("Transfer not possible")'
    floor = report.sides["floor"].refusal
    assert floor.ok and floor.got.startswith("ERC20InsufficientBalance(")
    ours = report.sides["sectoken"]
    if ours.available:
        assert ours.refusal.ok and ours.refusal.got.startswith("TransferRestricted(")


def test_deployment_total_and_onboarding_are_sums_of_their_transactions(report):
    for key, side in report.sides.items():
        if not side.available:
            continue
        assert side.measurements["deploy.total"].gas == sum(item.gas for item in side.deployment) > 0
        assert all(item.gas > 0 for item in side.deployment), key
    onboarding = report.sides["reference"].measurements["onboard.one"]
    assert set(onboarding.parts) == {
        "IdFactory.createIdentity", "Identity.addClaim", "IdentityRegistry.registerIdentity",
    }
    assert onboarding.gas == sum(onboarding.parts.values())
    assert all(gas > 0 for gas in onboarding.parts.values())


def test_targets_are_reported_not_asserted(report):
    # 13, then the two of the import of 1,000 investors (n/a in the quick run)
    assert len(report.targets) == 13 + 2
    rules = [t for t in report.targets if "full uk-us-bond rules" in t.name]
    assert len(rules) == 3 and all(t.status != "n/a" for t in rules)
    for target in report.targets:
        assert target.status in {"met", "missed", "n/a"}


def test_report_is_written_as_json_and_markdown(report, tmp_path):
    path = write_json(report, tmp_path)
    data = json.loads(path.read_text())
    assert json.loads((tmp_path / "latest.json").read_text()) == data
    assert data["config"]["quick"] is True
    assert data["sides"]["reference"]["measurements"]["transfer.fresh"]["gas"] > 0
    markdown = render_markdown(report)
    assert data["markdown"] == markdown
    assert "| Operation | sectoken | reference | floor | sectoken/reference | sectoken/floor |" in markdown
    for row in report.rows:
        assert f"| {row.label} |" in markdown


def test_the_structural_floor_sits_between_the_erc20_floor_and_the_token(report):
    """The proxy alone costs more than the plain ERC-20, the shared registry's records more again, and the
    security token (rules on top) more than both: the rows measure what they say."""
    ours, floor = report.sides["sectoken"].measurements, report.sides["floor"].measurements
    for kind, rules in (("existing", "rules.transfer.existing"), ("fresh", "rules.transfer.fresh"),
                        ("transfer_from", "rules.transfer_from")):
        plain = floor[f"transfer.{kind}" if kind != "transfer_from" else "transfer_from"].gas
        proxy, registry = ours[f"bound.proxy.{kind}"].gas, ours[f"bound.registry.{kind}"].gas
        assert plain < proxy < registry < ours[rules].gas, kind
    assert ours["bound.proxy.mint"].gas < ours["bound.registry.mint"].gas < ours["rules.mint.fresh"].gas
    assert ours["rules.mint.fresh"].gas < ours["rules.mint.first"].gas
