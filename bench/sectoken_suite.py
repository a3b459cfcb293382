"""sectoken's own suite in the benchmark, configured like a typical offering: KYC (topic 1) required from
one trusted issuer, ``CountryAllowModule`` (826, 840) and ``MaxBalanceModule``.

Deployed directly from the project's artifacts (:func:`bench.artifacts.load_project`), in the order the
project's test fixtures use: the identity registry storage (claims and trusted issuers, shared by an
issuer's offerings), the identity registry bound to it, the modular compliance with its modules, then the
security token bound to both. Onboarding one investor is a registration by the agent plus a KYC claim by
the issuer; identities are plain addresses, so nothing is deployed per investor.

While any required contract is missing from this checkout, :func:`build` raises and the sectoken column
reads "n/a" with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3.contract import Contract
from web3.types import TxReceipt

from bench.artifacts import load_project
from bench.cash import CASH_CONTRACTS, CashLeg
from bench.evm import Artifact, BenchError, Chain, Signer, gas_used
from bench.model import BenchConfig, ContractGas, Measurement, Phase, RefusalCheck
from bench.scenario import Cast, Side
from bench.sectoken_rules import measure_full_rules
from sectoken.contracts.compliance import BUILTIN_MODULES

__all__ = ["MODULE_SETS", "REQUIRED_CONTRACTS", "Sectoken", "build", "investor_import_timing", "unavailable_reason"]

REQUIRED_CONTRACTS = (
    "IdentityRegistryStorage",
    "IdentityRegistry",
    "SecurityToken",
    "TokenAdmin",
    "ModularCompliance",
    "OfferingProxy",
    "OfferingFactory",
    "CountryAllowModule",
    "MaxBalanceModule",
)
"""The contracts the benchmark's offering needs."""

ZERO_ADDRESS = to_checksum_address("0x" + "00" * 20)
KYC_TOPIC = 1
ALLOWED_COUNTRIES = (826, 840)
RESTRICTED_COUNTRIES = (408,)
LOCKED_COUNTRY = 276
MAX_BALANCE = 10**12
CLAIM_LIFETIME = 10 * 365 * 86_400
RECIPIENT_NOT_VERIFIED = 6
REFUSAL = f"TransferRestricted({RECIPIENT_NOT_VERIFIED})"

WALLETS_PER_IDENTITY = 100
"""Holders added for the scale rows share identities, this many wallets each, as with the reference."""
HOLDER_BATCH = 100
"""Wallets per ``batchRegisterIdentity`` / ``batchMint`` when adding holders."""

OFFERING_MODULES = ("CountryAllowModule", "MaxBalanceModule")
MODULE_SETS: dict[str, tuple[str, ...]] = {
    "1": ("CountryAllowModule",),
    "3": ("CountryAllowModule", "CountryRestrictModule", "MaxBalanceModule"),
    "all": ("CountryAllowModule", "CountryRestrictModule", "InvestorEligibilityModule", "LockUpModule",
            "TransferLimitsModule", "MaxBalanceModule", "MaxHoldersModule", "SupplyLimitModule"),
}
"""Modules enabled for the module-count rows ("3" matches the reference's three)."""


def unavailable_reason(root: Path | None = None) -> str | None:
    """Why the suite cannot be measured in this checkout, or ``None`` when it can."""
    missing = []
    for name in REQUIRED_CONTRACTS:
        try:
            load_project(name, root)
        except BenchError:
            missing.append(name)
    if missing:
        return f"not built in this checkout: {', '.join(missing)}"
    return None


def build(chain: Chain, cast: Cast, config: BenchConfig) -> Side:
    """Return sectoken's side of the benchmark.

    Raises:
        BenchError: the suite cannot be measured (see :func:`unavailable_reason`).
    """
    reason = unavailable_reason()
    if reason is not None:
        raise BenchError(f"sectoken: {reason}")
    return Sectoken(chain, cast, config)


def investor_import_timing(chain: Chain, rpc_url: str, investors: int = 1_000) -> Phase | None:
    """Time ``sectoken investor import`` onboarding and issuing to ``investors`` generated investors
    (batches of 50): seconds and transaction count, for the report's speed section.

    The import runs as the real command line on a fresh Anvil of its own (its suite deployed there), so
    the chain state the other measurements built up does not slow it; every balance is checked after.

    Returns:
        The timed phase.
    """
    from tests.investors.bench_import import measure_import

    measured = measure_import(investors)
    return Phase(
        f"sectoken investor import, {investors:,} investors", measured["seconds"], measured["transactions"],
        measured["gasTotal"], note=f"batch {measured['batchSize']}, fresh Anvil",
    )


def identity_of(wallet: str) -> ChecksumAddress:
    """The identity address the benchmark gives ``wallet``'s investor (identities are plain addresses)."""
    return to_checksum_address(keccak(text=f"sectoken-bench/identity/{wallet}")[12:])


class Sectoken(Side):
    """sectoken's SecurityToken, IdentityRegistry(+Storage) and ModularCompliance."""

    key = "sectoken"
    title = "sectoken (SecurityToken, IdentityRegistry, ModularCompliance)"

    def __init__(self, chain: Chain, cast: Cast, config: BenchConfig) -> None:
        super().__init__(chain, cast, config)
        self._artifacts: dict[str, Artifact] = {}
        self.info = {
            "claim_topics": [KYC_TOPIC],
            "countries_allowed": list(ALLOWED_COUNTRIES),
            "max_balance": MAX_BALANCE,
            "modules": list(OFFERING_MODULES),
            "artifacts": self._artifact("SecurityToken").source,
        }
        self._storage: Contract | None = None
        self._registry: Contract | None = None
        self._token: Contract | None = None
        self._module_sets: dict[str, list[str]] = {}
        self._offerings = 0
        self._impls: tuple[Contract, Contract] | None = None
        self._cash: CashLeg | None = None

    # ----- helpers ---------------------------------------------------------------------------------

    def _artifact(self, name: str) -> Artifact:
        if name not in self._artifacts:
            self._artifacts[name] = load_project(name)
        return self._artifacts[name]

    def artifact(self, name: str) -> Artifact:
        """The project's artifact of contract ``name`` (loaded once)."""
        return self._artifact(name)

    def claim_expiry(self) -> int:
        """The expiry the benchmark gives claims (years after the chain's clock)."""
        return self._expiry()

    @property
    def storage(self) -> Contract:
        """The identity registry storage (claims and trusted issuers)."""
        if self._storage is None:
            raise RuntimeError("deploy() first")
        return self._storage

    @property
    def registry(self) -> Contract:
        """The identity registry."""
        if self._registry is None:
            raise RuntimeError("deploy() first")
        return self._registry

    @property
    def token(self) -> Contract:
        """The offering's token."""
        if self._token is None:
            raise RuntimeError("deploy() first")
        return self._token

    def _deploy(self, name: str, *args: Any, shared: bool, record: bool) -> Contract:
        deployed = self.chain.deploy(self.cast.deployer, self._artifact(name), *args)
        if record:
            self.deployment.append(ContractGas(name, deployed.gas, deployed.address, "contract", shared))
        return deployed.contract

    def _call(self, signer: Signer, label: str, call: Any, *, shared: bool, record: bool) -> TxReceipt:
        receipt = self.chain.send(signer, call, label=label)
        if record:
            self.deployment.append(ContractGas(label, gas_used(receipt), "", "call", shared))
        return receipt

    @staticmethod
    def _configure(name: str) -> tuple[str, tuple[Any, ...]]:
        """The setting of module ``name`` for the benchmark's offering: (function, arguments)."""
        calls: dict[str, tuple[str, tuple[Any, ...]]] = {
            "CountryAllowModule": ("allowCountries", (list(ALLOWED_COUNTRIES),)),
            "CountryRestrictModule": ("restrictCountries", (list(RESTRICTED_COUNTRIES),)),
            "MaxBalanceModule": ("setMaxBalance", (MAX_BALANCE,)),
            "SupplyLimitModule": ("setSupplyLimit", (10**15,)),
            "MaxHoldersModule": ("setHolderCap", (10**6,)),
            "TransferLimitsModule": ("setTransferLimit", (86_400, 10**12)),
            "LockUpModule": ("setLockUpPeriod", (LOCKED_COUNTRY, 365 * 86_400)),
            "InvestorEligibilityModule": ("setEligibilityRule", (840, 0, 1 << KYC_TOPIC)),
        }
        return calls[name]

    def _implementations(self) -> tuple[Contract, Contract]:
        """The offering factory and the compliance implementation; with the token implementation and the
        eight built-in rule modules, shared by every offering (deployed once)."""
        if self._impls is None:
            admin = self._deploy("TokenAdmin", shared=True, record=True)
            token = self._deploy("SecurityToken", admin.address, shared=True, record=True)
            builtins = [self._deploy(name, shared=True, record=True).address for name in BUILTIN_MODULES]
            compliance = self._deploy("ModularCompliance", builtins, shared=True, record=True)
            factory = self._deploy("OfferingFactory", token.address, compliance.address, shared=True, record=True)
            self._impls = (factory, compliance)
        return self._impls

    def deploy_offering(
        self, modules: Sequence[str], calls: Sequence[tuple[str, str, tuple[Any, ...]]], *, record: bool
    ) -> tuple[Contract, list[int]]:
        """One more offering on the shared registry: one ``OfferingFactory.deployOffering`` transaction (the
        token and compliance proxies of the shared implementations, initialised with the deployer as owner,
        bound together, the shared built-in rule ``modules`` switched on, ``calls`` (module, function,
        arguments) applied as ``callModuleFunction`` payloads, the agent appointed), then the registry's
        owner binds the token (``IdentityRegistry.bindToken``).

        Returns:
            The token (at its proxy, with the token's ABI) and the gas of each transaction.
        """
        cast, chain = self.cast, self.chain
        self._offerings += 1
        factory, compliance_impl = self._implementations()
        spent: list[int] = []

        def call(label: str, function: Any) -> None:
            receipt = chain.send(cast.deployer, function, label=label)
            spent.append(gas_used(receipt))
            if record:
                self.deployment.append(ContractGas(label, gas_used(receipt), "", "call", False))

        shared = dict(zip(BUILTIN_MODULES, compliance_impl.functions.builtinModules().call(), strict=True))
        settings = []
        for module_name, function, args in calls:
            module = chain.at(self._artifact(module_name), shared[module_name])
            settings.append((shared[module_name], bytes.fromhex(module.encode_abi(function, args=list(args))[2:])))
        symbol = f"STB{self._offerings}"
        offering = (f"Sectoken Bond {self._offerings}", symbol, 0, self.registry.address, ZERO_ADDRESS,
                    [cast.agent.address], [shared[name] for name in modules], settings)
        salt = keccak(text=symbol)
        token_address, _ = factory.functions.offeringAddresses(cast.deployer.address, salt).call()
        call("OfferingFactory.deployOffering", factory.functions.deployOffering(salt, offering))
        call("IdentityRegistry.bindToken", self.registry.functions.bindToken(token_address))
        token = chain.at(self._artifact("SecurityToken"), token_address)
        chain.know_errors(self._artifact("ModularCompliance").abi, self._artifact("SecurityToken").abi)
        return token, spent

    def _offering(self, modules: Sequence[str], *, record: bool) -> Contract:
        """An offering with ``modules``, each set up with the benchmark's setting."""
        calls = [(name, *self._configure(name)) for name in modules]
        token, _ = self.deploy_offering(modules, calls, record=record)
        return token

    def _expiry(self) -> int:
        latest = self.chain.w3.eth.get_block("latest")
        return int(latest.get("timestamp", int(time.time()))) + CLAIM_LIFETIME

    # ----- the scenario ----------------------------------------------------------------------------

    def deploy(self) -> None:
        cast = self.cast
        storage = self._deploy("IdentityRegistryStorage", cast.deployer.address, shared=True, record=True)
        self._call(cast.deployer, "IdentityRegistryStorage.addTrustedIssuer",
                   storage.functions.addTrustedIssuer(cast.issuer.address, [KYC_TOPIC]), shared=True, record=True)
        registry_impl = self._deploy("IdentityRegistry", shared=True, record=True)
        init = registry_impl.encode_abi("initialize", args=[cast.deployer.address, storage.address])
        proxy = self._deploy("OfferingProxy", registry_impl.address, init, shared=False, record=True)
        registry = self.chain.at(self._artifact("IdentityRegistry"), proxy.address)
        self._call(cast.deployer, "IdentityRegistryStorage.bindIdentityRegistry",
                   storage.functions.bindIdentityRegistry(registry.address), shared=False, record=True)
        self._call(cast.deployer, "IdentityRegistry.addAgent", registry.functions.addAgent(cast.agent.address),
                   shared=False, record=True)
        self._call(cast.deployer, "IdentityRegistry.addClaimTopic (KYC)",
                   registry.functions.addClaimTopic(KYC_TOPIC), shared=False, record=True)
        self._storage, self._registry = storage, registry
        self._token = self._offering(OFFERING_MODULES, record=True)
        self.info["token"] = self.token.address
        self.notes.append(
            "Deployment: the identity registry storage (claims, trusted issuers) and the token and compliance "
            "implementations, the built-in rule modules and the offering factory are shared by all of an "
            "issuer's offerings; each offering is one factory transaction (two proxies, rules switched on and "
            "set, the agent) and the registry's binding of the token."
        )

    def onboard_one(self, investor: Signer, country: int) -> Measurement:
        identity = identity_of(investor.address)
        registered = self.chain.send(
            self.cast.agent, self.registry.functions.registerIdentity(investor.address, identity, country),
            label="registerIdentity",
        )
        claimed = self.chain.send(
            self.cast.issuer, self.storage.functions.addClaim(identity, KYC_TOPIC, self._expiry()), label="addClaim"
        )
        parts = {
            "IdentityRegistry.registerIdentity": gas_used(registered),
            "IdentityRegistryStorage.addClaim": gas_used(claimed),
        }
        return Measurement(sum(parts.values()), 2, parts)

    def onboard_batch(self, investors: Sequence[Signer], countries: Sequence[int]) -> Measurement:
        chain, cast = self.chain, self.cast
        wallets = [investor.address for investor in investors]
        identities = [identity_of(wallet) for wallet in wallets]
        size = self.config.batch_size
        registrations = [
            self.registry.functions.batchRegisterIdentity(
                wallets[start:start + size], identities[start:start + size], list(countries[start:start + size])
            )
            for start in range(0, len(wallets), size)
        ]
        registered = sum(gas_used(chain.send(cast.agent, call, label="batchRegisterIdentity"))
                         for call in registrations)
        expiry = self._expiry()
        claims = [self.storage.functions.addClaim(identity, KYC_TOPIC, expiry) for identity in identities]
        claimed = sum(map(gas_used, chain.send_many(cast.issuer, claims, label="addClaim")))
        count = len(investors)
        parts = {
            "IdentityRegistry.batchRegisterIdentity": registered // count,
            "IdentityRegistryStorage.addClaim": claimed // count,
        }
        return Measurement(
            (registered + claimed) // count, len(registrations) + count, parts,
            note=f"{count} investors, registration in batches of {size}, one claim transaction each; gas per investor",
        )

    def mint(self, to: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(self.cast.agent, self.token.functions.mint(to, amount), label="mint")

    def seed(self, to: ChecksumAddress, amount: int) -> None:
        self.mint(to, amount)

    def transfer(self, sender: Signer, to: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(sender, self.token.functions.transfer(to, amount), label="transfer")

    def approve(self, owner: Signer, spender: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(owner, self.token.functions.approve(spender, amount), label="approve")

    def transfer_from(self, spender: Signer, owner: ChecksumAddress, to: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(spender, self.token.functions.transferFrom(owner, to, amount), label="transferFrom")

    def refused_transfer(self, sender: Signer, stranger: Signer) -> tuple[RefusalCheck, TxReceipt]:
        call = self.token.functions.transfer(stranger.address, 10)
        revert = self.chain.revert_of(sender, call)
        got = revert.describe() if revert else "no revert"
        code = int(self.token.functions.detectTransferRestriction(sender.address, stranger.address, 10).call())
        receipt = self.chain.send(sender, call, gas=1_000_000, expect_success=False)
        if receipt["status"] != 0:
            raise BenchError("sectoken accepted a transfer to an unregistered wallet")
        ok = got == REFUSAL and code == RECIPIENT_NOT_VERIFIED
        return RefusalCheck(f"{REFUSAL}, detectTransferRestriction {RECIPIENT_NOT_VERIFIED}",
                            f"{got}, detectTransferRestriction {code}", ok), receipt

    def add_holders(self, addresses: Sequence[ChecksumAddress]) -> None:
        """Register and mint to ``addresses`` in batches, grouped :data:`WALLETS_PER_IDENTITY` wallets to an
        identity (each given a KYC claim by the issuer), as for the reference. Every holder is set up by
        the suite's own transactions; no storage is written directly."""
        chain, cast = self.chain, self.cast
        groups = [list(addresses[start:start + WALLETS_PER_IDENTITY])
                  for start in range(0, len(addresses), WALLETS_PER_IDENTITY)]
        identities = [identity_of(group[0]) for group in groups]
        expiry = self._expiry()
        chain.send_many(cast.issuer, [self.storage.functions.addClaim(identity, KYC_TOPIC, expiry)
                                      for identity in identities], label="addClaim")
        registrations, mints = [], []
        for group, identity in zip(groups, identities, strict=True):
            for offset in range(0, len(group), HOLDER_BATCH):
                wallets = group[offset:offset + HOLDER_BATCH]
                countries = [ALLOWED_COUNTRIES[index % 2] for index in range(len(wallets))]
                registrations.append(
                    self.registry.functions.batchRegisterIdentity(wallets, [identity] * len(wallets), countries)
                )
                mints.append(self.token.functions.batchMint(wallets, [10] * len(wallets)))
        chain.send_many(cast.agent, registrations, label="batchRegisterIdentity")
        chain.send_many(cast.agent, mints, label="batchMint")
        note = (
            f"Holders for the scale rows: {WALLETS_PER_IDENTITY} wallets per identity (KYC claim by the issuer), "
            f"registered with batchRegisterIdentity and issued with batchMint, {HOLDER_BATCH} per transaction; "
            "no direct storage writes."
        )
        if note not in self.notes:
            self.notes.append(note)

    def modules_transfer(
        self, variant: str, sender: Signer, recipient: Signer, country: int
    ) -> tuple[TxReceipt, TxReceipt]:
        modules = MODULE_SETS[variant]
        token = self._offering(modules, record=False)  # same registry: sender and recipient are onboarded
        self.chain.send(self.cast.agent, token.functions.mint(sender.address, 1_000), label="mint")
        fresh = self.chain.send(sender, token.functions.transfer(recipient.address, 10), label="transfer")
        existing = self.chain.send(sender, token.functions.transfer(recipient.address, 10), label="transfer")
        self._module_sets[variant] = list(modules)
        self.info["module_sets"] = dict(self._module_sets)
        note = (
            "Module-count rows: a new compliance and token per row on the same registry; "
            + "; ".join(f"{key} = {', '.join(names)}" for key, names in MODULE_SETS.items()) + "."
        )
        if note not in self.notes:
            self.notes.append(note)
        return fresh, existing

    def _offering_on_registry(self) -> dict[str, Measurement]:
        """One more offering of the bench config on the issuer's existing identity registry (a suite's
        `registry: address:`): the factory transaction and the registry's binding, no registry of its own."""
        calls = [(name, *self._configure(name)) for name in OFFERING_MODULES]
        _, spent = self.deploy_offering(OFFERING_MODULES, calls, record=False)
        return {"deploy.offering.registry": Measurement(sum(spent), len(spent),
                                                        note="factory transaction and registry binding")}

    def extras(self) -> dict[str, Measurement]:
        """The flagship rules (:mod:`bench.sectoken_rules`), then the cash leg: stablecoin operations and a
        DvP trade of the offering's token against it."""
        missing = []
        for name in CASH_CONTRACTS:
            try:
                load_project(name)
            except BenchError:
                missing.append(name)
        if missing:
            self.notes.append(f"Cash leg not measured: {', '.join(missing)} not built in this checkout.")
            return measure_full_rules(self) | self._offering_on_registry()
        cast = self.cast
        out = measure_full_rules(self) | self._offering_on_registry()
        self._cash = CashLeg(self.chain, cast, self.token)
        out["cash.deploy"] = self._cash.deploy()
        out.update(self._cash.stablecoin(cast.alice, cast.bob, cast.spender))
        out.update(self._cash.settle(cast.alice, cast.bob, 10))
        out.update(self._cash.duties(cast.alice, cast.stranger))
        return out

    def scale_extras(self) -> dict[str, Measurement]:
        """A distribution over every holder of the offering's token, claimed by alice; then the cost of stale
        claim records (last: it makes every record of the storage stale)."""
        out = self._cash.distribute(self.cast.alice) if self._cash is not None else {}
        return out | self._stale_records()

    def _stale_records(self) -> dict[str, Measurement]:
        """A trust change (an issuer trusted, then removed: the storage's trust epoch moves on) leaves every
        cached claim record stale: alice's transfer to bob recomputes both parties' records from the trusted
        issuers' claims; ``batchRefreshIdentity`` of their two identities makes them fresh again, and the
        same transfer costs what it did before."""
        chain, cast = self.chain, self.cast
        passing = Signer.derived("stale issuer", "sectoken bench stale issuer")
        storage = self.storage.functions
        chain.send(cast.deployer, storage.addTrustedIssuer(passing.address, [KYC_TOPIC]), label="addTrustedIssuer")
        chain.send(cast.deployer, storage.removeTrustedIssuer(passing.address), label="removeTrustedIssuer")
        stale = self.transfer(cast.alice, cast.bob.address, 10)
        identities = [identity_of(cast.alice.address), identity_of(cast.bob.address)]
        refreshed = chain.send(cast.deployer, storage.batchRefreshIdentity(identities), label="batchRefreshIdentity")
        if any(not storage.identityRecordFresh(identity).call() for identity in identities):
            raise BenchError("batchRefreshIdentity left a claim record stale")
        again = self.transfer(cast.alice, cast.bob.address, 10)
        pairs = sum(len(storage.getTrustedIssuerClaimTopics(issuer).call())
                    for issuer in storage.getTrustedIssuers().call())
        return {
            "records.stale.existing": Measurement(
                gas_used(stale), 1, note=f"{pairs} trusted (issuer, topic) pairs read per stale party"),
            "records.refresh": Measurement(gas_used(refreshed) // 2, 1, note="one transaction for both identities"),
            "records.refreshed.existing": Measurement(gas_used(again), 1),
        }
