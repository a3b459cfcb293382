"""Mining by hand, for tests that stop a command (or its node) in the middle of its transactions.

With automine a loaded machine may let a command finish between two looks at its progress; mining its
transactions one block at a time, and then no more, leaves it waiting for a transaction that cannot land, so
a signal (or the node's stop) finds it in the middle however slow the machine is."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

from web3 import Web3


def _pending(w3: Web3) -> int:
    return int(w3.provider.make_request("txpool_status", [])["result"]["pending"], 16)


def mine_until(
    w3: Web3, process: subprocess.Popen[str], condition: Callable[[], bool], timeout: float = 180
) -> bool:
    """Automine off; mine the pool's transactions while `process` runs, until `condition` holds (returned).
    Automine stays off: :func:`mine_again` turns it back on."""
    w3.provider.make_request("evm_setAutomine", [False])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        if _pending(w3):
            w3.provider.make_request("evm_mine", [])
        time.sleep(0.005)
    return condition()


def mine_again(w3: Web3) -> None:
    """Automine back on, and the transactions a stopped process left in the pool mined."""
    w3.provider.make_request("evm_setAutomine", [True])
    if _pending(w3):
        w3.provider.make_request("evm_mine", [])
