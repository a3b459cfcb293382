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


# What coverage needs of a transaction: each step's program counter, opcode and call depth
# (`debug_trace*` with neither stack, memory nor storage), and which contract each call entered, from the
# node's call tracer. brownie instead asks for the stack and memory of every step, several megabytes of
# JSON for one of this project's transfers.
_STEPS = {"disableStack": True, "disableStorage": True, "disableMemory": True, "enableMemory": False}
_WITH_STACK = {"disableStorage": True, "disableMemory": True, "enableMemory": False}
_CALL_TRACER = {"tracer": "callTracer"}
_CALLS = ("CALL", "CALLCODE", "STATICCALL", "DELEGATECALL")
_CREATES = ("CREATE", "CREATE2")


class _Misaligned(Exception):
    """The call tracer's calls do not line up with the steps' depth changes."""


def _frame(address: str) -> dict[str, Any]:
    """What coverage needs of the contract running at `address`: its name and program-counter map, or
    nothing for a contract outside the project."""
    from brownie.network import state
    from brownie.project.main import Project

    contract = state._find_contract(address)
    build = getattr(contract, "_build", None) or {}
    if contract is None or not isinstance(contract._project, Project) or not build.get("pcMap"):
        return {"name": None, "pc_map": None, "active": set()}
    return {"name": contract._name, "pc_map": build["pcMap"], "active": set()}


def _address(word: str | int) -> str:
    """A stack word as an address (nodes give words as hex, prefixed or not, padded or not)."""
    value = word if isinstance(word, int) else int(word, 16)
    return f"0x{value & (2**160 - 1):040x}"


_HAS_CODE: dict[str, bool] = {}


def _runs_code(call: dict[str, Any]) -> bool:
    """Whether a traced call ran any code, so that the steps show it entered a new depth: a creation does,
    a call to a precompile or to an account without code does not."""
    if call["type"] in _CREATES:
        return True
    to = call["to"].lower()
    if int(to, 16) < 0x100:
        return False
    if to not in _HAS_CODE:
        _HAS_CODE[to] = bool(brownie.web3.eth.get_code(brownie.web3.to_checksum_address(to)))
    return _HAS_CODE[to]


def _entered(call_tree: dict[str, Any]) -> list[dict[str, Any]]:
    """The calls of a call tracer's tree that ran code, in the order they were entered."""
    entered = []
    pending = list(reversed(call_tree.get("calls") or []))
    while pending:
        call = pending.pop()
        if _runs_code(call):
            entered.append(call)
        pending.extend(reversed(call.get("calls") or []))
    return entered


def evaluate_steps(
    steps: list[dict[str, Any]], to: str, calls: list[dict[str, Any]] | None = None
) -> dict[str, dict[str, list[set[int]]]]:
    """Statements and branch directions that the `debug_trace*` steps of one transaction or call ran, in
    brownie's per-transaction form: {contract name: {source path id: [statements, false, true]}}.

    The same evaluation as brownie's `TransactionReceipt._expand_trace` (a branch direction counts when a
    JUMPI of the branch runs after the branch's condition ran in the same call; a delegate call runs the
    called implementation's code), without decoding calls, values and return data. The contract each
    call enters comes from `calls` (the call tracer's calls that ran code, in order) or, without them,
    from the address on the calling step's stack.

    Raises:
        _Misaligned: `calls` does not match the steps."""
    out: dict[str, dict[str, list[set[int]]]] = {}
    if not steps:
        return out
    base = steps[0]["depth"]
    frames = {0: _frame(to)}
    entered = iter(calls or ())
    previous_depth = 0
    for i, step in enumerate(steps):
        depth = step["depth"] - base
        if depth > previous_depth:
            caller = steps[i - 1]
            if calls is not None:
                call = next(entered, None)
                if call is None or call["type"] != caller["op"]:
                    raise _Misaligned
                frames[depth] = _frame(call["to"])
            elif caller["op"] in _CREATES:
                # the new contract's address is on the creator's stack when it resumes
                resumed = next(s for s in steps[i:] if s["depth"] == caller["depth"])
                frames[depth] = _frame(_address(resumed["stack"][-1]))
            else:
                frames[depth] = _frame(_address(caller["stack"][-2]))
        previous_depth = depth
        frame = frames[depth]
        if frame["pc_map"] is None:
            continue
        pc = frame["pc_map"].get(step["pc"])
        if pc is None or "path" not in pc or "fn" not in pc:
            continue
        hits = out.setdefault(frame["name"], {}).setdefault(pc["path"], [set(), set(), set()])
        if "statement" in pc:
            hits[0].add(pc["statement"])
        if "branch" in pc:
            if pc["op"] != "JUMPI":
                frame["active"].add(pc["branch"])
            elif pc["branch"] in frame["active"]:
                hits[1 if steps[i + 1]["pc"] == step["pc"] + 1 else 2].add(pc["branch"])
                frame["active"].remove(pc["branch"])
    if calls is not None and next(entered, None) is not None:
        raise _Misaligned
    return out


def _trace(method: str, params: list[Any], options: dict[str, Any]) -> Any:
    response = brownie.web3.provider.make_request(method, [*params, options])
    if "error" in response:
        raise RuntimeError(f"{method}: {response['error'].get('message')}")
    return response["result"]


def traced_coverage(method: str, params: list[Any], to: str) -> dict[str, dict[str, list[set[int]]]]:
    """The coverage of one transaction (`debug_traceTransaction`, params [hash]) or call
    (`debug_traceCall`, params [call, block]) that starts in the contract at `to`."""
    steps = _trace(method, params, _STEPS).get("structLogs") or []
    if not steps:
        return {}
    try:
        return evaluate_steps(steps, to, _entered(_trace(method, params, _CALL_TRACER)))
    except _Misaligned:
        return evaluate_steps(_trace(method, params, _WITH_STACK)["structLogs"], to)


def _evaluate_receipt(set_from_receipt: Any) -> Any:
    """brownie's `TransactionReceipt._set_from_receipt`, then, under `--coverage`, the transaction's
    coverage from a lean trace. brownie then finds the transaction evaluated and skips its own trace."""

    from brownie._config import CONFIG

    def wrapped(self: Any, receipt: Any) -> None:
        set_from_receipt(self, receipt)
        if not CONFIG.argv["coverage"] or self.coverage_hash in compiled_coverage._coverage_eval:
            return
        if self.contract_address or not self.receiver or (self.input == "0x" and self.gas_used == 21000):
            compiled_coverage._add_transaction(self.coverage_hash, {})  # a deployment or a plain payment
            return
        evaluation = traced_coverage("debug_traceTransaction", [self.txid], str(self.receiver))
        compiled_coverage._add_transaction(self.coverage_hash, evaluation)

    return wrapped


def _call_as_sent(contract: Any) -> Any:
    """brownie's contract call while coverage is on ran the call as a transaction (mined, traced, then
    undone with a snapshot revert) and then called again for the result, sending both from the default
    account whatever the call's `{"from": ...}` said. Here the call is traced as a call
    (`debug_traceCall`, nothing mined or undone), from the caller given, then made for its result."""
    from hashlib import sha1

    CONFIG, accounts = contract.CONFIG, contract.accounts

    def __call__(self: Any, *args: Any, block_identifier: Any = None, override: Any = None) -> Any:
        if not CONFIG.argv["always_transact"] or block_identifier is not None:
            return self.call(*args, block_identifier=block_identifier, override=override)
        call_args, tx = contract._get_tx(self._owner, args)
        sender = str(tx.get("from") or self._owner or accounts[0])
        request = {"from": sender, "to": self._address, "data": self.encode_input(*call_args),
                   "value": hex(int(tx.get("value") or 0))}
        # the state the call runs on is the latest block's, which its hash commits to
        block = brownie.web3.eth.get_block("latest")["hash"].hex()
        key = sha1(f"call{block}{sender}{self._address}{request['data']}{request['value']}".encode()).hexdigest()
        if key not in compiled_coverage._coverage_eval:
            try:
                evaluation = traced_coverage("debug_traceCall", [request, "latest"], self._address)
            except (RuntimeError, ValueError):  # not traceable: the call below still answers
                evaluation = {}
            compiled_coverage._add_transaction(key, evaluation)
        return self.call(*call_args, {"from": sender})

    return __call__


def install() -> None:
    """Replace the failing functions for this process."""
    from brownie.network import contract, transaction
    from brownie.test.managers import base

    compiled_coverage.get_merged_coverage_eval = merged_coverage_eval
    base.output = _pure_output()
    transaction.TransactionReceipt._set_from_receipt = _evaluate_receipt(
        transaction.TransactionReceipt._set_from_receipt
    )
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


def total_percentages(rows: dict[str, dict[str, int]]) -> tuple[float, float]:
    """Statements and branch directions covered over all sources, in percent."""
    totals = {k: sum(r[k] for r in rows.values()) for k in ("statements", "statements_total", "branches", "branches_total")}
    return (100 * totals["statements"] / max(totals["statements_total"], 1),
            100 * totals["branches"] / max(totals["branches_total"], 1))


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
