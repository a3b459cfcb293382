"""Deploy a whole suite from its configuration, record it, and resume a deployment that was cut short.

:func:`deploy_suite` deploys and wires, in this order:

1. the identity registry storage (unless the configuration shares an existing one) and the identity
   registry (an implementation and an ERC-1967 proxy initialised in its constructor), bound to it; the deployer and the configured agents as registry agents; the required claim
   topics; the trusted issuers (the deployer in the example, for every topic the suite uses). With
   ``registry: address:`` no storage or registry is deployed: the suite uses that existing registry and its
   storage (both checked before anything is sent: an identity registry owned by the deployer, whose storage
   is the deployer's, that already requires every topic the suite requires and has room for one more
   token); the configured agents become its agents if they are not, and the trusted
   issuers are handled as with a shared storage;
2. what every offering shares, deployed once like the implementations: the fourteen built-in rule modules,
   the compliance and token implementations and the :class:`~sectoken.contracts.factory.OfferingFactory`.
   With ``factory:`` none of them is deployed: the suite uses that existing factory, its implementations and
   their built-in modules (checked before anything is sent to run this version's code, see
   :mod:`sectoken.shared_factory`), recorded as shared;
3. the offering, in one factory transaction: the token and the compliance (CREATE2 proxies owned by the
   deployer from the start, bound together), the rules the composed packs need switched on and set with
   :meth:`~sectoken.jurisdictions.ComplianceConfig.module_calls` (before any issuance), the deployer and the
   configured agents as agents; then the registry binds the token;
4. the stablecoin (an implementation and an ERC-1967 proxy initialised in its constructor, every role
   first held by the deployer), its maximum attestation age, its minters, its first reserve attestation,
   and then each role handed to its configured holder (ownership last);
5. the DvP settlement contract and the distribution contract, if enabled;

and writes ``deployments/<chain-id>/<name>.json`` (every address, deploy transaction, block and
artifact hash, and the configuration) through :mod:`sectoken.deployments`. Record keys:
``identityRegistryStorage``, ``identityRegistryImplementation``, ``identityRegistry`` (the proxy, used with
the ``IdentityRegistry`` ABI; a shared storage or registry is recorded with no deploy transaction, a hash
of zeros, and then there is no ``identityRegistryImplementation``), ``module:<ModuleName>`` (all fourteen),
``complianceImplementation``, ``tokenAdmin``, ``tokenImplementation``, ``offeringFactory`` (with ``factory:``
recorded as shared the same way), ``compliance``
and ``token`` (proxies recorded with the factory transaction that created them), ``stablecoinImplementation``, ``stablecoin`` (the proxy, used with the ``Stablecoin`` ABI),
``settlement`` and ``distribution``.

The deployment is a list of steps (:class:`sectoken.tx.Step`: a deployment or a call, with a "done
already?" read where the chain can tell), produced as they come due and sent one at a time by the
transaction engine's runner (:class:`sectoken.tx.Runner`), whose store here is the deployment record.
Every transaction is simulated before it is sent, so a mistake stops the deployment before it costs
anything more. The record is written as the deployment goes, atomically (see
:meth:`~sectoken.deployments.Deployments.save`), under ``config.deployment`` with ``complete: false``:

- ``pending``: the transaction being sent, signed, written *before* it is broadcast;
- the contract each mined step created (under ``contracts``) or the configuration step it did (its
  description, under ``steps``), written with the next signature or when the deployment stops: one write
  per transaction, and none when nothing changed. A deployment killed between a receipt and the next
  write leaves that step pending, and resuming finds its receipt;
- ``closing``: with ``factory:`` and no ``closing:``, the offering's closing chosen when the offering was
  prepared (the latest block's time), written with the offering's signature or when the deployment stops,
  reused by a resumed run (and kept when the deployment completes).

So whatever stops a deployment (a revert, an RPC error, Ctrl-C, a node that dies, even ``kill -9``)
leaves a record that says what was done. ``deploy_suite(..., resume=True)`` (``sectoken deploy
CONFIG.yaml --resume``) continues it, and does nothing twice:

- it refuses, before sending anything, a record that is complete, one started from another
  configuration or by another deployer, and one whose contracts are not on the chain as recorded (no
  code, not created by the recorded transaction, or runtime code that is not the artifact's);
- a pending transaction is settled first: waited for if the node has it, its recorded bytes broadcast
  again if the node dropped it (the same hash, so never a second transaction), forgotten if its nonce
  went to another transaction (then its step is planned again);
- every recorded contract is reused, and every configuration step is skipped when it is recorded done or
  the chain shows it done already (registry bound to the storage, agent added, topic required, issuer
  trusted for those topics, the offering's token at its CREATE2 address, token bound to the registry,
  minter configured, reserves attested, role handed over...). When the factory's transaction landed but
  its proxies were not recorded, they are found at their CREATE2 addresses and recorded from the
  factory's ``OfferingDeployed`` event: the offering is never deployed twice.

A new deployment over an incomplete record of the same name is refused (resume it, or start afresh with
``overwrite=True`` / ``--force``, which leaves the contracts it deployed unused). A deployment holds the
record's lock (:meth:`~sectoken.deployments.Deployments.lock`) while it runs.

Example:
    >>> config = load_config("examples/uk-us-bond.yaml")
    >>> suite = deploy_suite(w3, signer, config, progress=lambda step: print(step.describe()))
    >>> suite.token.symbol()
    'UUB30'
    >>> # after an interruption:
    >>> suite = deploy_suite(w3, signer, config, resume=True)
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eth_typing import ChecksumAddress, HexStr
from web3 import Web3
from web3.types import BlockIdentifier, FilterParams

from sectoken.artifacts import load as load_artifact
from sectoken.claims import TOPICS, topic_name
from sectoken.config import SuiteConfig, resolve_account
from sectoken.contracts.compliance import BUILTIN_MODULES, MODULES, ModularCompliance, SpenderModule
from sectoken.contracts.factory import Offering, OfferingFactory, offering_salt
from sectoken.contracts.registry import IdentityRegistry, IdentityRegistryStorage
from sectoken.contracts.stablecoin import ROLE_NAMES, Stablecoin
from sectoken.deployments import ContractRecord, Deployments, DeploymentStatus, SuiteRecord
from sectoken.errors import (
    ConfigError,
    DeploymentNotFoundError,
    SectokenError,
)
from sectoken.redact import redact
from sectoken.shared_factory import FactoryParts, read_existing, read_factory
from sectoken.signers import Signer
from sectoken.suite import MODULE_PREFIX, Suite
from sectoken.tx import Receipt, Runner, Step, StepOutcome, StepStore, constructor, receipt_of, retrying

__all__ = ["DeployStep", "DeploymentInterruptedError", "ProgressCallback", "deploy_suite"]

_ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
_NO_TRANSACTION = "0x" + "00" * 32
#: Configuration keys that do not change what is deployed (where the file was read from, the status).
_NOT_COMPARED = frozenset({"deployment", "source"})


class DeploymentInterruptedError(SectokenError, RuntimeError):
    """A deployment was interrupted (Ctrl-C); what it did is recorded, and ``resume=True`` finishes it."""


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


#: Called with each :class:`DeployStep` as soon as its transaction is mined (and recorded).
ProgressCallback = Callable[[DeployStep], None]


def _resume_command(config: SuiteConfig) -> str:
    return f"sectoken deploy {config.source or 'CONFIG.yaml'} --resume"


class _Run(StepStore):
    """One deployment, and the runner's store for it: the deployment record, written before each broadcast.

    The record keeps what the deployment did (``contracts`` and ``config.deployment.steps``) and the
    transaction signed and not yet settled (``config.deployment.pending``: the latest signature of the step,
    with any earlier ones under ``earlier``). It is rewritten only when something changed, and only when the
    runner needs it on disk (before a broadcast) or the deployment ends: a step mined is recorded with the
    next signature, so one write per transaction (a run killed in between leaves the step pending, and the
    resumed run finds its receipt).
    """

    def __init__(
        self,
        w3: Web3,
        signer: Signer,
        config: SuiteConfig,
        store: Deployments,
        chain_id: int,
        *,
        progress: ProgressCallback | None,
        record: SuiteRecord | None = None,
    ) -> None:
        super().__init__()
        self.w3 = w3
        self.signer = signer
        self.config = config
        self.store = store
        self.chain_id = chain_id
        self.progress = progress
        self.config_json = config.to_json()
        self.contracts: dict[str, ContractRecord] = dict(record.contracts) if record is not None else {}
        self._others: list[SuiteRecord] | None = None
        status = record.status if record is not None else DeploymentStatus()
        self.done_steps: list[str] = list(status.steps)
        self.closing = status.closing
        self.created_at = (record.created_at if record is not None else "") or datetime.now(UTC).isoformat(
            timespec="seconds"
        )
        self.written = record is not None
        self._changed = False
        if status.pending is not None:
            self._load_pending(status.pending)

    def _load_pending(self, pending: Mapping[str, Any]) -> None:
        payload = {"artifact": pending.get("artifact"), "recordAs": pending.get("recordAs")}
        for attempt in [*(pending.get("earlier") or []), pending]:
            try:
                self._apply(
                    {**attempt, "type": "signed", "key": pending["key"], "kind": pending["kind"], "payload": payload}
                )
            except (KeyError, TypeError, ValueError) as error:
                raise ConfigError(
                    f"The record's pending transaction is malformed ({type(error).__name__}: {error})."
                ) from None

    # --- the store -------------------------------------------------------------------------------

    def _write(self, record: Mapping[str, Any]) -> None:
        if record["type"] == "done":
            state = self._steps[str(record["key"])]
            if state.kind == "deploy":
                self.contracts[state.key] = ContractRecord(
                    artifact=str(state.payload["recordAs"]),
                    address=Web3.to_checksum_address(str(record["contractAddress"])),
                    tx_hash=HexStr(str(record["hash"])),
                    block_number=int(record["block"]),
                    artifact_sha256=load_artifact(str(state.payload["artifact"])).bytecode_sha256,
                )
            else:
                self.done_steps.append(state.key)
        self._changed = True

    def sync(self) -> None:
        """Write the record if anything changed since it was last written."""
        if self._changed:
            self.save()

    def holds_done(self, key: str) -> bool:
        """Whether the record has the contract ``key``, or the configuration step ``key`` done."""
        return key in self.contracts or key in self.done_steps

    def changed(self) -> None:
        """Note a change made outside the runner (a contract found on the chain), written with the next."""
        self._changed = True

    def _pending(self) -> dict[str, Any] | None:
        unresolved = self.unresolved()
        if not unresolved:
            return None
        state = unresolved[-1]
        latest = state.attempts[-1]
        pending: dict[str, Any] = {
            "kind": state.kind, "key": state.key, "artifact": state.payload.get("artifact"),
            "recordAs": state.payload.get("recordAs"), **latest.to_json(),
        }
        if len(state.attempts) > 1:
            pending["earlier"] = [attempt.to_json() for attempt in state.attempts[:-1]]
        return pending

    def save(self, *, complete: bool = False, error: BaseException | None = None) -> Path:
        """Write the record: complete, or incomplete with the steps done and the pending transaction."""
        data = dict(self.config_json)
        status: dict[str, Any] = {"complete": complete}
        if self.closing is not None:
            status["closing"] = self.closing
        if not complete:
            status["steps"] = list(self.done_steps)
            pending = self._pending()
            if pending is not None:
                status["pending"] = pending
            if error is not None:
                status["error"] = redact(f"{type(error).__name__}: {error}")
        data["deployment"] = status
        record = SuiteRecord(
            name=self.config.name,
            chain_id=self.chain_id,
            contracts=dict(self.contracts),
            config=data,
            deployer=self.signer.address,
            created_at=self.created_at,
        )
        path = self.store.save(record)
        self.written = True
        self._changed = False
        return path

    def report(self, outcome: StepOutcome) -> None:
        """Tell the progress callback about a step mined (and recorded)."""
        if self.progress is not None and outcome.receipt is not None:
            artifact = outcome.payload.get("artifact")
            self.progress(DeployStep(outcome.kind, outcome.key, artifact, outcome.receipt))

    # --- the steps -------------------------------------------------------------------------------

    def deployment(self, name: str, artifact_name: str, *args: Any, record_as: str | None = None) -> Step:
        """The step deploying ``artifact_name`` as record key ``name``."""
        call = constructor(self.w3, artifact_name, *args)
        return Step(name, "deploy", call, {"artifact": artifact_name, "recordAs": record_as or artifact_name})

    def address(self, name: str) -> ChecksumAddress:
        """The address of the contract recorded as ``name`` (deployed by an earlier step)."""
        return self.contracts[name].address

    def others(self) -> list[SuiteRecord]:
        """The readable records of the suites on this chain in the same folder (read once)."""
        if self._others is None:
            self._others = []
            for name in self.store.names(self.chain_id):
                try:
                    self._others.append(self.store.load(self.store.path(self.chain_id, name)))
                except (SectokenError, OSError):
                    continue  # an unreadable or damaged record says nothing here
        return self._others


# --- before anything is sent -----------------------------------------------------------------------


def _existing(store: Deployments, chain_id: int, name: str) -> SuiteRecord | None:
    try:
        return store.find(chain_id, name)
    except DeploymentNotFoundError:
        return None


def _check_name_free(
    store: Deployments, existing: SuiteRecord | None, config: SuiteConfig, chain_id: int, overwrite: bool
) -> None:
    if existing is None or overwrite:
        return
    name = config.name
    path = store.path(chain_id, name)
    if not existing.status.complete:
        raise ConfigError(
            f"Suite '{name}' on chain {chain_id} was not deployed completely ({path}): finish it with "
            f"`{_resume_command(config)}` (deploy_suite(..., resume=True)), or start afresh with --force "
            "(overwrite=True), which leaves the contracts deployed so far unused."
        )
    raise ConfigError(
        f"Suite '{name}' is already deployed on chain {chain_id} ({path}); choose another "
        "name, or replace the record (sectoken deploy --force, deploy_suite(..., overwrite=True))."
    )


def _check_resumable(
    store: Deployments, existing: SuiteRecord | None, config: SuiteConfig, chain_id: int, deployer: str
) -> SuiteRecord:
    name = config.name
    if existing is None:
        raise ConfigError(
            f"Nothing to resume: no suite '{name}' on chain {chain_id} in {store.directory}. Deploy it without "
            "--resume (resume=True)."
        )
    path = store.path(chain_id, name)
    if existing.status.complete:
        raise ConfigError(
            f"Suite '{name}' on chain {chain_id} is deployed completely ({path}): there is nothing to resume."
        )
    if existing.deployer is not None and existing.deployer != deployer:
        raise ConfigError(
            f"Suite '{name}' on chain {chain_id} was being deployed by {existing.deployer}, not {deployer}: resume "
            "it with the same account (it owns what was deployed so far)."
        )
    given = _comparable(config.to_json())
    recorded = _comparable(existing.config)
    differing = [key for key in sorted(set(given) | set(recorded)) if given.get(key) != recorded.get(key)]
    if differing:
        raise ConfigError(
            f"The configuration differs from the one suite '{name}' on chain {chain_id} was being deployed with "
            f"({path}), in: {', '.join(differing)}. Resume with the same configuration, or start afresh with "
            "--force (overwrite=True)."
        )
    return existing


def _comparable(config: Mapping[str, Any]) -> dict[str, Any]:
    """A configuration as JSON would give it back, without what does not change what is deployed."""
    data = {key: value for key, value in config.items() if key not in _NOT_COMPARED}
    normal: dict[str, Any] = json.loads(json.dumps(data))
    return normal


#: Roles the offering factory creates (their record's transaction is the factory's).
_FACTORY_MADE = frozenset({"token", "compliance"})
#: Roles whose record holds a proxy, used with the implementation's ABI: role -> the proxy's artifact.
_PROXIES = {
    "stablecoin": "StablecoinProxy",
    "token": "OfferingProxy",
    "compliance": "OfferingProxy",
    "identityRegistry": "OfferingProxy",
}


#: Roles a suite may use without deploying them (recorded with no deploy transaction): role -> what it is.
#: With ``factory:``, the factory, its implementations and its built-in modules are shared too.
_SHAREABLE = {"identityRegistryStorage": "storage", "identityRegistry": "registry"}


def _shared_address(
    w3: Web3, config: SuiteConfig, role: str, factory: FactoryParts | None = None
) -> ChecksumAddress | None:
    """The address of the shared contract recorded as ``role`` that the configuration names (the storage of
    a shared registry is the registry's own; the parts of a shared factory are read from it), or ``None``
    when the configuration shares none."""
    if role not in _SHAREABLE:
        parts = {key: address for key, _, address in factory.roles()} if factory is not None else {}
        return parts.get(role)
    registry = config.registry
    if role == "identityRegistry":
        return registry.address
    if registry.address is not None:
        return IdentityRegistry(w3, registry.address).storage()
    return registry.storage


def _created_from(role: str, record: ContractRecord) -> str:
    """The artifact whose creation code a record's deploy transaction ran (the stablecoin is a proxy)."""
    return _PROXIES.get(role, record.artifact)


def _verify_recorded(
    w3: Web3, record: SuiteRecord, config: SuiteConfig, chain_id: int, factory: FactoryParts | None = None
) -> None:
    """Check every contract of an incomplete record is on the chain as recorded (nothing is sent); a shared
    one must be the one the configuration names (``factory``: the shared factory's parts, checked before)."""
    hint = "start afresh with --force (overwrite=True)"
    for role, item in sorted(record.contracts.items()):
        where = f"Suite '{record.name}' records its {role} at {item.address}"
        code = bytes(retrying(functools.partial(w3.eth.get_code, item.address), "eth_getCode"))
        if not code:
            raise ConfigError(
                f"{where}, but chain {chain_id} has no contract there (the node was reset, or the record "
                f"belongs to another node with the same chain id): it cannot be resumed; {hint}."
            )
        if item.tx_hash == _NO_TRANSACTION:
            if item.address != _shared_address(w3, config, role, factory):
                what = _SHAREABLE.get(role, f"factory's {role}")
                raise ConfigError(f"{where}, not at the shared {what} the configuration names: {hint}.")
            continue  # a shared storage, registry or factory part, deployed elsewhere (checked as such before)
        artifact = load_artifact(_created_from(role, item))
        if item.artifact_sha256 != artifact.bytecode_sha256:
            raise ConfigError(
                f"{where}, deployed from another build of {artifact.name} than this version of sectoken ships: "
                f"it cannot be resumed with it; {hint}."
            )
        receipt = receipt_of(w3, item.tx_hash)
        if receipt is None or int(receipt.get("status", 0)) != 1 or not _created_by(receipt, role, item, record):
            raise ConfigError(
                f"{where}, but its recorded deploy transaction {item.tx_hash} did not create it on chain "
                f"{chain_id}: the record does not match the chain; {hint}."
            )
        if artifact.immutables_in(code) is None:
            raise ConfigError(
                f"{where}, but the code there is not {artifact.name}'s: the record does not match the chain; "
                f"{hint}."
            )


def _created_by(receipt: Mapping[str, Any], role: str, item: ContractRecord, record: SuiteRecord) -> bool:
    """Whether a deploy transaction created the recorded contract: directly, or (the token and compliance
    proxies) through the recorded offering factory, the proxy then emitting its first events in it."""
    if receipt.get("contractAddress") == item.address:
        return True
    factory = record.contracts.get("offeringFactory")
    if role not in _FACTORY_MADE or factory is None or receipt.get("to") != factory.address:
        return False
    return any(log.get("address") == item.address for log in receipt.get("logs", []))


def _check_shared_storage(
    w3: Web3, config: SuiteConfig, deployer: str, record: SuiteRecord | None = None
) -> None:
    if config.registry.address is not None:
        token = record.contracts["token"].address if record is not None and "token" in record.contracts else None
        _check_shared_registry(w3, config, deployer, token=token)
        return
    address = config.registry.storage
    if address is None:
        return
    if not retrying(lambda: w3.eth.get_code(address), "eth_getCode"):
        raise ConfigError(f"registry storage {address} has no contract on the connected chain.")
    owner = IdentityRegistryStorage(w3, address).owner()
    if owner != deployer:
        raise ConfigError(
            f"registry storage {address} is owned by {owner}, not the deployer {deployer}: only its owner can bind "
            "the new registry and trust issuers."
        )


def _check_shared_registry(
    w3: Web3, config: SuiteConfig, deployer: str, *, token: ChecksumAddress | None = None
) -> None:
    """Check, sending nothing, that the existing identity registry a configuration names (``registry:
    address:``) can take the suite's token.

    Args:
        w3: The connection.
        config: The suite configuration (``config.registry.address`` set).
        deployer: The deploying account.
        token: The suite's token, if an interrupted deployment recorded it (it may be bound already).

    Raises:
        ConfigError: there is no contract at the address, or it does not answer as an identity registry
            (``identityStorage()``); the deployer is not its owner (binding a token needs the owner) or not
            its storage's (trusting issuers needs that one); ``registry: storage:`` names another storage
            than the registry's; the registry does not require every claim topic the suite requires (the
            message names them and how to add them); it has as many tokens bound as it takes.
    """
    address = config.registry.address
    assert address is not None
    registry = IdentityRegistry(w3, address)
    _, (storage, owner) = read_existing(
        w3, address, "registry address", "an identity registry", lambda: (registry.storage(), registry.owner()),
        call="identityStorage()",
        hint="give the address of an IdentityRegistry proxy (the identityRegistry of a suite's record), or share a "
        "storage with `storage:` instead.",
    )
    if owner != deployer:
        raise ConfigError(
            f"registry {address} is owned by {owner}, not the deployer {deployer}: binding the new token to it "
            "needs its owner. Deploy with the owner's account, or have it transfer the registry's ownership first."
        )
    given = config.registry.storage
    if given is not None and given != storage:
        raise ConfigError(
            f"registry storage {given} is not the storage of registry {address} ({storage}): a suite on an "
            "existing registry uses that registry's storage; leave `storage:` out (or give that one)."
        )
    storage_owner = IdentityRegistryStorage(w3, storage).owner()
    if storage_owner != deployer:
        raise ConfigError(
            f"registry {address} uses storage {storage}, owned by {storage_owner}, not the deployer {deployer}: "
            "only its owner can trust issuers."
        )
    missing = sorted(set(config.required_topics()) - set(registry.claim_topics()))
    if missing:
        names = ", ".join(topic_name(topic) for topic in missing)
        commands = "; ".join(f"`sectoken --suite <a suite on it> topic add {topic_name(topic)}`" for topic in missing)
        raise ConfigError(
            f"registry {address} does not require {names}, which this suite requires of every investor. The deploy "
            "does not add required topics to an existing registry: they would apply at once to every token bound "
            f"to it. If every offering on it should require them, have its owner add them first ({commands}) and "
            "deploy again; if not, give the suite a registry of its own over the same storage (`storage:` instead "
            "of `address:`)."
        )
    bound = registry.bound_tokens()
    limit = int(registry.call("MAX_BOUND_TOKENS"))
    if len(bound) >= limit and token not in bound:
        raise ConfigError(
            f"registry {address} has {len(bound)} tokens bound, as many as it takes: its owner can unbind one "
            "first, or give the suite a registry of its own over the same storage (`storage:` instead of `address:`)."
        )


# --- deploying -------------------------------------------------------------------------------------


def deploy_suite(
    w3: Web3,
    signer: Signer,
    config: SuiteConfig,
    *,
    deployments: Deployments | None = None,
    progress: ProgressCallback | None = None,
    confirmations: int = 1,
    overwrite: bool = False,
    resume: bool = False,
    timeout: float = 120.0,
) -> Suite:
    """Deploy, wire and record a suite, or finish one an earlier run left incomplete (see the module's
    docstring for the order, the record and resuming).

    Args:
        w3: The connection.
        signer: The deployer: owner of every contract, and whatever ``deployer`` stands for in the
            configuration.
        config: The suite configuration (:func:`sectoken.config.load_config`).
        deployments: Where to record it (``./deployments`` by default).
        progress: Called with each :class:`DeployStep` as it is mined and recorded.
        confirmations: Blocks to wait for after each transaction.
        overwrite: Replace an existing record of the same name on this chain, complete or not, and deploy
            everything afresh.
        resume: Continue the incomplete record of the same name on this chain: reuse what it records and
            do only what is left.
        timeout: Seconds to wait for each transaction.

    Returns:
        The deployed :class:`~sectoken.suite.Suite`, bound to ``signer``.

    Raises:
        ConfigError: checked before anything is sent: the name is taken on this chain (by a complete
            record, or by an incomplete one: resume it), a shared storage is missing or not the deployer's, a
            shared registry (``registry: address:``) is missing, not an identity registry, not the deployer's
            (or its storage not), not over the configured storage, does not require a topic the suite
            requires, or has no room for one more token; a shared factory (``factory:``) is missing, not an
            offering factory, or it, its implementations or its modules run another version's code;
            with ``resume``: there is no incomplete record to resume, it was started with another
            configuration or deployer, or its contracts are not on the chain as recorded.
        RevertError: a step reverted (in simulation: it was not sent); the record is kept, incomplete.
        TransactionError: the node refused a transaction (e.g. the deployer has no funds).
        TransactionTimeoutError: a transaction was not mined in time (it stays pending in the record).
        ChainError: the node could not be reached (what was sent is in the record).
    """
    if overwrite and resume:
        raise ConfigError("Resuming a deployment and replacing it exclude each other: choose --resume or --force.")
    store = deployments or Deployments()
    chain_id = int(retrying(lambda: w3.eth.chain_id, "eth_chainId"))
    deployer = signer.address
    config.compliance()  # composes the packs: a ConfigError here costs nothing
    with store.lock(chain_id, config.name):
        existing = _existing(store, chain_id, config.name)
        if resume:
            existing = _check_resumable(store, existing, config, chain_id, deployer)
            _check_shared_storage(w3, config, deployer, existing)
        else:
            _check_name_free(store, existing, config, chain_id, overwrite)
            _check_shared_storage(w3, config, deployer)
            existing = None
        factory = read_factory(w3, config.factory) if config.factory is not None else None
        if existing is not None:
            _verify_recorded(w3, existing, config, chain_id, factory)
        run = _Run(w3, signer, config, store, chain_id, progress=progress, record=existing)
        runner = Runner(w3, signer, run, confirmations=confirmations, timeout=timeout)
        try:
            for outcome in runner.reconcile().settled:  # what an interrupted run left pending
                run.report(outcome)
            runner.run(_steps(run, config, deployer, factory), window=1, on_done=run.report)
        except BaseException as error:  # an interruption too: record where it stopped, then re-raise
            if run.written:
                path = run.save(error=error)
                if isinstance(error, SectokenError):
                    error.args = (
                        redact(
                            f"{error} What was done so far is recorded, marked incomplete, in {path}: run "
                            f"`{_resume_command(config)}` to finish it; nothing is done twice."
                        ),
                    )
            raise
        run.save(complete=True)
    return Suite.load(w3, signer, config.name, store, confirmations=confirmations)


def _steps(
    run: _Run, config: SuiteConfig, deployer: ChecksumAddress, shared_factory: FactoryParts | None = None
) -> Iterator[Step]:
    """The deployment as a list of steps, produced as they come due: each step that needs an address
    created by an earlier one is produced once that one is mined and recorded. With ``shared_factory`` (read
    and checked before) the offering uses that factory and what it shares instead of deploying them."""
    w3 = run.w3
    composed = config.compliance()
    agents = list(dict.fromkeys(resolve_account(agent, deployer) for agent in config.agents))

    # 1. Identity: storage, registry, agents, required topics, trusted issuers.
    shared_registry = config.registry.address
    if shared_registry is not None:
        # An existing registry (checked before: the deployer's, requiring every topic the suite requires) and
        # its storage, recorded as shared; only the agents and trusted issuers the suite names are added.
        registry = IdentityRegistry(w3, shared_registry)
        storage_address = registry.storage()
        _record_shared(run, "identityRegistryStorage", "IdentityRegistryStorage", storage_address)
        _record_shared(run, "identityRegistry", "IdentityRegistry", shared_registry)
    elif config.registry.storage is None:
        yield run.deployment("identityRegistryStorage", "IdentityRegistryStorage", deployer)
        storage_address = run.address("identityRegistryStorage")
    else:
        storage_address = config.registry.storage
        _record_shared(run, "identityRegistryStorage", "IdentityRegistryStorage", storage_address)
    storage = IdentityRegistryStorage(w3, storage_address)
    if shared_registry is None:
        # The registry behind its proxy, initialised in the transaction that creates it.
        yield run.deployment("identityRegistryImplementation", "IdentityRegistry")
        registry_impl = run.address("identityRegistryImplementation")
        yield run.deployment(
            "identityRegistry",
            "OfferingProxy",
            registry_impl,
            IdentityRegistry.initialize_data(w3, deployer, storage_address),
            record_as="IdentityRegistry",
        )
        registry = IdentityRegistry(w3, run.address("identityRegistry"))
        yield Step(
            "storage: bind the identity registry", "call", storage.function("bindIdentityRegistry", registry.address),
            done=lambda: registry.address in storage.linked_registries(),
        )
    registry_address = registry.address
    for agent in agents:
        yield Step(
            f"registry: add agent {agent}", "call", registry.function("addAgent", agent),
            done=functools.partial(registry.is_agent, agent),
        )
    if shared_registry is None:
        for topic in config.required_topics():
            yield Step(
                f"registry: require claim topic {topic}", "call", registry.function("addClaimTopic", topic),
                done=functools.partial(_has_topic, registry, topic),
            )
    used = config.topics_used()
    for issuer_config in config.registry.trusted_issuers:
        issuer = resolve_account(issuer_config.account, deployer)
        # `topics: all` (or none given): every claim topic sectoken knows, and any other the suite checks.
        topics = sorted(set(used) | set(TOPICS.values())) if issuer_config.topics is None else list(issuer_config.topics)
        if not topics:
            continue
        # Read from the chain when the step comes due: whatever an earlier run did, the issuer ends up trusted
        # for these.
        if storage.is_trusted_issuer(issuer):
            current = storage.issuer_topics(issuer)
            merged = sorted(set(current) | set(topics))
            if merged != sorted(current):
                yield Step(
                    f"storage: trust {issuer} for topics {merged}", "call",
                    storage.function("updateIssuerClaimTopics", issuer, merged),
                )
        else:
            yield Step(
                f"storage: trust {issuer} for topics {topics}", "call",
                storage.function("addTrustedIssuer", issuer, topics),
            )

    # 2. Shared by every offering, deployed once like the implementations: the built-in rule modules,
    #    the compliance and token implementations, and the offering factory. With `factory:` an existing
    #    factory's, recorded as shared (with the blocks they were deployed in).
    if shared_factory is None:
        for name in BUILTIN_MODULES:
            yield run.deployment(f"{MODULE_PREFIX}{name}", name)
        builtins = [run.address(f"{MODULE_PREFIX}{name}") for name in BUILTIN_MODULES]
        yield run.deployment("complianceImplementation", "ModularCompliance", builtins)
        yield run.deployment("tokenAdmin", "TokenAdmin")
        yield run.deployment("tokenImplementation", "SecurityToken", run.address("tokenAdmin"))
        yield run.deployment(
            "offeringFactory", "OfferingFactory", run.address("tokenImplementation"),
            run.address("complianceImplementation"),
        )
    else:
        for role, artifact, address in shared_factory.roles():
            _record_shared(run, role, artifact, address)
    builtins = [run.address(f"{MODULE_PREFIX}{name}") for name in BUILTIN_MODULES]
    factory = OfferingFactory(w3, run.address("offeringFactory"))

    # 3. The offering in one factory transaction: token and compliance proxies (CREATE2, so a resumed run
    #    finds them), owned by the deployer from the start, bound together, the rules switched on and set
    #    (before any issuance), the agents appointed. Then the registry's owner binds the token to it.
    token_config = config.token
    salt = offering_salt(token_config.symbol)
    token_address, compliance_address = factory.offering_addresses(deployer, salt)
    addresses = dict(zip(BUILTIN_MODULES, builtins, strict=True))

    def offered() -> bool:
        return bool(retrying(lambda: w3.eth.get_code(token_address), "eth_getCode"))

    if shared_factory is None or not offered():
        settings = [
            (addresses[call.module], MODULES[call.module](w3, addresses[call.module]).calldata(call.function, *call.args))
            for call in config.module_calls(deployer, _closing(run, config, shared_factory is not None))
        ]
        offering = Offering(
            name=token_config.name,
            symbol=token_config.symbol,
            decimals=token_config.decimals,
            registry=registry_address,
            onchain_id=token_config.onchain_id or _ZERO_ADDRESS,
            agents=agents,
            modules=[addresses[name] for name in composed.modules()],
            settings=settings,
        )
        yield Step(
            f"factory: deploy the offering {token_config.symbol} (token, compliance, rules, agents)", "call",
            factory.function("deployOffering", salt, offering.as_tuple()),
            done=offered,
        )
    _record_offering(run, factory, token_address, compliance_address)
    yield Step(
        "registry: bind the token", "call", registry.function("bindToken", token_address),
        done=lambda: token_address in registry.bound_tokens(),
    )

    # 4. The stablecoin behind its proxy.
    if config.stablecoin is not None:
        yield from _stablecoin_steps(run, config, deployer)

    # 5. Settlement and distribution. With the spender check on, the settlement contract (which moves the
    #    security with transferFrom) is listed as an operator.
    if config.settlement:
        yield run.deployment("settlement", "DvPSettlement")
        if composed.spender_check:
            yield _operator_step(w3, compliance_address, addresses["SpenderModule"], run.address("settlement"))
    if config.distribution:
        yield run.deployment("distribution", "Distribution")


def _closing(run: _Run, config: SuiteConfig, shared_factory: bool) -> int:
    """The offering's closing, from which a flowback period runs: the configuration's, or the deployment's time.

    That is the time of the factory's block (recorded, so a resumed run computes the same end); a shared
    factory was deployed for another suite: then the time of the latest block when the offering is prepared
    (the one its transaction is simulated on, just before it is mined), kept in the record as it is chosen
    (``config.deployment.closing``, on disk with the offering's signature at the latest, or when the run
    stops) and reused by a resumed run.
    """
    if config.closing is not None:
        return config.closing
    if not shared_factory:
        return _block_time(run.w3, run.contracts["offeringFactory"].block_number)
    if run.closing is None:
        run.closing = _block_time(run.w3, "latest")
        run.changed()
    return run.closing


def _block_time(w3: Web3, block: BlockIdentifier) -> int:
    return int(retrying(lambda: w3.eth.get_block(block)["timestamp"], "eth_getBlockByNumber"))


def _operator_step(w3: Web3, compliance: ChecksumAddress, module: ChecksumAddress, operator: ChecksumAddress) -> Step:
    """List ``operator`` for the spender check, through the compliance (its owner is the deployer)."""
    spender = SpenderModule(w3, module, compliance=compliance)
    return Step(
        "compliance: list the settlement contract as an operator (spender check)", "call",
        ModularCompliance(w3, compliance).function(
            "callModuleFunction", spender.calldata("setOperator", operator, True), module
        ),
        done=functools.partial(spender.is_operator, operator),
    )


def _has_topic(registry: IdentityRegistry, topic: int) -> bool:
    return topic in registry.claim_topics()


def _record_offering(
    run: _Run, factory: OfferingFactory, token: ChecksumAddress, compliance: ChecksumAddress
) -> None:
    """Record the token and compliance proxies the factory created, under the implementations' ABIs, with
    the factory transaction that created them."""
    if "token" in run.contracts and "compliance" in run.contracts:
        return
    found = factory.deployed_tx(token)
    if found is None:
        raise ConfigError(
            f"The offering factory {factory.address} has no offering with token {token}: the record does not "
            "match the chain; start afresh with --force (overwrite=True)."
        )
    tx_hash, block = found
    sha256 = load_artifact("OfferingProxy").bytecode_sha256
    run.contracts["token"] = ContractRecord("SecurityToken", token, tx_hash, block, sha256)
    run.contracts["compliance"] = ContractRecord("ModularCompliance", compliance, tx_hash, block, sha256)
    run.changed()


def _record_shared(run: _Run, role: str, artifact: str, address: ChecksumAddress) -> None:
    """Record, unless recorded already, a contract the suite uses but did not deploy (a shared storage or
    registry, a shared factory and its parts) as ``role``: no deploy transaction (a hash of zeros). Its block
    is the one it was deployed in, so that what scans its events from the record's blocks (the register, the
    list of agents, the rules' explanations) finds what happened before this suite: as the suite that
    deployed it records it, if that record is in the same folder, else the block of its first
    ``OwnershipTransferred`` event (its construction or initialisation), else the first block with its code;
    the current block if the node cannot tell."""
    if role in run.contracts:
        return
    block = _deployed_at(run.others(), role, address)
    if block is None:
        block = _first_owner_block(run.w3, address)
    if block is None:
        block = _first_code_block(run.w3, address)
    if block is None:
        block = int(retrying(lambda: run.w3.eth.block_number, "eth_blockNumber"))
    run.contracts[role] = ContractRecord(
        artifact=artifact,
        address=address,
        tx_hash=HexStr(_NO_TRANSACTION),
        block_number=block,
        artifact_sha256=load_artifact(_PROXIES.get(role, artifact)).bytecode_sha256,
    )
    run.changed()


#: ``OwnershipTransferred(address,address)``, and the first owner's predecessor (none): the event an Ownable
#: contract emits when it is constructed or initialised.
_OWNERSHIP_TRANSFERRED = "0x" + Web3.keccak(text="OwnershipTransferred(address,address)").hex().removeprefix("0x")
_NO_OWNER = "0x" + "00" * 32


def _first_owner_block(w3: Web3, address: ChecksumAddress) -> int | None:
    """The block in which the Ownable contract at ``address`` got its first owner, if the node tells (one
    ``eth_getLogs`` over the whole chain, which some providers limit: then ``None``)."""
    params: FilterParams = {
        "address": address, "fromBlock": 0, "toBlock": "latest", "topics": [_OWNERSHIP_TRANSFERRED, _NO_OWNER],
    }
    try:
        logs = retrying(lambda: w3.eth.get_logs(params), "eth_getLogs")
    except Exception:  # noqa: BLE001 - a provider's range limit or any refusal: the caller falls back
        return None
    return min((int(log["blockNumber"]) for log in logs), default=None)


def _first_code_block(w3: Web3, address: ChecksumAddress) -> int | None:
    """The first block after which ``address`` has code, found by bisection over ``eth_getCode`` at past
    blocks (a query of old state, which a pruning node may refuse: then ``None``)."""

    def has_code(block: int) -> bool:
        return bool(retrying(lambda: w3.eth.get_code(address, block), "eth_getCode"))

    try:
        low, high = 0, int(retrying(lambda: w3.eth.block_number, "eth_blockNumber"))
        if not has_code(high):
            return None
        while low < high:
            middle = (low + high) // 2
            if has_code(middle):
                high = middle
            else:
                low = middle + 1
    except Exception:  # noqa: BLE001 - old state refused (a pruning node): the caller falls back
        return None
    return low


def _deployed_at(records: list[SuiteRecord], role: str, address: ChecksumAddress) -> int | None:
    """The block in which one of ``records`` (the same chain's) deployed ``address`` as ``role``."""
    for record in records:
        item = record.contracts.get(role)
        if item is not None and item.address == address and item.tx_hash != _NO_TRANSACTION:
            return item.block_number
    return None


def _stablecoin_steps(run: _Run, config: SuiteConfig, deployer: ChecksumAddress) -> Iterator[Step]:
    coin_config = config.stablecoin
    assert coin_config is not None
    w3 = run.w3
    yield run.deployment("stablecoinImplementation", "Stablecoin")
    # Every role first held by the deployer, handed over at the end.
    data = Stablecoin.initialize_data(
        w3, deployer, coin_config.name, coin_config.symbol, coin_config.currency, coin_config.decimals
    )
    # The proxy is used with the Stablecoin ABI; its deploy transaction created a StablecoinProxy.
    yield run.deployment(
        "stablecoin", "StablecoinProxy", run.address("stablecoinImplementation"), data, record_as="Stablecoin"
    )
    coin = Stablecoin(w3, run.address("stablecoin"))
    age = coin_config.max_attestation_age
    if age is not None:
        yield Step(
            f"stablecoin: max attestation age {age}s", "call", coin.function("setMaxAttestationAge", age),
            done=lambda: coin.max_attestation_age() == age,
        )
    for minter in coin_config.minters:
        account = resolve_account(minter.account, deployer)
        allowance = minter.allowance
        yield Step(
            f"stablecoin: minter {account}, allowance {allowance}", "call",
            coin.function("configureMinter", account, allowance),
            done=functools.partial(_is_minter, coin, account, allowance),
        )
    reserve = coin_config.reserve
    if reserve is not None:
        what = f"stablecoin: attest reserves of {reserve.amount}"

        def attested() -> bool:
            assert reserve is not None
            latest = coin.reserve_attestation()
            return latest.as_of > 0 and (latest.amount, latest.report_hash) == (reserve.amount, reserve.report_hash)

        if not run.holds_done(what) and not attested():
            as_of = int(retrying(lambda: w3.eth.get_block("latest"), "eth_getBlockByNumber")["timestamp"])
            yield Step(
                what, "call",
                coin.function("attestReserves", reserve.amount, as_of, bytes(reserve.report_hash), reserve.report_uri),
                done=attested,
            )
    roles = coin_config.roles
    # The enforcer is appointed even when it is the deployer: `initialize` leaves the role empty.
    for role in ("master_minter", "pauser", "blacklister", "rescuer", "attester", "enforcer", "owner"):
        holder = resolve_account(getattr(roles, role), deployer)
        if holder == deployer and role != "enforcer":
            continue
        updater = "transferOwnership" if role == "owner" else ROLE_NAMES[role][1]
        yield Step(
            f"stablecoin: {role} role to {holder}", "call", coin.function(updater, holder),
            done=functools.partial(_holds_role, coin, role, holder),
        )


def _is_minter(coin: Stablecoin, account: ChecksumAddress, allowance: int) -> bool:
    return coin.is_minter(account) and coin.minter_allowance(account) == allowance


def _holds_role(coin: Stablecoin, role: str, holder: ChecksumAddress) -> bool:
    return bool(coin.role(role) == holder)
