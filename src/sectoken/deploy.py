"""Deploy a whole suite from its configuration, and record it.

:func:`deploy_suite` deploys and wires, in this order:

1. the identity registry storage (unless the configuration shares an existing one) and the identity
   registry, bound to it; the deployer and the configured agents as registry agents; the required claim
   topics; the trusted issuers (the deployer in the example, for every topic the suite uses);
2. the modular compliance and the modules the composed rules need, each bound and configured with
   :meth:`~sectoken.jurisdictions.ComplianceConfig.module_calls` (before any issuance, as the modules
   that count balances require);
3. the security token, bound to the registry and the compliance, with the deployer and the configured
   agents as agents;
4. the stablecoin (an implementation and an ERC-1967 proxy initialised in its constructor, every role
   first held by the deployer), its maximum attestation age, its minters, its first reserve attestation,
   and then each role handed to its configured holder (ownership last);
5. the DvP settlement contract and the distribution contract, if enabled;

and writes ``deployments/<chain-id>/<name>.json`` (every address, deploy transaction, block and
artifact hash, and the configuration) through :mod:`sectoken.deployments`. Record keys:
``identityRegistryStorage``, ``identityRegistry``, ``compliance``, ``module:<ModuleName>``, ``token``,
``stablecoinImplementation``, ``stablecoin`` (the proxy, used with the ``Stablecoin`` ABI),
``settlement`` and ``distribution``.

Every transaction is simulated before it is sent, so a mistake stops the deployment before it costs
anything more. If a step fails after contracts were deployed, the record is written anyway, marked
incomplete, so nothing deployed is lost track of; deploying again replaces it.

Example:
    >>> config = load_config("examples/uk-us-bond.yaml")
    >>> suite = deploy_suite(w3, signer, config, progress=lambda step: print(step.describe()))
    >>> suite.token.symbol()
    'UUB30'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.artifacts import load as load_artifact
from sectoken.claims import TOPICS
from sectoken.config import SuiteConfig, resolve_account
from sectoken.contracts.compliance import MODULES, ModularCompliance
from sectoken.contracts.registry import IdentityRegistry, IdentityRegistryStorage
from sectoken.contracts.stablecoin import Stablecoin
from sectoken.contracts.token import SecurityToken
from sectoken.deployments import ContractRecord, Deployments, SuiteRecord
from sectoken.errors import ConfigError, DeploymentNotFoundError, SectokenError
from sectoken.signers import Signer
from sectoken.suite import MODULE_PREFIX, Suite
from sectoken.tx import Receipt, deploy

__all__ = ["DeployStep", "ProgressCallback", "deploy_suite"]

_ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


@dataclass(frozen=True)
class DeployStep:
    """One transaction of a deployment, reported to the progress callback as it is mined.

    Attributes:
        kind: ``"deploy"`` (a contract was created) or ``"call"`` (a contract was configured).
        name: For a deployment, the record key (``"token"``, ``"module:LockUpModule"``...); for a call,
            what it did, in words.
        artifact: The artifact deployed (``None`` for a call).
        receipt: The transaction's receipt (gas, block, hash).
    """

    kind: str
    name: str
    artifact: str | None
    receipt: Receipt

    @property
    def address(self) -> ChecksumAddress | None:
        """The contract deployed (``None`` for a call)."""
        return self.receipt.contract_address

    def describe(self) -> str:
        """The step in one line."""
        if self.kind == "deploy":
            return f"deployed {self.name} ({self.artifact}) at {self.address}, gas {self.receipt.gas_used:,}"
        return f"{self.name}, gas {self.receipt.gas_used:,}"


#: Called with each :class:`DeployStep` as soon as its transaction is mined.
ProgressCallback = Callable[[DeployStep], None]


class _Run:
    """The state of one deployment: what was deployed so far, and the progress callback."""

    def __init__(self, w3: Web3, signer: Signer, confirmations: int, progress: ProgressCallback | None) -> None:
        self.w3 = w3
        self.signer = signer
        self.confirmations = confirmations
        self.progress = progress
        self.contracts: dict[str, ContractRecord] = {}

    def report(self, step: DeployStep) -> None:
        if self.progress is not None:
            self.progress(step)

    def deploy(self, name: str, artifact_name: str, *args: Any) -> ChecksumAddress:
        artifact = load_artifact(artifact_name)
        address, receipt = deploy(self.w3, self.signer, artifact, *args, confirmations=self.confirmations)
        self.contracts[name] = ContractRecord.from_receipt(artifact, receipt)
        self.report(DeployStep("deploy", name, artifact_name, receipt))
        return address

    def call(self, what: str, receipt: Receipt) -> Receipt:
        self.report(DeployStep("call", what, None, receipt))
        return receipt


def _check_name_free(store: Deployments, chain_id: int, name: str, overwrite: bool) -> None:
    try:
        existing = store.find(chain_id, name)
    except DeploymentNotFoundError:
        return
    status = existing.config.get("deployment") or {}
    if overwrite or status.get("complete") is False:
        return
    raise ConfigError(
        f"Suite '{name}' is already deployed on chain {chain_id} ({store.path(chain_id, name)}); choose another "
        "name, or replace the record (sectoken deploy --force, deploy_suite(..., overwrite=True))."
    )


def _check_shared_storage(w3: Web3, config: SuiteConfig, deployer: str) -> None:
    address = config.registry.storage
    if address is None:
        return
    if not w3.eth.get_code(address):
        raise ConfigError(f"registry storage {address} has no contract on chain {w3.eth.chain_id}.")
    owner = IdentityRegistryStorage(w3, address).owner()
    if owner != deployer:
        raise ConfigError(
            f"registry storage {address} is owned by {owner}, not the deployer {deployer}: only its owner can bind "
            "the new registry and trust issuers."
        )


def deploy_suite(
    w3: Web3,
    signer: Signer,
    config: SuiteConfig,
    *,
    deployments: Deployments | None = None,
    progress: ProgressCallback | None = None,
    confirmations: int = 1,
    overwrite: bool = False,
) -> Suite:
    """Deploy, wire and record a suite (see the module's docstring for the order).

    Args:
        w3: The connection.
        signer: The deployer: owner of every contract, and whatever ``deployer`` stands for in the
            configuration.
        config: The suite configuration (:func:`sectoken.config.load_config`).
        deployments: Where to record it (``./deployments`` by default).
        progress: Called with each :class:`DeployStep` as it is mined.
        confirmations: Blocks to wait for after each transaction.
        overwrite: Replace an existing record of the same name on this chain.

    Returns:
        The deployed :class:`~sectoken.suite.Suite`, bound to ``signer``.

    Raises:
        ConfigError: the name is taken on this chain, or a shared storage is missing or not the
            deployer's (checked before anything is sent).
        RevertError: a step reverted (in simulation: it was not sent); the record is kept, marked incomplete.
        TransactionError: the node refused a transaction (e.g. the deployer has no funds).
    """
    store = deployments or Deployments()
    chain_id = int(w3.eth.chain_id)
    deployer = signer.address
    _check_name_free(store, chain_id, config.name, overwrite)
    _check_shared_storage(w3, config, deployer)
    config.compliance()  # composes the packs: a ConfigError here costs nothing
    run = _Run(w3, signer, confirmations, progress)
    try:
        _deploy_all(run, config, deployer)
    except BaseException as error:  # an interruption too: record what was deployed, then re-raise
        if run.contracts:
            path = _save(store, run, config, chain_id, deployer, error=error)
            if isinstance(error, SectokenError):
                error.args = (f"{error} The contracts deployed so far are recorded, marked incomplete, in {path}.",)
        raise
    _save(store, run, config, chain_id, deployer)
    return Suite.load(w3, signer, config.name, store, confirmations=confirmations)


def _save(
    store: Deployments,
    run: _Run,
    config: SuiteConfig,
    chain_id: int,
    deployer: ChecksumAddress,
    *,
    error: BaseException | None = None,
) -> str:
    data = config.to_json()
    data["deployment"] = {"complete": error is None}
    if error is not None:
        data["deployment"]["error"] = f"{type(error).__name__}: {error}"
    record = SuiteRecord(name=config.name, chain_id=chain_id, contracts=dict(run.contracts), config=data,
                         deployer=deployer)
    return str(store.save(record))


def _deploy_all(run: _Run, config: SuiteConfig, deployer: ChecksumAddress) -> None:
    w3, signer = run.w3, run.signer
    composed = config.compliance()
    agents = list(dict.fromkeys(resolve_account(agent, deployer) for agent in config.agents))

    # 1. Identity: storage, registry, agents, required topics, trusted issuers.
    if config.registry.storage is None:
        storage_address = run.deploy("identityRegistryStorage", "IdentityRegistryStorage", deployer)
    else:
        storage_address = config.registry.storage
        artifact = load_artifact("IdentityRegistryStorage")
        run.contracts["identityRegistryStorage"] = _shared_record(w3, storage_address, artifact.bytecode_sha256)
    storage = IdentityRegistryStorage(w3, storage_address, signer, confirmations=run.confirmations)
    registry_address = run.deploy("identityRegistry", "IdentityRegistry", deployer, storage_address)
    registry = IdentityRegistry(w3, registry_address, signer, confirmations=run.confirmations)
    run.call("storage: bind the identity registry", storage.bind_registry(registry_address))
    for agent in agents:
        run.call(f"registry: add agent {agent}", registry.add_agent(agent))
    for topic in config.required_topics():
        run.call(f"registry: require claim topic {topic}", registry.add_claim_topic(topic))
    used = config.topics_used()
    for issuer_config in config.registry.trusted_issuers:
        issuer = resolve_account(issuer_config.account, deployer)
        # `topics: all` (or none given): every claim topic sectoken knows, and any other the suite checks.
        topics = sorted(set(used) | set(TOPICS.values())) if issuer_config.topics is None else list(issuer_config.topics)
        if not topics:
            continue
        if storage.is_trusted_issuer(issuer):
            current = storage.issuer_topics(issuer)
            merged = sorted(set(current) | set(topics))
            if merged != sorted(current):
                run.call(f"storage: trust {issuer} for topics {merged}", storage.update_issuer_topics(issuer, merged))
        else:
            run.call(f"storage: trust {issuer} for topics {topics}", storage.add_trusted_issuer(issuer, topics))

    # 2. Compliance and its modules, configured before the token exists (no issuance yet).
    compliance_address = run.deploy("compliance", "ModularCompliance", deployer)
    compliance = ModularCompliance(w3, compliance_address, signer, confirmations=run.confirmations)
    calls = composed.module_calls()
    for name in composed.modules():
        address = run.deploy(f"{MODULE_PREFIX}{name}", name, compliance_address)
        run.call(f"compliance: add {name}", compliance.add_module(address))
        module = MODULES[name](w3, address, signer, confirmations=run.confirmations)
        for call in calls:
            if call.module == name:
                shown = ", ".join(str(arg) for arg in call.args)
                run.call(f"{name}: {call.function}({shown})", module.apply(call))

    # 3. The token, bound to the registry and the compliance.
    token_config = config.token
    token_address = run.deploy(
        "token",
        "SecurityToken",
        token_config.name,
        token_config.symbol,
        token_config.decimals,
        registry_address,
        compliance_address,
        token_config.onchain_id or _ZERO_ADDRESS,
        deployer,
    )
    token = SecurityToken(w3, token_address, signer, confirmations=run.confirmations)
    for agent in agents:
        run.call(f"token: add agent {agent}", token.add_agent(agent))

    # 4. The stablecoin behind its proxy.
    if config.stablecoin is not None:
        _deploy_stablecoin(run, config, deployer)

    # 5. Settlement and distribution.
    if config.settlement:
        run.deploy("settlement", "DvPSettlement")
    if config.distribution:
        run.deploy("distribution", "Distribution")


def _shared_record(w3: Web3, address: ChecksumAddress, sha256: str) -> ContractRecord:
    """A record for a contract the suite uses but did not deploy (a shared storage): no deploy transaction."""
    return ContractRecord(
        artifact="IdentityRegistryStorage",
        address=address,
        tx_hash="0x" + "00" * 32,  # type: ignore[arg-type]
        block_number=int(w3.eth.block_number),
        artifact_sha256=sha256,
    )


def _deploy_stablecoin(run: _Run, config: SuiteConfig, deployer: ChecksumAddress) -> None:
    coin_config = config.stablecoin
    assert coin_config is not None
    w3, signer = run.w3, run.signer
    coin, implementation_receipt, proxy_receipt = Stablecoin.deploy_proxy(
        w3,
        signer,
        coin_config.name,
        coin_config.symbol,
        coin_config.currency,
        coin_config.decimals,
        confirmations=run.confirmations,
    )
    run.contracts["stablecoinImplementation"] = ContractRecord.from_receipt(
        load_artifact("Stablecoin"), implementation_receipt
    )
    run.report(DeployStep("deploy", "stablecoinImplementation", "Stablecoin", implementation_receipt))
    proxy_artifact = load_artifact("StablecoinProxy")
    # The proxy is used with the Stablecoin ABI; its deploy transaction created a StablecoinProxy.
    run.contracts["stablecoin"] = ContractRecord(
        artifact="Stablecoin",
        address=coin.address,
        tx_hash=proxy_receipt.tx_hash,
        block_number=proxy_receipt.block_number,
        artifact_sha256=proxy_artifact.bytecode_sha256,
    )
    run.report(DeployStep("deploy", "stablecoin", "StablecoinProxy", proxy_receipt))
    if coin_config.max_attestation_age is not None:
        run.call(
            f"stablecoin: max attestation age {coin_config.max_attestation_age}s",
            coin.set_max_attestation_age(coin_config.max_attestation_age),
        )
    for minter in coin_config.minters:
        account = resolve_account(minter.account, deployer)
        run.call(f"stablecoin: minter {account}, allowance {minter.allowance}",
                 coin.configure_minter(account, minter.allowance))
    reserve = coin_config.reserve
    if reserve is not None:
        as_of = int(w3.eth.get_block("latest")["timestamp"])
        run.call(
            f"stablecoin: attest reserves of {reserve.amount}",
            coin.attest_reserves(reserve.amount, as_of=as_of, report_hash=reserve.report_hash,
                                 report_uri=reserve.report_uri),
        )
    roles = coin_config.roles
    for role in ("master_minter", "pauser", "blacklister", "rescuer", "attester", "owner"):
        holder = resolve_account(getattr(roles, role), deployer)
        if holder != deployer:
            run.call(f"stablecoin: {role} role to {holder}", coin.update_role(role, holder))
