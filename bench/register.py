"""The register at scale: a suite with ``holders`` investors and ``transfers`` transfers among them is
synced into a fresh register (SQLite, the default), synced again (nothing new), asked for its cap table at
the latest block and at a block in the middle of the history, and verified against the chain; each step
timed.

The chain's history is made quickly and is not what is measured: the investors are registered and minted
in batches, and the transfers are forced transfers by the agent in batches of ``batch`` (one signer, no
per-holder keys), on a local Anvil with a raised block gas limit.

Run alone with ``python -m bench.register [--holders N] [--transfers N]``; ``make bench`` runs it after
the gas benchmark.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3 import Web3

from sectoken.chain import LocalNode
from sectoken.claims import TOPICS
from sectoken.config import parse_config
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.register import Register, cap_table_at, sync, verify
from sectoken.signers import dev_account

__all__ = ["RegisterBench", "main", "render_markdown", "run_register_bench"]

HOLDERS = 10_000
TRANSFERS = 100_000
BATCH = 250
GAS_LIMIT = 16_000_000  # under the per-transaction cap of Osaka (EIP-7825), Anvil 1.7's default hardfork

_CONFIG = """
name: register-bench
token: {name: Register Bench, symbol: RGB, decimals: 0}
registry:
  trusted_issuers: [{account: deployer, topics: all}]
agents: [deployer]
jurisdictions: [uk-professional]
"""


@dataclass(frozen=True)
class RegisterBench:
    """The timings of one register run, in seconds."""

    holders: int
    transfers: int
    events: int
    blocks: int
    setup: float
    sync: float
    sync_cpu: float
    resync: float
    cap_table_latest: float
    cap_table_middle: float
    verify: float
    wallets_verified: int


def _wallet(i: int) -> str:
    return to_checksum_address(keccak(text=f"register-bench-wallet-{i}")[-20:])


def _send(w3: Web3, sender: str, to: str, data: str) -> int:
    tx_hash = w3.eth.send_transaction({"from": sender, "to": to, "data": data, "gas": GAS_LIMIT})  # type: ignore[typeddict-item]
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=120)
    if receipt["status"] != 1:
        raise RuntimeError(f"bench transaction {tx_hash.hex()} reverted (gas used {receipt['gasUsed']})")
    return int(receipt["gasUsed"])


def _history(w3: Web3, suite: Any, holders: int, transfers: int, batch: int, log: Callable[[str], None]) -> None:
    agent = dev_account(0).address
    wallets = [_wallet(i) for i in range(holders)]
    registry, token = suite.registry.contract, suite.token.contract
    # Registrations with two claims each: a quarter of a batch keeps the transaction well under the
    # per-transaction gas cap (~16.7M; registering an investor also records the identity's first wallet).
    for start in range(0, holders, batch // 4):
        chunk = wallets[start : start + batch // 4]
        identities = [to_checksum_address(keccak(text=w)[-20:]) for w in chunk]
        countries = [826] * len(chunk)
        expiries = [2**63] * len(chunk)
        _send(w3, agent, registry.address, registry.encode_abi(
            "batchRegisterIdentityWithClaims", [chunk, identities, countries, [TOPICS["kyc"], TOPICS["professional"]],
                                                 expiries]))
        _send(w3, agent, token.address, token.encode_abi("batchMint", [chunk, [1_000] * len(chunk)]))
    log(f"register bench: {holders} holders registered and minted")
    for start in range(0, transfers, batch):
        count = min(batch, transfers - start)
        senders = [wallets[(start + k) % holders] for k in range(count)]
        recipients = [wallets[((start + k) * 7 + 13) % holders] for k in range(count)]
        amounts = [1 + (start + k) % 5 for k in range(count)]
        _send(w3, agent, token.address, token.encode_abi("batchForcedTransfer", [senders, recipients, amounts]))
    log(f"register bench: {transfers} transfers made")


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = action()
    return time.perf_counter() - began, result


def run_register_bench(
    holders: int = HOLDERS, transfers: int = TRANSFERS, *, batch: int = BATCH, log: Callable[[str], None] = print
) -> RegisterBench:
    """Make the history on a fresh local node, then time the register on it (see the module docstring)."""
    with LocalNode.start() as node, tempfile.TemporaryDirectory(prefix="sectoken-register-bench-") as folder:
        w3 = node.web3(timeout=300)
        began = time.perf_counter()
        suite = deploy_suite(w3, dev_account(0), parse_config(_CONFIG), deployments=Deployments(Path(folder) / "d"))
        _history(w3, suite, holders, transfers, batch, log)
        setup = time.perf_counter() - began
        head = int(w3.eth.block_number)
        with Register.open(f"sqlite:///{folder}/register.sqlite") as register:
            assert register is not None
            cpu = time.process_time()
            seconds, report = _timed(lambda: sync(w3, suite, register))
            sync_cpu = time.process_time() - cpu
            resync, again = _timed(lambda: sync(w3, suite, register))
            assert again.events == 0
            followed = register.suite(suite.chain_id, suite.token.address)
            assert followed is not None
            start = followed.start_block
            latest, table = _timed(lambda: cap_table_at(register, followed, head))
            assert table.holders == holders, (table.holders, holders)
            middle, _ = _timed(lambda: cap_table_at(register, followed, (start + head) // 2))
            checked, verified = _timed(lambda: verify(w3, suite, register))
            assert verified.ok, verified.differences[:5]
        return RegisterBench(holders, transfers, report.events, head - start + 1, setup, seconds, sync_cpu, resync,
                             latest, middle, checked, verified.wallets)


def render_markdown(result: RegisterBench) -> str:
    """The result as a markdown table."""
    return "\n".join([
        "## Register (SQLite)",
        "",
        ("| holders | transfers | events synced | blocks | sync | second sync | cap table, latest | "
        "cap table, mid-history | verify |"),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        (f"| {result.holders:,} | {result.transfers:,} | {result.events:,} | {result.blocks:,} | {result.sync:.1f} s "
         f"({result.sync_cpu:.1f} s CPU) | "
        f"{result.resync:.2f} s | {result.cap_table_latest:.2f} s | {result.cap_table_middle:.2f} s | "
        f"{result.verify:.1f} s ({result.wallets_verified:,} wallets) |"),
        "",
        f"(history made in {result.setup:.0f} s, not measured; CPU: the sync's own process, without the node's)",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.register``."""
    parser = argparse.ArgumentParser(prog="python -m bench.register", description=__doc__.split("\n\n")[0])
    parser.add_argument("--holders", type=int, default=HOLDERS)
    parser.add_argument("--transfers", type=int, default=TRANSFERS)
    args = parser.parse_args(argv)
    result = run_register_bench(args.holders, args.transfers,
                                log=lambda message: print(message, file=sys.stderr, flush=True))
    print(render_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
