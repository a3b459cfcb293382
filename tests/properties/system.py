"""The whole system deployed together, for cross-contract properties: identity registry + storage, a
SecurityToken with a ModularCompliance and its modules, a stablecoin behind its proxy, and DvP settlement
between the two; plus a reader that takes a snapshot of many views in one JSON-RPC batch, and the base
of the stateful machines (one chain snapshot, reverted before every example)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from eth_abi import decode, encode
from eth_utils import keccak, to_checksum_address
from eth_utils.abi import collapse_if_tuple
from hypothesis.stateful import RuleBasedStateMachine

from sectoken.jurisdictions import ComplianceConfig
from tests.compliance.stack_helpers import Holder, Stack, build_stack
from tests.conftest import DAY, DE, KYC, UK, US
from tests.stablecoin.stablecoin_testkit import Signer, block_time, deploy_stablecoin

FR = 250
MAX_UINT = 2**256 - 1

# The investors: identity, home country, and the indexes of their wallets among brownie's accounts.
INVESTORS = tuple(
    (to_checksum_address(f"0x{n:040x}"), country, wallets)
    for n, country, wallets in (
        (0xA1, UK, (3, 4)),
        (0xB2, UK, (5,)),
        (0xC3, US, (6,)),
        (0xD4, DE, (7,)),
        (0xE5, US, (8,)),
        (0xF6, FR, (9,)),
    )
)
UNREGISTERED = (9,)  # wallets the identity agent has not registered yet (their identity has its claim)

CONFIG = ComplianceConfig(
    packs=("properties",),
    required_topics=(KYC,),
    countries_restricted=(DE,),
    lockup_by_country={US: DAY},
    transfer_limits={DAY: 400},
    max_balance=600,
    holder_cap=4,
    country_holder_caps={UK: 2},
    supply_limit=3_000,
)
RESERVES = 20_000
MINTER_ALLOWANCES = (10_000, 3_000)


@dataclass
class System:
    owner: Any
    agent: Any
    issuer: Any
    stack: Stack
    usd: Any
    dvp: Any
    wallets: list[Any]
    identity: dict[str, str]  # wallet address -> identity
    home: dict[str, int]  # wallet address -> country it registers with
    minters: list[Any]
    sign: Signer
    accounts: list[Any] = field(default_factory=list)

    @property
    def token(self) -> Any:
        return self.stack.token

    @property
    def registry(self) -> Any:
        return self.stack.registry

    @property
    def storage(self) -> Any:
        return self.stack.storage

    def module(self, name: str) -> Any:
        return self.stack.modules[name]


def deploy_system(containers: dict[str, Any], accounts: Any, DvPSettlement: Any) -> System:
    """Deploy and wire everything. The token and the stablecoin both start in use: three security holders
    (one US lot still locked), reserves attested, two minters, every investor holding stablecoins and
    every wallet having approved the settlement contract on both tokens."""
    owner, agent, issuer = accounts[0], accounts[1], accounts[2]
    holders = [
        Holder(f"I{i}", ident, country, (KYC,), tuple(accounts[j] for j in idx if j not in UNREGISTERED))
        for i, (ident, country, idx) in enumerate(INVESTORS)
    ]
    stack = build_stack(containers, CONFIG, owner, agent, issuer, [h for h in holders if h.wallets])
    for ident, _, idx in INVESTORS:
        if all(j in UNREGISTERED for j in idx):
            stack.storage.addClaim(ident, KYC, 2**64 - 1, {"from": issuer})
    wallets = [accounts[j] for _, _, idx in INVESTORS for j in idx]
    identity = {accounts[j].address: ident for ident, _, idx in INVESTORS for j in idx}
    home = {accounts[j].address: country for _, country, idx in INVESTORS for j in idx}

    roles = SimpleNamespace(
        owner=owner, master_minter=owner, pauser=owner, blacklister=owner, rescuer=owner, attester=owner
    )
    usd = deploy_stablecoin(owner, roles, decimals=0)
    usd.attestReserves(RESERVES, block_time(), b"\x01" * 32, "report-1", {"from": owner})
    minters = [agent, issuer]
    for minter, allowance in zip(minters, MINTER_ALLOWANCES):
        usd.configureMinter(minter, allowance, {"from": owner})
    for w in wallets[:-1]:
        usd.mint(w, 1_000, {"from": agent})
    for minter in minters:
        usd.mint(minter, 300, {"from": minter})

    dvp = DvPSettlement.deploy({"from": owner})
    for w in wallets:
        stack.token.approve(dvp, MAX_UINT, {"from": w})
        usd.approve(dvp, MAX_UINT, {"from": w})
    for w in (wallets[0], wallets[2], wallets[3]):
        stack.token.mint(w, 100, {"from": agent})
    return System(
        owner, agent, issuer, stack, usd, dvp, wallets, identity, home, minters, Signer(usd), list(accounts)
    )


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    return value


class BatchReader:
    """Reads many views in one JSON-RPC batch of `eth_call`s: `read([(key, contract, function, args), ...])`
    returns `{key: value}`, values as plain ints, bools, checksum addresses, hex strings and tuples. Calls
    are encoded once and cached (the same views are read after every step)."""

    def __init__(self, web3: Any) -> None:
        self.web3 = web3
        self._prepared: dict[tuple[Any, ...], tuple[str, str, list[str]]] = {}

    def _prepare(self, c: Any, fn: str, args: tuple[Any, ...]) -> tuple[str, str, list[str]]:
        key = (c.address, fn, args)
        if key not in self._prepared:
            (abi,) = [
                e
                for e in c.abi
                if e.get("type") == "function" and e["name"] == fn and len(e["inputs"]) == len(args)
            ]
            inputs = [collapse_if_tuple(i) for i in abi["inputs"]]
            selector = keccak(text=f"{fn}({','.join(inputs)})")[:4]
            data = "0x" + (selector + encode(inputs, list(args))).hex()
            self._prepared[key] = (c.address, data, [collapse_if_tuple(o) for o in abi["outputs"]])
        return self._prepared[key]

    def read(self, calls: Iterable[tuple[Any, Any, str, tuple[Any, ...]]]) -> dict[Any, Any]:
        calls = list(calls)
        prepared = [self._prepare(c, fn, tuple(args)) for _, c, fn, args in calls]
        responses = self.web3.provider.make_batch_request(
            [("eth_call", [{"to": to, "data": data}, "latest"]) for to, data, _ in prepared]
        )
        out = {}
        for (key, *_), (_, _, outputs), response in zip(calls, prepared, responses):
            assert "result" in response, f"{key}: {response.get('error')}"
            values = decode(outputs, bytes.fromhex(response["result"][2:]))
            out[key] = _plain(values[0] if len(values) == 1 else values)
        return out


def error_names(*contracts: Any) -> set[str]:
    """The custom errors the contracts' ABIs declare."""
    return {e["name"] for c in contracts for e in c.abi if e.get("type") == "error"}


class ChainMachine(RuleBasedStateMachine):
    """A state machine whose every example starts from the same deployed state: the test takes one chain
    snapshot after deploying, and each example reverts to it."""

    chain: Any = None

    def __init__(self) -> None:
        super().__init__()
        self.chain.revert()  # brownie's chain.revert: back to the snapshot taken after deploying
