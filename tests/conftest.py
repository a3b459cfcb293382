"""Shared fixtures. brownie's pytest plugin starts the development chain (Anvil) and provides
`accounts`, the contract containers and `chain`; every test runs in its own snapshot.

`suite` deploys the whole identity + token stack once per test module (the per-test snapshot then
rolls every test back to that state) and returns its named parts."""

import gc
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import to_checksum_address

# Claim topics (sectoken numbering).
KYC, AML, US_ACCREDITED, US_QP, UK_PROFESSIONAL, UK_HNW, UK_SOPHISTICATED, NON_US = range(1, 9)
# ISO 3166-1 numeric.
UK, US, DE = 826, 840, 276
NO_EXPIRY = 2**64 - 1
DAY = 86400
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"

# Investor identities are plain addresses (the ONCHAINID of each investor).
ALICE_ID = to_checksum_address("0x00000000000000000000000000000000000a11ce")
BOB_ID = to_checksum_address("0x0000000000000000000000000000000000000b0b")
CAROL_ID = to_checksum_address("0x00000000000000000000000000000000000ca501")
DAVE_ID = to_checksum_address("0x0000000000000000000000000000000000000dae")


def _quiet_rpc_calls() -> None:
    """brownie wraps its Rpc methods (snapshot, revert, sleep, mine, ...) to warn when user code calls
    them instead of `chain`'s. The check builds `inspect.stack()`, source lines of every frame included,
    on each call: about 0.1 s for every per-test revert and every traced call. And its own (compiled)
    `chain` never passes the check, so the warning is noise. Call the methods directly."""
    from brownie.network.rpc import Rpc

    for name, attr in list(vars(Rpc).items()):
        if getattr(attr, "__name__", "") == "wrapped" and getattr(attr, "__closure__", None):
            setattr(Rpc, name, attr.__closure__[0].cell_contents)


_quiet_rpc_calls()


def _ctrl_c_as_in_a_terminal() -> None:
    """Some tests press Ctrl-C on a command they started (SIGINT) and check what it says. A test run started in
    the background by a non-interactive shell (`make test &`, a CI runner's script) inherits SIGINT *ignored*,
    which its children would inherit too: Python then installs no KeyboardInterrupt handler, the Ctrl-C is
    lost and the command runs on. Such a run gets SIGINT's usual handler back, as in a terminal (a handler,
    unlike "ignored", is reset to the default action in the commands it starts)."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


_ctrl_c_as_in_a_terminal()


def _no_undo_snapshots() -> None:
    """brownie keeps an undo buffer for `chain.undo()`: after every transaction a thread of its own takes a chain
    snapshot (Anvil copies its whole state for it), one request of every transaction's ten. The tests never
    undo a transaction (each test's changes are reverted with `fn_isolation`'s snapshot): the thread still
    waits for the transaction, drops what `chain.redo()` would replay and syncs brownie's clock with the
    chain, as before; it takes no snapshot, and `chain.undo()` finds an empty buffer."""
    from brownie.network.state import Chain

    def _add_to_undo_buffer(self: Any, tx: Any, fn: Any, args: Any, kwargs: Any) -> None:
        with self._undo_lock:
            tx._confirmed.wait()
            self._redo_buffer.clear()
            self._set_time_offset_from_block()  # transactions can advance the chain's clock

    Chain._add_to_undo_buffer = _add_to_undo_buffer


_no_undo_snapshots()


def _no_code_lookups_on_revert() -> None:
    """After every chain revert brownie asks the node for the code of each contract it deployed at or below the
    block reverted to (`ContractContainer._revert`), in case that contract went with an abandoned history: a
    request per contract after every test. brownie tells its containers of every revert and reset, and each
    one drops the contracts deployed above the block reverted to, so a contract it deployed at or below that
    block is on the chain: only contracts whose deployment block brownie does not know are looked up, as
    before."""
    from brownie.network.contract import ContractContainer
    from brownie.network.web3 import web3

    def _revert(self: Any, height: int) -> None:
        def gone(contract: Any) -> bool:
            if contract.tx and contract.tx.block_number is not None:
                return contract.tx.block_number > height
            return len(web3.eth.get_code(contract.address).hex().removeprefix("0x")) <= 2

        for contract in [contract for contract in self._contracts if gone(contract)]:
            self.remove(contract)
            contract._reverted = True

    ContractContainer._revert = _revert


_no_code_lookups_on_revert()


@pytest.fixture(scope="module", autouse=True)
def _frozen_heap():
    """brownie runs a full `gc.collect()` on every chain revert (each test's isolation, each traced call
    under `--coverage`), which walks the whole heap: compiled project, build maps, coverage data. Freeze
    what exists when a module starts (after collecting its garbage), so each of those collections only
    walks what the module's tests allocate."""
    gc.collect()
    gc.freeze()
    yield


def deep(default: int, deep_count: int) -> int:
    """Example count for property tests: small by default, `deep_count` when SECTOKEN_DEEP is set."""
    return deep_count if os.environ.get("SECTOKEN_DEEP") else default


MNEMONIC = "test test test test test test test test test test test junk"
Account.enable_unaudited_hdwallet_features()

# The test chain is brownie's Anvil, reached by --rpc-url: not a node sectoken started, so the command line
# signs with its development accounts only when told to. The tests opt in once, here (the commands they run
# in-process and in subprocesses inherit it); the tests of the refusal unset it.
os.environ["SECTOKEN_ALLOW_DEV_ACCOUNTS"] = "1"


def private_key(account: Any) -> str:
    """Private key of a brownie development account (derived from the dev chain's mnemonic)."""
    from brownie import accounts

    index = list(accounts).index(account)
    return Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}").key.hex()


def now() -> int:
    """Timestamp of the latest block (the chain's clock, whatever snapshots did to brownie's offset)."""
    from brownie import web3

    return int(web3.eth.get_block("latest")["timestamp"])


def ints(values: Any) -> list[int]:
    """A returned uint array as plain ints."""
    return [int(v) for v in values]


def revert_msg(name: str, *args: Any) -> str:
    """The revert message brownie builds for custom error `name(args...)`."""
    rendered = []
    for a in args:
        if hasattr(a, "address"):
            a = a.address
        if isinstance(a, (bytes, bytearray)):
            a = str(bytes(a))
        elif isinstance(a, str) and a.startswith("0x") and len(a) == 42:
            a = a.lower()
        elif isinstance(a, str) and a.startswith("0x") and len(a) == 66:
            a = str(bytes.fromhex(a[2:]))  # bytes32 renders as a Python bytes literal
        rendered.append(str(a))
    return f"{name}: {', '.join(rendered)}"


def transfer_refusal(token, code: int, sender: Any, amount: int) -> str:
    """The revert message of a holder's transfer that `detectTransferRestriction` refuses with `code`: code 4
    reverts with OpenZeppelin's `ERC20InsufficientBalance` (above the balance) or ERC-7943's
    `ERC7943InsufficientUnfrozenBalance` (above the unfrozen part), every other code with
    `TransferRestricted(code)`."""
    if code != 4:
        return revert_msg("TransferRestricted", code)
    balance = int(token.balanceOf(sender))
    if amount > balance:
        return revert_msg("ERC20InsufficientBalance", sender, balance, amount)
    unfrozen = max(balance - int(token.getFrozenTokens(sender)), 0)
    return revert_msg("ERC7943InsufficientUnfrozenBalance", sender, amount, unfrozen)


def investor(registry, wallet) -> tuple[str, int, bool, int]:
    """`registry.investor(wallet)` as a plain (identity, country, verified, topics) tuple."""
    ident, country, verified, topics = registry.investor(wallet)
    return (str(ident), int(country), bool(verified), int(topics))


@pytest.fixture(scope="session", autouse=True)
def _chain_id_cached() -> None:
    """web3's validation asks the node for its chain id before every call and every transaction it checks:
    a third of all the requests the tests make, and a quarter of their time. The test chain's id is fixed
    (a test that changes it turns the cache off meanwhile), so web3 answers it from its request cache."""
    from brownie import web3

    if web3.is_connected():
        web3.provider.cache_allowed_requests = True
        web3.provider.cacheable_requests = {"eth_chainId"}
        _no_proxy_lookups(web3.provider)
        from tests import rpc_transport

        rpc_transport.install(web3.provider)  # kept-alive connections instead of requests (see the module)
        _no_fee_lookups_for_priced_transactions(web3)


def _no_fee_lookups_for_priced_transactions(w3: Any) -> None:
    """web3's gas price strategy middleware asks the node for a gas price and for its latest block before every
    `eth_sendTransaction`, and uses neither when the transaction names its gas price and no EIP-1559 fee: it
    returns it unchanged. brownie gives every transaction on the test chain its gas price (`gas_price: 0` on
    development networks), so these are two requests of the seven of every brownie transaction. Such a
    transaction now goes on as the middleware would have returned it, without the two; any other goes
    through the middleware as before."""
    from web3.constants import DYNAMIC_FEE_TXN_PARAMS
    from web3.middleware import GasPriceStrategyMiddleware

    class PricedTransactionsAsGiven(GasPriceStrategyMiddleware):
        def request_processor(self, method: Any, params: Any) -> Any:
            if method == "eth_sendTransaction":
                transaction = params[0]
                if "gasPrice" in transaction and not any(key in transaction for key in DYNAMIC_FEE_TXN_PARAMS):
                    return method, params
            return super().request_processor(method, params)

    w3.middleware_onion.replace("gas_price_strategy", PricedTransactionsAsGiven)


def _no_proxy_lookups(provider: Any) -> None:
    """requests looks for proxy settings and a ~/.netrc before every request of a session that trusts the
    environment (scanning every environment variable, twice): half a millisecond a request here, a tenth of
    a brownie test's time. The test chain is on the loopback interface, reached without a proxy: the
    sessions of the test chain's provider (one per thread) do not read the environment."""
    sessions = provider._request_session_manager
    cached = sessions.cache_and_return_session

    def session_ignoring_the_environment(*args: Any, **kwargs: Any) -> Any:
        session = cached(*args, **kwargs)
        session.trust_env = False
        return session

    sessions.cache_and_return_session = session_ignoring_the_environment


@pytest.fixture
def manual_mining(web3) -> Iterator[None]:
    """Transactions wait in the pool until a block is mined on demand (automining back on afterwards)."""
    web3.provider.make_request("evm_setAutomine", [False])
    try:
        yield
    finally:
        web3.provider.make_request("evm_setAutomine", [True])


@pytest.fixture
def warp(chain) -> Callable[[int], None]:
    """Move the chain so that the next block's timestamp is at least `timestamp`.

    Measured from the latest block (the chain's clock never runs behind it), not from `chain.time()`."""

    def to(timestamp: int) -> None:
        chain.sleep(max(0, timestamp - chain[-1].timestamp))
        chain.mine()

    return to


@pytest.fixture
def quick_retries(monkeypatch) -> None:
    """The provider's retry (`sectoken.chain.RETRY`: the same errors, the same number of tries) waiting 10 ms,
    20 ms, 40 ms... between tries instead of 0.5 s, 1 s, 2 s...: a test of a node that stops answering, or of
    answers held back, proves what is retried and how often without sleeping through the backoff."""
    from sectoken.chain import RETRY

    monkeypatch.setattr(RETRY, "backoff_factor", 0.01)


@pytest.fixture(autouse=True)
def isolation(fn_isolation):
    """Revert the chain to a snapshot after every test, so tests never see each other's state."""


@pytest.fixture
def fn_isolation(module_isolation):
    """brownie's fixture of that name, in fewer requests: `chain.snapshot()` before the test and, after it, the
    node's pool emptied and the chain reverted to brownie's snapshot as `chain.revert()` does (`_revert_to`:
    brownie's clock, undo buffer and contract registry follow). brownie's own revert first asks whether the
    node answers and at which block it is (at block 0 it skips the revert), then asks the block number three
    more times: eight requests around every test, five here."""
    import brownie
    from brownie._config import CONFIG

    brownie.chain.snapshot()
    yield
    if not CONFIG.argv["interrupt"]:
        brownie.chain._snapshot_id = _revert_to(brownie.chain._snapshot_id)


# ---------------------------------------------------------------- states of the chain kept for many modules

#: Module-scoped fixtures that start their module from a state of the chain kept for the whole test process
#: (built once through `kept_states`): a module using one starts from it instead of from genesis.
KEPT_STATE_FIXTURES: set[str] = set()
#: Kept-state fixtures whose state is built on another's (`on=`): a module using both starts from the later one.
_KEPT_STATE_BASE: dict[str, str] = {}


def starts_from_kept_state(fixture: Any = None, *, on: str | None = None) -> Any:
    """Declare a module-scoped fixture that returns `kept_states.enter(...)` (see `module_isolation`); with
    `on`, the name of the kept-state fixture whose state this one's is built on (`kept_states.enter(..., on=)`):
    such a fixture must not request that one (entering the base state would leave the later one)."""

    def declare(fixture: Any) -> Any:
        KEPT_STATE_FIXTURES.add(fixture.__name__)
        if on is not None:
            _KEPT_STATE_BASE[fixture.__name__] = on
        return fixture

    return declare if fixture is None else declare(fixture)


class KeptStates:
    """States of this process's test chain that many modules start from, each built once (from genesis, or from
    another kept state) and kept as a snapshot, with what its builder returned. Anvil drops a snapshot when the
    chain reverts to it (a new one of the same state is taken at once) or to an older one (the genesis reset of
    a module that starts from genesis, or the state a later one was built on): the state is then built again."""

    def __init__(self) -> None:
        # name -> (snapshot id, what the builder returned, what the states it was built on hold by name)
        self._kept: dict[str, tuple[Any, Any, dict[str, Any]]] = {}
        self._module: dict[str, Any] = {}  # the states the current module started from (and their bases) by name

    def new_module(self) -> None:
        """A module starts (see `module_isolation`): the next `enter` puts the chain in its state."""
        self._module = {}

    def enter(self, name: str, build: Callable[..., Any], *, on: tuple[str, Callable[..., Any]] | None = None) -> Any:
        """Put the chain in state `name` and return what its builder returned when it was built. The state is
        built from genesis by `build()`, or with `on=(base name, base builder)` from the kept state `base` by
        `build(what the base's builder returned)`. Within a module that started from `name` or from a state built
        on it, the chain stays as it is."""
        import brownie
        from brownie.exceptions import RPCRequestError

        if name in self._module:
            return self._module[name]
        kept = self._kept.pop(name, None)
        if kept is not None:
            snapshot, built, bases = kept
            try:
                self._kept[name] = (_revert_to(snapshot), built, bases)
                self._module = {**bases, name: built}
                return built
            except RPCRequestError:  # the chain was reverted to an older state since: the snapshot is gone
                brownie.chain._snapshot_time_offsets.pop(snapshot, None)
        if on is None:
            brownie.chain.reset()
            bases: dict[str, Any] = {}
            built = build()
        else:
            base = self.enter(*on)
            bases = dict(self._module)
            built = build(base)
        self._kept[name] = (brownie.chain._take_snapshot(), built, bases)
        self._module = {**bases, name: built}
        return built


def _revert_to(snapshot: Any) -> Any:
    """Revert brownie's chain to `snapshot` (taken by its `_take_snapshot`), as `chain.revert` does with its own
    snapshot: brownie's clock offset, undo buffer and contract registry follow. Returns the snapshot taken of
    the same state (Anvil drops the one it reverts to). brownie's `chain._revert` is not used: on a chain at
    block 0 it takes a snapshot instead of reverting."""
    from brownie import chain, web3
    from brownie.exceptions import RPCRequestError
    from brownie.network.state import _notify_registry

    with chain._undo_lock:
        # Anvil's revert keeps its pool: a transaction still pending there (a test that stopped waiting for one,
        # or Anvil answering a send before its miner is done) would be mined into the next test's state.
        web3.provider.make_request("anvil_dropAllTransactions", [])
        # brownie's `Rpc().revert` ignores the answer: Anvil answers false, and reverts nothing, for a snapshot it
        # no longer has.
        if web3.provider.make_request("evm_revert", [snapshot]).get("result") is not True:
            raise RPCRequestError(f"the chain has no snapshot {snapshot} (any more)")
        height = web3.eth.block_number
        chain._undo_buffer.clear()
        chain._redo_buffer.clear()
        chain._snapshot_id = None
        time_offset = chain._snapshot_time_offsets.pop(snapshot, None)
        if time_offset is None:  # brownie forgot it (`chain.reset()`): its clock follows the chain's, as it does then
            chain._set_time_offset_from_block()
        else:
            chain._time_offset = time_offset
        chain._current_id = chain._take_snapshot()
        _notify_registry(height)
        return chain._current_id


@pytest.fixture(scope="session")
def kept_states() -> KeptStates:
    return KeptStates()


@pytest.fixture(scope="module")
def module_isolation(request):
    """brownie's fixture of that name, for the modules of this suite: each module starts from the chain's
    genesis, or from the kept state its module fixture enters (`KEPT_STATE_FIXTURES`), entered here, before
    any test or other fixture of the module runs. Nothing is reset at the module's end: the next module
    starts from a state of its own, and a kept state built after the genesis stays for it."""
    import brownie

    request.getfixturevalue("kept_states").new_module()
    kept = request.config.stash[_KEPT_STATE_OF].get(request.node.nodeid)
    if kept:
        request.getfixturevalue(kept)
    else:
        brownie.chain.reset()
    yield


_KEPT_STATE_OF = pytest.StashKey[dict[str, str]]()


@dataclass
class Suite:
    """The deployed stack and the accounts playing each part."""

    owner: Any
    agent: Any
    issuer: Any
    issuer2: Any
    alice: Any
    bob: Any
    carol: Any
    dave: Any
    stranger: Any
    storage: Any
    registry: Any
    compliance: Any = None
    token: Any = None


#: The built-in rule modules in the order of their rule numbers (`IRuleEngine`).
BUILTIN_MODULES = ("CountryAllowModule", "CountryRestrictModule", "MaxBalanceModule", "MaxHoldersModule",
                   "SupplyLimitModule", "LockUpModule", "InvestorEligibilityModule", "TransferLimitsModule",
                   "FlowbackModule", "NonAccreditedHoldersModule", "MinimumHoldingModule", "MinimumTransferModule",
                   "InvestorTypeModule", "SpenderModule")


def deploy_compliance_implementation(owner: Any) -> Any:
    """A ModularCompliance implementation with its shared built-in rule modules, freshly deployed."""
    import brownie

    modules = [getattr(brownie, name).deploy({"from": owner}) for name in BUILTIN_MODULES]
    return brownie.ModularCompliance.deploy(modules, {"from": owner})


def deploy_compliance(owner: Any, implementation: Any = None) -> Any:
    """A ModularCompliance behind its proxy, initialised for `owner` in the deploying transaction (a fresh
    implementation with its shared built-in modules unless `implementation` is given)."""
    import brownie

    impl = implementation or deploy_compliance_implementation(owner)
    proxy = brownie.OfferingProxy.deploy(impl, impl.initialize.encode_input(owner), {"from": owner})
    return brownie.Contract.from_abi("ModularCompliance", proxy.address, brownie.ModularCompliance.abi)


def deploy_registry(owner: Any, storage: Any) -> Any:
    """An IdentityRegistry behind its proxy, initialised for `owner` on `storage` in the deploying
    transaction (the storage's owner still binds it)."""
    import brownie

    impl = brownie.IdentityRegistry.deploy({"from": owner})
    proxy = brownie.OfferingProxy.deploy(impl, impl.initialize.encode_input(owner, storage), {"from": owner})
    registry = brownie.Contract.from_abi("IdentityRegistry", proxy.address, brownie.IdentityRegistry.abi)
    registry.tx = proxy.tx  # the deploying transaction, as brownie gives it for a contract it deployed
    return registry


def builtin_module(compliance: Any, name: str) -> Any:
    """The compliance's shared built-in module `name` (``"MaxBalanceModule"``...) as a brownie contract."""
    import brownie

    container = getattr(brownie, name)
    address = compliance.builtinModules()[BUILTIN_MODULES.index(name)]
    return brownie.Contract.from_abi(name, address, container.abi)


def configure(compliance: Any, module: Any, function: str, *args: Any, sender: Any) -> Any:
    """Call a built-in module's setter as ERC-3643 tools do: through `compliance.callModuleFunction`, sent by
    `sender` (the compliance's owner for it to pass)."""
    data = getattr(module, function).encode_input(*args)
    return compliance.callModuleFunction(data, module, {"from": sender})


def token_abi() -> list[dict[str, Any]]:
    """The token's ABI as clients use it: SecurityToken's plus its TokenAdmin companion's, as the shipped
    artifact carries it (`sectoken.artifacts.COMPANIONS`; equal to a fresh compile, see test_artifacts)."""
    from sectoken import artifacts

    return list(artifacts.load("SecurityToken").abi)


def deploy_token(owner: Any, registry: Any, compliance: Any, name: str = "Sectoken Bond 2030",
                 symbol: str = "SB30", decimals: int = 0, onchain_id: str = ZERO_ADDRESS) -> Any:
    """A SecurityToken behind its proxy (with its TokenAdmin companion), initialised in the deploying
    transaction; `compliance` still to be bound by its owner."""
    import brownie

    admin = brownie.TokenAdmin.deploy({"from": owner})
    impl = brownie.SecurityToken.deploy(admin, {"from": owner})
    data = admin.initialize.encode_input(name, symbol, decimals, registry, compliance, onchain_id, owner, [])
    proxy = brownie.OfferingProxy.deploy(impl, data, {"from": owner})
    token = brownie.Contract.from_abi("SecurityToken", proxy.address, token_abi())
    token.tx = proxy.tx  # the deploying transaction, as brownie gives it for a contract it deployed
    return token


def _deploy_identity(accounts, IdentityRegistryStorage, IdentityRegistry, chain) -> Suite:
    owner, agent, issuer, issuer2 = accounts[0], accounts[1], accounts[2], accounts[3]
    alice, bob, carol, dave, stranger = accounts[4], accounts[5], accounts[6], accounts[7], accounts[9]
    storage = IdentityRegistryStorage.deploy(owner, {"from": owner})
    registry = deploy_registry(owner, storage)
    storage.bindIdentityRegistry(registry, {"from": owner})
    registry.addAgent(agent, {"from": owner})
    registry.addClaimTopic(KYC, {"from": owner})
    storage.addTrustedIssuer(issuer, [KYC, AML, US_ACCREDITED, NON_US, UK_PROFESSIONAL], {"from": owner})
    storage.addTrustedIssuer(issuer2, [KYC, AML], {"from": owner})
    expiry = now() + 365 * DAY
    for wallet, ident, country in ((alice, ALICE_ID, UK), (bob, BOB_ID, US), (carol, CAROL_ID, UK)):
        registry.registerIdentity(wallet, ident, country, {"from": agent})
        storage.addClaim(ident, KYC, expiry, {"from": issuer})
    return Suite(owner, agent, issuer, issuer2, alice, bob, carol, dave, stranger, storage, registry)


@pytest.fixture(scope="module")
def identity_suite(accounts, IdentityRegistryStorage, IdentityRegistry, chain) -> Suite:
    """Storage + registry; alice (UK), bob (US) and carol (UK) registered with a KYC claim valid for a
    year from `issuer` (trusted for KYC, AML, US accredited, non-US, UK professional; `issuer2` for KYC
    and AML). KYC is required. dave is unregistered."""
    return _deploy_identity(accounts, IdentityRegistryStorage, IdentityRegistry, chain)




@pytest.fixture(scope="module")
def suite(accounts, IdentityRegistryStorage, IdentityRegistry, TestCompliance, SecurityToken, chain) -> Suite:
    """The full stack: the identity suite above, plus a 0-decimals SecurityToken bound to a recording
    TestCompliance (no rules), `agent` an agent of both token and registry, alice holding 1000 and bob
    500 tokens."""
    s = _deploy_identity(accounts, IdentityRegistryStorage, IdentityRegistry, chain)
    s.compliance = TestCompliance.deploy({"from": s.owner})
    s.compliance.setRecording(True, {"from": s.owner})
    s.token = deploy_token(s.owner, s.registry, s.compliance)
    s.compliance.bindToken(s.token, {"from": s.owner})
    s.registry.bindToken(s.token, {"from": s.owner})
    s.token.addAgent(s.agent, {"from": s.owner})
    s.token.mint(s.alice, 1000, {"from": s.agent})
    s.token.mint(s.bob, 500, {"from": s.agent})
    return s


CLAIM_DOMAIN_NAME, CLAIM_DOMAIN_VERSION = "sectoken IdentityRegistryStorage", "1"


def claim_typed_data(verifying_contract: str, chain_id: int, issuer: str, identity: str, topic: int, expiry: int,
                     nonce: int, deadline: int, name: str = CLAIM_DOMAIN_NAME,
                     version: str = CLAIM_DOMAIN_VERSION) -> dict[str, Any]:
    """The EIP-712 typed data of a signed claim (the storage's domain unless told otherwise)."""
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Claim": [
                {"name": "issuer", "type": "address"},
                {"name": "identity", "type": "address"},
                {"name": "topic", "type": "uint256"},
                {"name": "expiry", "type": "uint64"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Claim",
        "domain": {"name": name, "version": version, "chainId": chain_id, "verifyingContract": verifying_contract},
        "message": {"issuer": issuer, "identity": identity, "topic": topic, "expiry": expiry, "nonce": nonce,
                    "deadline": deadline},
    }


@pytest.fixture
def sign_claim(chain) -> Callable[..., bytes]:
    """Sign an EIP-712 claim for `storage` as `issuer_account`; returns the signature bytes."""

    def _sign(storage, issuer_account, identity, topic, expiry, nonce, deadline) -> bytes:
        message = claim_typed_data(storage.address, chain.id, issuer_account.address, identity, topic, expiry,
                                   nonce, deadline)
        signed = Account.sign_message(encode_typed_data(full_message=message), private_key(issuer_account))
        return signed.signature

    return _sign


# ---------------------------------------------------------------- the chain of each test process


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: Any) -> None:
    """A free loopback port for the chain brownie launches in this process (each xdist worker its own).

    brownie's development networks have fixed ports in `~/.brownie`, shared by every checkout on the
    machine, and when something already answers there brownie attaches to it: to another run's chain,
    or the other worker's. brownie launches its chain at the end of this hook (a wrapper that runs last);
    the port is chosen just before."""
    from brownie._config import CONFIG

    from sectoken.chain import free_port

    network = CONFIG.networks.get(CONFIG.argv.get("network") or CONFIG.settings["networks"]["default"])
    if session.items and network and "cmd" in network and isinstance(network.get("cmd_settings"), dict):
        network["cmd_settings"]["port"] = free_port()
        if Path(network["cmd"].split(" ")[0]).name == "anvil":
            network["cmd"] = _with_scratch_dir(network["cmd"])


def _with_scratch_dir(cmd: str) -> str:
    """brownie's command for Anvil, with the chain's older states kept in a scratch folder of this process
    (`sectoken.chain.scratch_dir`), removed when the process exits; not in `~/.foundry/anvil/tmp`, where
    Anvil leaves them when brownie kills it. A folder left by a killed test process is removed by the next
    one (its chain gone, `prune_scratch_dirs`)."""
    import atexit
    import shutil

    from sectoken.chain import CACHE_PATH_OPTION, scratch_dir

    scratch = scratch_dir()
    if " " in str(scratch):  # brownie splits its command on spaces
        scratch.rmdir()
        return cmd

    def stop_chain_and_remove_scratch() -> None:
        # brownie stops the chain it launched at exit too, but after this (the last registered runs first).
        from brownie.network.rpc import Rpc

        Rpc()._at_exit()
        shutil.rmtree(scratch, ignore_errors=True)

    atexit.register(stop_chain_and_remove_scratch)
    return f"{cmd} {CACHE_PATH_OPTION} {scratch}"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Modules marked `long` (state machines, interrupted deployments) first: pytest-xdist hands each worker
    a module at a time in this order (`--no-loadscope-reorder`), so the longest start first and the two
    workers finish together instead of one running a long module alone at the end.

    The modules that start from the same kept state (`KEPT_STATE_FIXTURES`) come one after the other, where
    the first of them was: a worker then builds the state once and each module reverts to it, instead of a
    module starting from genesis in between and the state being built again."""
    def module_of(item: Any) -> str:
        return item.getparent(pytest.Module).nodeid

    kept_state_of: dict[str, str] = {}
    for item in items:
        names = KEPT_STATE_FIXTURES.intersection(item.fixturenames)
        for name in sorted(names - {_KEPT_STATE_BASE.get(name) for name in names}):
            kept_state_of.setdefault(module_of(item), name)
    config.stash[_KEPT_STATE_OF] = kept_state_of

    def group(item: Any) -> str:
        module = module_of(item)
        return kept_state_of.get(module, module)

    first: dict[str, int] = {}
    for index, item in enumerate(items):
        first.setdefault(group(item), index)

    def place(item: Any) -> tuple[bool, int]:
        return item.get_closest_marker("long") is None, first[group(item)]

    items.sort(key=place)


# ---------------------------------------------------------------- contract coverage (`--coverage`)


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--contract-coverage-min", type=float, default=0.0, metavar="PERCENT",
        help="with --coverage: fail when the contracts' statement or branch coverage is below PERCENT",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: Any) -> None:
    # Before brownie's plugin starts (it runs next): brownie keeps each test module's results in
    # build/tests.json for its `--update` option (rerun only what changed) and, at the start of every run, in
    # every process, hashes the syntax tree of each module listed there and of every project module it
    # imports, about ten seconds on this machine for the whole suite. Without `--update` nothing reads the
    # results (and `--coverage` runs forget the transactions' cached coverage, see forget_cached).
    if not config.getoption("update", default=False):
        (Path(__file__).resolve().parents[1] / "build" / "tests.json").unlink(missing_ok=True)
        # The same hashes, of each module as its last test ends (for the results kept for `--update`): a run
        # without it keeps no hash (a later `--update` run then runs every module, as it does without results).
        from brownie.test.managers.base import PytestBrownieBase

        PytestBrownieBase._get_hash = lambda self, path: ""
    from tests import confirmation

    confirmation.install()  # brownie would take a transaction Anvil is still filing for a dropped one
    if config.getoption("coverage", default=False):
        from tests import contract_coverage

        contract_coverage.install()


def pytest_sessionstart(session: Any) -> None:
    if session.config.getoption("coverage", default=False):
        from tests import contract_coverage

        contract_coverage.forget_cached()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: Any) -> None:
    """With `--coverage`, in the process that reports (not an xdist worker, whose data brownie hands to the
    controller): statements and branches of each contract source the tests ran, written to
    reports/contract-coverage.json; the run fails below `--contract-coverage-min`."""
    config = session.config
    if not config.getoption("coverage", default=False) or hasattr(config, "workerinput"):
        return
    import json

    import brownie.project

    from tests import contract_coverage

    projects = brownie.project.get_loaded_projects()
    if not projects:
        return
    rows = contract_coverage.totals(projects[0]._build, contract_coverage.merged_coverage_eval())
    report = projects[0]._path / contract_coverage.REPORT
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps(rows, indent=1) + "\n")
    config.stash[_CONTRACT_COVERAGE] = rows
    minimum = config.getoption("contract_coverage_min")
    if minimum and any(pct < minimum for pct in contract_coverage.total_percentages(rows)) and not session.exitstatus:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_CONTRACT_COVERAGE = pytest.StashKey[dict]()


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: Any, config: Any) -> None:
    """The contract coverage table at the end of a `--coverage` run."""
    rows = config.stash.get(_CONTRACT_COVERAGE, None)
    if rows is None:
        return
    from tests import contract_coverage

    terminalreporter.section("Contract coverage (sources under contracts/)")
    for line in contract_coverage.summary_lines(rows):
        terminalreporter.write_line(line)
    minimum = config.getoption("contract_coverage_min")
    statements, branches = contract_coverage.total_percentages(rows)
    if minimum and min(statements, branches) < minimum:
        terminalreporter.write_line(
            f"FAIL: contract coverage {statements:.1f} % of statements, {branches:.1f} % of branches; "
            f"the floor is {minimum:g} %", red=True, bold=True,
        )
