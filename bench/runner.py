"""One benchmark run: one local node, every side through the same scenario, one report."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from bench import sectoken_suite
from bench.evm import BenchError, Chain
from bench.floor import Floor
from bench.model import SIDES, BenchConfig, SideKey, SideResult
from bench.report import Report, evaluate_targets, import_targets, table_rows
from bench.scenario import Cast, Scenario, Side
from bench.trex import Reference
from sectoken.chain import LocalNode

__all__ = ["run_benchmark"]

SideFactory = Callable[[Chain, Cast, BenchConfig], Side]

FACTORIES: dict[SideKey, SideFactory] = {
    "sectoken": sectoken_suite.build,
    "reference": Reference,
    "floor": Floor,
}
TITLES: dict[SideKey, str] = {
    "sectoken": sectoken_suite.Sectoken.title,
    "reference": Reference.title,
    "floor": Floor.title,
}


def _prepare(key: SideKey, chain: Chain, config: BenchConfig, log: Callable[[str], None]) -> Scenario | SideResult:
    try:
        side = FACTORIES[key](chain, Cast.for_side(key, config.batch_investors), config)
    except BenchError as exc:
        log(f"{key}: skipped ({exc})")
        return SideResult(key, TITLES[key], available=False, reason=str(exc).removeprefix(f"{key}: "))
    return Scenario(side)


def _stage(key: SideKey, stage: Callable[[], None], name: str, log: Callable[[str], None]) -> None:
    start = time.perf_counter()
    log(f"{key}: {name}")
    try:
        stage()
    except BenchError as exc:
        raise BenchError(f"{key}: {exc}") from exc
    except Exception as exc:  # keep the side's name on anything unexpected
        log(traceback.format_exc())
        raise BenchError(f"{key}: {type(exc).__name__}: {exc}") from exc
    log(f"{key}: {name} done in {time.perf_counter() - start:.1f} s")


def _hardfork(chain: Chain) -> str:
    """The node's hardfork, as Anvil reports it (``anvil_nodeInfo``); "?" where the node does not say."""
    info = chain.rpc("anvil_nodeInfo").get("result") or {}
    return str(info.get("hardFork", "?")) if isinstance(info, dict) else "?"


def run_benchmark(
    config: BenchConfig,
    *,
    sides: Sequence[SideKey] = SIDES,
    node: LocalNode | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> Report:
    """Run the benchmark and return its report.

    Args:
        config: How much to run (:meth:`BenchConfig.quick_run` for the CI subset).
        sides: Which sides to run.
        node: A running local node to use; by default a fresh Anvil on a free port, stopped at the end.
        log: Where progress lines go.

    Raises:
        BenchError: a side failed (the message names the side and the step).
    """
    started = time.perf_counter()
    own_node = node is None
    node = node or LocalNode.start("anvil")
    try:
        w3 = node.web3(timeout=120)
        chain = Chain(w3)
        environment = {
            "node": str(w3.client_version),
            "chain_id": chain.chain_id,
            "block_gas_limit": int(w3.eth.get_block("latest")["gasLimit"]),
            "hardfork": _hardfork(chain),
        }
        prepared = {key: _prepare(key, chain, config, log) for key in sides}
        scenarios = {key: item for key, item in prepared.items() if isinstance(item, Scenario)}
        # Every side's base stage first: thousands of holders make every later block slower to produce.
        for key, scenario in scenarios.items():
            _stage(key, scenario.run_base, "operations", log)
        for key, scenario in scenarios.items():
            _stage(key, scenario.run_scale, f"holder scale ({', '.join(f'{n:,}' for n in scenario.levels)})", log)
        results: dict[SideKey, SideResult] = {
            key: item.finish() if isinstance(item, Scenario) else item for key, item in prepared.items()
        }
        speed: dict[str, object] = {}
        investors = 12 if config.quick else 1_000
        imported = sectoken_suite.investor_import_timing(chain, node.url, investors=investors)
        if imported is not None:
            speed["investor_import"] = f"{imported.name}: {imported.seconds:.1f} s, {imported.txs:,} transactions ({imported.note})"
    finally:
        if own_node:
            node.stop()
    report = Report(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        seconds=round(time.perf_counter() - started, 1),
        config=config,
        environment=environment,
        sides=results,
        speed=speed,
    )
    report.rows = table_rows(results)
    report.targets = evaluate_targets(results)
    if imported is not None:
        report.targets += import_targets(investors, imported.seconds, imported.txs)
    return report
