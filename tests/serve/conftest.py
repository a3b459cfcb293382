"""Fixtures for the compliance officer's page: the example suite deployed by `sectoken deploy` once per
module with holders (one of them an entity), freezes, a forced transfer, DvP trades (one settled, one rejected by the agent), a
distribution paid out, stablecoin reserves, an open redemption and a lawful seizure; the register synced
part of the way; and `sectoken serve --port 0` running on it as a separate process (stopped by SIGINT
at the end, as Ctrl-C would)."""

import os
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sectoken.contracts.stablecoin import order_reference
from sectoken.signers import dev_account
from tests.cli.conftest import (
    ALICE,
    BOB,
    CAROL,
    CLEAN_ENV,
    DEPLOYER,
    ERIN,
    SUITE,
    Sectoken,
    deployed,
    example_deployed,
    example_onboarded,
    onboarded,
    sectoken,
)

__all__ = [
    "ALICE", "BOB", "CAROL", "DEPLOYER", "ERIN", "SECRET", "SUITE", "Sectoken", "Served", "activity", "chromium", "deployed", "example_deployed", "example_onboarded",
    "onboarded", "sectoken", "served",
]

#: A secret in the node's URL.
SECRET = "s3cret-key-0451"
USD = 10**6
AS_ALICE, AS_BOB = ("--account-index", "1"), ("--account-index", "2")


@dataclass
class Activity:
    """What the module's fixture did, for the tests to look for."""

    settled_trade: int
    rejected_trade: int
    synced_block: int
    database: str


@pytest.fixture(scope="module")
def activity(web3, sectoken, onboarded, tmp_path_factory) -> Activity:
    """The suite's life so far, through the library and the command line."""
    token, coin = onboarded.token, onboarded.stablecoin
    assert coin is not None and onboarded.settlement is not None
    token.mint(ALICE, 1_000)
    token.mint(BOB, 500)  # a US investor: locked for 12 months by the uk-us-bridge pack
    onboarded.registry.set_investor_type(ALICE, "entity")  # a UK professional client may be a company
    token.freeze_partial(ALICE, 100)
    token.set_address_frozen(CAROL, True)
    token.forced_transfer(ALICE, BOB, 50)
    coin.mint(BOB, 10_000 * USD)
    coin.mint(DEPLOYER, 1_000 * USD)
    settled = sectoken.json("settle", "propose", "--buyer", BOB, "--amount", "20", "--price", "250", *AS_ALICE)["tradeId"]
    sectoken.ok("settle", "accept", settled, *AS_BOB)
    rejected = sectoken.json("settle", "propose", "--buyer", BOB, "--amount", "5", "--price", "60", *AS_ALICE)["tradeId"]
    onboarded.settlement.reject(rejected)
    tree = tmp_path_factory.mktemp("coupon") / "coupon.json"
    sectoken.ok("distribute", "create", "--total", "150", "--out", tree)
    sectoken.ok("distribute", "claim", "1", "--holder", ALICE, "--tree", tree)
    coin.with_signer(dev_account(2)).request_redemption(5 * USD, order_reference("payout-1"))
    database = f"sqlite:///{tmp_path_factory.mktemp('register') / 'register.sqlite'}"
    synced = sectoken.json("register", "sync", "--database", database)["syncedBlock"]
    # After the sync: the page reads the register up to its block and the chain after it.
    coin.mint(ERIN, 7 * USD)
    coin.blacklist(ERIN)
    coin.seize(ERIN, DEPLOYER, order_reference("CASE-2030-42"))
    return Activity(settled, rejected, synced, database)


@dataclass
class Served:
    """A running `sectoken serve`."""

    url: str
    process: subprocess.Popen

    def get(self, path: str, *, method: str = "GET", host: str | None = None) -> tuple[int, dict, str]:
        """(status, headers, body) of a request to ``path``."""
        request = urllib.request.Request(self.url.rstrip("/") + path, method=method)
        if host is not None:
            request.add_header("Host", host)
        try:
            with _DIRECT.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy


def _read_line(stream, deadline: float) -> str:
    line = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.5)
        if ready:
            line = stream.readline()
            if line:
                return line
    raise AssertionError("`sectoken serve` printed no URL in time")


@pytest.fixture(scope="module")
def served(sectoken, activity) -> Iterator[Served]:
    """`sectoken serve --port 0` on the suite and its register, until the module ends (then SIGINT, as
    Ctrl-C)."""
    env = {key: value for key, value in os.environ.items() if key not in CLEAN_ENV}
    env["HOME"] = str(sectoken.home)
    # The node's URL carries a password and a key, as a provider's would: no page may show them.
    node = sectoken.url.replace("http://", f"http://officer:{SECRET}@", 1).rstrip("/") + f"/?apikey={SECRET}"
    command = [str(Path(sys.executable).parent / "sectoken"), "serve", "--port", "0", "--rpc-url", node,
               "--deployments", str(sectoken.deployments), "--suite", SUITE, "--database", activity.database]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = _read_line(process.stdout, time.monotonic() + 60)
        assert "serving suite 'uk-us-bond' at http://127.0.0.1:" in line, line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        yield Served(url, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def chromium() -> str | None:
    """The system Chromium (Debian's `chromium` package), if installed."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None
