"""Contract coverage with brownie's `--coverage`, made to work with the eth-brownie 1.22.2 wheel.

brownie evaluates coverage from each transaction's `debug_traceTransaction` steps (Anvil must run with
`--steps-tracing`, the `sectoken-coverage` network does). Its compiled `brownie.test.coverage` module
then fails to merge the per-transaction data (`TypeError: dict object expected; got list`: the compiled
code checks a type annotation the data does not follow), and so does the compiled report writer. This
module puts pure-Python equivalents in their place for the pytest run (the data stays where brownie
records it), and sums the result per contract for the end of the run."""

from __future__ import annotations

import importlib.util
from copy import deepcopy
from pathlib import Path
from typing import Any

import brownie.test
import brownie.test.coverage as compiled_coverage

REPORT = Path("reports") / "contract-coverage.json"


def merged_coverage_eval(cov_eval: dict[str, Any] | None = None) -> dict[str, Any]:
    """brownie's `get_merged_coverage_eval`: the union of every transaction's statements and branches."""
    if cov_eval is None:
        cov_eval = compiled_coverage._coverage_eval
    evals = list(cov_eval.values())
    if not evals:
        return {}
    merged = deepcopy(evals.pop())
    for one in evals:
        for name, paths in one.items():
            into = merged.setdefault(name, {})
            for path, sets in paths.items():
                if path not in into:
                    into[path] = [set(s) for s in sets]
                    continue
                into[path] = [set(into[path][i]) | set(sets[i]) for i in range(3)]
    return merged


def _pure_output() -> Any:
    """brownie's report writer loaded from the pure-Python source shipped beside the compiled module."""
    source = Path(brownie.test.__file__).with_name("output.py")
    spec = importlib.util.spec_from_file_location("brownie.test._output_source", source)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _code_matches(original: Any) -> Any:
    """brownie's check that a deployed contract runs the compiled code, allowing immutables.

    brownie compares the runtime code byte for byte (metadata aside) and, when it differs, drops the
    contract's program-counter map, so nothing it runs is ever traced for coverage, and drops it from
    the container's build, so neither is any later deployment. Immutable values are written into the
    runtime code at deployment, where the compiled code has zeros: those bytes may differ."""

    def verify(address: Any, expected_bytecode: str, language: str) -> bool:
        if original(address, expected_bytecode, language):
            return True
        if language != "Solidity":
            return False
        actual = bytes(brownie.web3.eth.get_code(address))
        expected = bytes.fromhex(expected_bytecode.removeprefix("0x"))
        if len(actual) != len(expected) or "_" in expected_bytecode:
            return False
        meta = int.from_bytes(expected[-2:], "big") + 2
        return all(e == a or e == 0 for a, e in zip(actual[:-meta], expected[:-meta]))

    return verify


def _call_as_sent(contract: Any) -> Any:
    """brownie's contract call while coverage is on: it runs the call as a transaction (traced, then
    undone) and then calls again for the result, but sends both from the default account whatever the
    call's `{"from": ...}` says, so a view that depends on `msg.sender` answers for the wrong caller.
    Both go from the caller given here."""
    from brownie.exceptions import VirtualMachineError

    CONFIG, accounts, rpc = contract.CONFIG, contract.accounts, contract.rpc

    def __call__(self: Any, *args: Any, block_identifier: Any = None, override: Any = None) -> Any:
        if not CONFIG.argv["always_transact"] or block_identifier is not None:
            return self.call(*args, block_identifier=block_identifier, override=override)
        call_args, tx = contract._get_tx(self._owner, args)
        sender = tx.get("from") or self._owner or accounts[0]
        tx.update({"gas_price": 0, "from": sender, "_skip_undo": True})
        pc, revert_msg = None, None
        snapshot_id = rpc._snapshot()
        try:
            self.transact(*call_args, tx)
        except VirtualMachineError as exc:
            pc, revert_msg = exc.pc, exc.revert_msg
        except Exception:  # noqa: BLE001, S110  (not traceable as a transaction: the call below still answers)
            pass
        finally:
            contract._revert_transact_call(snapshot_id)
        try:
            return self.call(*call_args, {"from": sender})
        except VirtualMachineError as exc:
            if pc == exc.pc and revert_msg and exc.revert_msg is None:
                exc.revert_msg = revert_msg
            raise

    return __call__


def install() -> None:
    """Replace the failing functions for this process."""
    from brownie.network import contract
    from brownie.test.managers import base

    compiled_coverage.get_merged_coverage_eval = merged_coverage_eval
    base.output = _pure_output()
    contract._verify_deployed_code = _code_matches(contract._verify_deployed_code)
    contract.ContractCall.__call__ = _call_as_sent(contract)


def forget_cached() -> None:
    """Trace every transaction again. brownie keeps each transaction's coverage in build/tests.json and
    reuses it for a transaction with the same sender, nonce, block, input and gas used, which on a fresh
    local chain is the same transaction every run, whatever the contract code it ran then."""
    compiled_coverage._cached_coverage_eval.clear()


def totals(build: Any, merged: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per source file under contracts/ (test doubles under contracts/test excepted): statements and
    branch directions covered, and their totals. A statement or branch compiled into several contracts
    (a base contract, a library) counts once, as covered if any of them ran it; a branch counts twice,
    once for each way it can go, as brownie's own report does."""
    statements: dict[tuple[str, int, int], bool] = {}
    branches: dict[tuple[str, int, int, int], bool] = {}
    for name, data in build.items():
        cmap = data.get("coverageMap") or {}
        if data.get("type") != "contract" or not cmap.get("statements"):
            continue
        cov = merged.get(name, {})
        for path, fns in cmap["statements"].items():
            source = data["allSourcePaths"].get(path, "")
            if not source.startswith("contracts/") or source.startswith("contracts/test/"):
                continue
            hit = cov.get(path, [set(), set(), set()])
            for stmts in fns.values():
                for idx, (start, end) in stmts.items():
                    key = (source, start, end)
                    statements[key] = statements.get(key, False) or int(idx) in hit[0]
            for brs in cmap["branches"].get(path, {}).values():
                for idx, (start, end, _) in brs.items():
                    for way in (1, 2):
                        key2 = (source, start, end, way)
                        branches[key2] = branches.get(key2, False) or int(idx) in hit[way]
    out: dict[str, dict[str, int]] = {}
    for (source, *_), covered in statements.items():
        row = out.setdefault(source, dict.fromkeys(("statements", "statements_total", "branches", "branches_total"), 0))
        row["statements_total"] += 1
        row["statements"] += covered
    for (source, *_), covered in branches.items():
        row = out.setdefault(source, dict.fromkeys(("statements", "statements_total", "branches", "branches_total"), 0))
        row["branches_total"] += 1
        row["branches"] += covered
    return dict(sorted(out.items()))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    - "


def summary_lines(rows: dict[str, dict[str, int]]) -> list[str]:
    """The table printed at the end of a coverage run."""
    lines = [f"{'contract source':<52} {'statements':>18} {'branches':>18}"]
    total = dict.fromkeys(("statements", "statements_total", "branches", "branches_total"), 0)
    for source, r in rows.items():
        for k in total:
            total[k] += r[k]
        lines.append(
            f"{source:<52} {r['statements']:>4}/{r['statements_total']:<4} {_pct(r['statements'], r['statements_total'])}"
            f" {r['branches']:>4}/{r['branches_total']:<4} {_pct(r['branches'], r['branches_total'])}"
        )
    lines.append(
        f"{'all contracts':<52} {total['statements']:>4}/{total['statements_total']:<4} "
        f"{_pct(total['statements'], total['statements_total'])} {total['branches']:>4}/{total['branches_total']:<4} "
        f"{_pct(total['branches'], total['branches_total'])}"
    )
    return lines
