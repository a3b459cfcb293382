"""The reference: ERC-3643's reference implementation, T-REX 4.1.6, with ONCHAINID 2.2.1 identities.

Deployed from the Hardhat artifacts in the npm packages, the way T-REX's own test fixture
(``test/fixtures/deploy-full-suite.fixture.ts``) and its users deploy it: the implementations behind a
``TREXImplementationAuthority`` (``addAndUseTREXVersion``), ONCHAINID's identity implementation,
``ImplementationAuthority`` and ``IdFactory``, a ``TREXFactory``, then one ``deployTREXSuite`` call that
creates the token, registries and compliance as proxies. The offering: KYC claim topic (1) required from
one ``ClaimIssuer`` with a CLAIM key, ``CountryAllowModule`` (826, 840) and ``MaxBalanceModule``
configured through the factory's ``complianceSettings``.

Onboarding one investor is the reference's three steps: ``IdFactory.createIdentity``, ``addClaim`` (sent by
the investor, with the issuer's signature over ``keccak256(abi.encode(identity, topic, data))`` as an
Ethereum signed message) and ``IdentityRegistry.registerIdentity``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from bench.artifacts import NpmPackage
from bench.evm import Artifact, BenchError, Chain, Signer, gas_used
from bench.model import BenchConfig, ContractGas, Measurement, RefusalCheck
from bench.scenario import Cast, Side

__all__ = ["MODULE_SETS", "Reference"]

TREX = ("@tokenysolutions/t-rex", "4.1.6")
ONCHAINID = ("@onchain-id/solidity", "2.2.1")
ZERO_ADDRESS = to_checksum_address("0x" + "00" * 20)

KYC_TOPIC = 1
ECDSA_SCHEME = 1
CLAIM_DATA = b"KYC approved"
ALLOWED_COUNTRIES = (826, 840)
RESTRICTED_COUNTRIES = (408,)
MAX_BALANCE = 10**12
SUPPLY_LIMIT = 10**15
DAILY_TRANSFER_LIMIT = 10**12
REFUSAL = 'Error("Transfer not possible")'

WALLETS_PER_IDENTITY = 100
"""Holders added for the scale rows share identities, this many wallets each (see :meth:`add_holders`)."""
HOLDER_BATCH = 100
"""Wallets per ``batchRegisterIdentity`` / ``batchMint`` when adding holders."""

OFFERING_MODULES = ("CountryAllowModule", "MaxBalanceModule")
MODULE_SETS: dict[str, tuple[str, ...]] = {
    "1": ("CountryAllowModule",),
    "3": ("CountryAllowModule", "CountryRestrictModule", "MaxBalanceModule"),
    "all": ("CountryAllowModule", "CountryRestrictModule", "MaxBalanceModule", "SupplyLimitModule",
            "TimeTransfersLimitsModule"),
}
"""T-REX modules enabled for the module-count rows ("all": the T-REX 4.1.6 modules that have a sectoken
counterpart)."""


@dataclass
class TrexSuite:
    """The contracts ``deployTREXSuite`` created for one offering."""

    token: Contract
    identity_registry: Contract
    compliance: Contract
    receipt: TxReceipt


class Reference(Side):
    """T-REX 4.1.6 deployed in the run from the npm package's artifacts."""

    key = "reference"
    title = "T-REX 4.1.6 (ERC-3643 reference), ONCHAINID 2.2.1"

    def __init__(self, chain: Chain, cast: Cast, config: BenchConfig) -> None:
        super().__init__(chain, cast, config)
        self.trex = NpmPackage.find(*TREX)
        self.oid = NpmPackage.find(*ONCHAINID)
        self.info = {
            "t-rex": self.trex.version,
            "onchain-id": self.oid.version,
            "claim_topics": [KYC_TOPIC],
            "countries_allowed": list(ALLOWED_COUNTRIES),
            "max_balance": MAX_BALANCE,
            "modules": list(OFFERING_MODULES),
        }
        self._contracts: dict[str, Contract] = {}
        self._modules: dict[str, Contract] = {}
        self._identities: dict[str, ChecksumAddress] = {}
        self._suite: TrexSuite | None = None
        self._salts = 0
        self._module_sets: dict[str, list[str]] = {}

    # ----- helpers ---------------------------------------------------------------------------------

    def _artifact(self, name: str) -> Artifact:
        oid_names = {"Identity", "IdentityProxy", "ImplementationAuthority", "IdFactory", "ClaimIssuer"}
        return self.oid.load(name) if name in oid_names else self.trex.load(name)

    def _deploy(self, signer: Signer, name: str, *args: Any, label: str | None = None, shared: bool = True) -> Contract:
        deployed = self.chain.deploy(signer, self._artifact(name), *args)
        self.deployment.append(ContractGas(
            label or name, deployed.gas, deployed.address, "proxy" if name.endswith("Proxy") else "contract", shared
        ))
        return deployed.contract

    def _call(self, signer: Signer, label: str, call: Any, *, shared: bool = True) -> TxReceipt:
        receipt = self.chain.send(signer, call, label=label)
        self.deployment.append(ContractGas(label, gas_used(receipt), "", "call", shared))
        return receipt

    @property
    def suite(self) -> TrexSuite:
        """The offering's contracts."""
        if self._suite is None:
            raise RuntimeError("deploy() first")
        return self._suite

    def _module(self, name: str, *, record: bool) -> Contract:
        """The module ``name``: implementation behind a ``ModuleProxy`` (``initialize()``), deployed once
        and bound to every compliance that uses it, as T-REX modules are."""
        if name not in self._modules:
            deployer = self.cast.deployer
            implementation = self.chain.deploy(deployer, self._artifact(name))
            init = HexBytes(implementation.contract.encode_abi("initialize", args=[]))
            proxy = self.chain.deploy(deployer, self.trex.load("ModuleProxy"), implementation.address, init)
            if record:
                self.deployment.append(ContractGas(name, implementation.gas, implementation.address, "contract", True))
                self.deployment.append(
                    ContractGas(f"ModuleProxy ({name})", proxy.gas, proxy.address, "proxy", True)
                )
            self._modules[name] = self.chain.at(self._artifact(name), proxy.address)
        return self._modules[name]

    def _settings(self, name: str) -> HexBytes:
        module = self._modules[name]
        calls: dict[str, tuple[str, list[Any]]] = {
            "CountryAllowModule": ("batchAllowCountries", [list(ALLOWED_COUNTRIES)]),
            "CountryRestrictModule": ("batchRestrictCountries", [list(RESTRICTED_COUNTRIES)]),
            "MaxBalanceModule": ("setMaxBalance", [MAX_BALANCE]),
            "SupplyLimitModule": ("setSupplyLimit", [SUPPLY_LIMIT]),
            "TimeTransfersLimitsModule": ("setTimeTransferLimit", [(86_400, DAILY_TRANSFER_LIMIT)]),
        }
        function, args = calls[name]
        return HexBytes(module.encode_abi(function, args=args))

    def _deploy_suite(self, modules: Sequence[str], *, record: bool) -> TrexSuite:
        cast = self.cast
        self._salts += 1
        salt = f"sectoken-bench-{self._salts}"
        module_contracts = [self._module(name, record=record) for name in modules]
        token_details = (
            cast.deployer.address,  # owner of every contract of the suite
            f"Reference Bond {self._salts}",
            f"REF{self._salts}",
            0,  # decimals
            ZERO_ADDRESS,  # a new identity registry storage
            ZERO_ADDRESS,  # the factory creates the token's ONCHAINID
            [cast.agent.address],  # identity registry agents
            [cast.agent.address],  # token agents
            [module.address for module in module_contracts],
            [self._settings(name) for name in modules],
        )
        claim_details = ([KYC_TOPIC], [self._contracts["ClaimIssuer"].address], [[KYC_TOPIC]])
        factory = self._contracts["TREXFactory"]
        call = factory.functions.deployTREXSuite(salt, token_details, claim_details)
        if record:
            receipt = self._call(cast.deployer, "TREXFactory.deployTREXSuite", call, shared=False)
        else:
            receipt = self.chain.send(cast.deployer, call, label="deployTREXSuite")
        (event,) = factory.events.TREXSuiteDeployed().process_receipt(receipt, errors=DISCARD)
        suite = TrexSuite(
            token=self.chain.at(self.trex.load("Token"), event.args["_token"]),
            identity_registry=self.chain.at(self.trex.load("IdentityRegistry"), event.args["_ir"]),
            compliance=self.chain.at(self.trex.load("ModularCompliance"), event.args["_mc"]),
            receipt=receipt,
        )
        unpause = suite.token.functions.unpause()
        if record:
            self._call(cast.agent, "Token.unpause", unpause, shared=False)
        else:
            self.chain.send(cast.agent, unpause, label="unpause")
        return suite

    def _claim_signature(self, identity: str) -> bytes:
        digest = keccak(abi_encode(["address", "uint256", "bytes"], [identity, KYC_TOPIC, CLAIM_DATA]))
        return self.cast.claim_signer.sign_prefixed(digest)

    def _add_claim_call(self, identity: Contract) -> Any:
        return identity.functions.addClaim(
            KYC_TOPIC, ECDSA_SCHEME, self._contracts["ClaimIssuer"].address,
            self._claim_signature(identity.address), CLAIM_DATA, "",
        )

    def _identity(self, address: str) -> Contract:
        return self.chain.at(self.oid.load("Identity"), address)

    def _create_identity(self, wallet: ChecksumAddress, gas: int | None = None) -> tuple[TxReceipt, Contract]:
        factory = self._contracts["IdFactory"]
        call = factory.functions.createIdentity(wallet, f"investor-{wallet}")
        receipt = self.chain.send(self.cast.deployer, call, gas=gas, label="createIdentity")
        identity = to_checksum_address(factory.functions.getIdentity(wallet).call())
        self._identities[wallet] = identity
        return receipt, self._identity(identity)

    # ----- the scenario ----------------------------------------------------------------------------

    def deploy(self) -> None:
        cast, chain = self.cast, self.chain
        deployer = cast.deployer
        implementations = {
            name: self._deploy(deployer, name, label=f"{name} (implementation)")
            for name in ("Token", "ClaimTopicsRegistry", "IdentityRegistry", "IdentityRegistryStorage",
                         "TrustedIssuersRegistry", "ModularCompliance")
        }
        identity_implementation = self._deploy(deployer, "Identity", deployer.address, True,
                                               label="Identity (ONCHAINID implementation)")
        identity_authority = self._deploy(deployer, "ImplementationAuthority", identity_implementation.address,
                                          label="ImplementationAuthority (ONCHAINID)")
        id_factory = self._deploy(deployer, "IdFactory", identity_authority.address)
        trex_authority = self._deploy(deployer, "TREXImplementationAuthority", True, ZERO_ADDRESS, ZERO_ADDRESS)
        version = tuple(int(part) for part in self.trex.version.split("."))
        contracts = tuple(implementations[name].address for name in (
            "Token", "ClaimTopicsRegistry", "IdentityRegistry", "IdentityRegistryStorage",
            "TrustedIssuersRegistry", "ModularCompliance",
        ))
        self._call(deployer, "TREXImplementationAuthority.addAndUseTREXVersion",
                   trex_authority.functions.addAndUseTREXVersion(version, contracts))
        trex_factory = self._deploy(deployer, "TREXFactory", trex_authority.address, id_factory.address)
        self._call(deployer, "IdFactory.addTokenFactory", id_factory.functions.addTokenFactory(trex_factory.address))

        claim_issuer = self._deploy(cast.issuer, "ClaimIssuer", cast.issuer.address)
        signer_key = keccak(abi_encode(["address"], [cast.claim_signer.address]))
        self._call(cast.issuer, "ClaimIssuer.addKey (CLAIM key)", claim_issuer.functions.addKey(signer_key, 3, 1))
        self._contracts.update(IdFactory=id_factory, TREXFactory=trex_factory, ClaimIssuer=claim_issuer)
        chain.know_errors(self.trex.load("Token").abi)

        self._suite = self._deploy_suite(OFFERING_MODULES, record=True)
        self.info["token"] = self._suite.token.address
        self.notes.append(
            "Deployment: 'shared' rows (implementations, authorities, factories, claim issuer, module "
            "singletons) are deployed once per chain and reused by every offering; deployTREXSuite and "
            "unpause are the per-offering part."
        )

    def onboard_one(self, investor: Signer, country: int) -> Measurement:
        created, identity = self._create_identity(investor.address)
        claimed = self.chain.send(investor, self._add_claim_call(identity), label="addClaim")
        registry = self.suite.identity_registry
        registered = self.chain.send(
            self.cast.agent, registry.functions.registerIdentity(investor.address, identity.address, country),
            label="registerIdentity",
        )
        parts = {
            "IdFactory.createIdentity": gas_used(created),
            "Identity.addClaim": gas_used(claimed),
            "IdentityRegistry.registerIdentity": gas_used(registered),
        }
        return Measurement(sum(parts.values()), 3, parts)

    def onboard_batch(self, investors: Sequence[Signer], countries: Sequence[int]) -> Measurement:
        chain, cast, factory = self.chain, self.cast, self._contracts["IdFactory"]
        # ONCHAINID has no batch: one identity and one claim (sent by the investor) per investor.
        wallets = [investor.address for investor in investors]
        creates = [factory.functions.createIdentity(wallet, f"investor-{wallet}") for wallet in wallets]
        created = sum(map(gas_used, chain.send_many(cast.deployer, creates, label="createIdentity")))
        identities = []
        for wallet in wallets:
            self._identities[wallet] = to_checksum_address(factory.functions.getIdentity(wallet).call())
            identities.append(self._identity(self._identities[wallet]))
        claims = [(investor, self._add_claim_call(identity), None, 0) for investor, identity in zip(investors, identities)]
        claimed = sum(map(gas_used, chain.send_bulk(claims, label="addClaim")))
        registry = self.suite.identity_registry
        size = self.config.batch_size
        registered = 0
        for start in range(0, len(investors), size):
            call = registry.functions.batchRegisterIdentity(
                wallets[start:start + size], [identity.address for identity in identities[start:start + size]],
                list(countries[start:start + size]),
            )
            registered += gas_used(chain.send(cast.agent, call, label="batchRegisterIdentity"))
        count = len(investors)
        parts = {
            "IdFactory.createIdentity": created // count,
            "Identity.addClaim": claimed // count,
            "IdentityRegistry.batchRegisterIdentity": registered // count,
        }
        batches = -(-count // size)
        return Measurement(
            (created + claimed + registered) // count, 2 * count + batches, parts,
            note=f"{count} investors, registration in batches of {size}; gas per investor",
        )

    def mint(self, to: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(self.cast.agent, self.suite.token.functions.mint(to, amount), label="mint")

    def seed(self, to: ChecksumAddress, amount: int) -> None:
        self.mint(to, amount)

    def transfer(self, sender: Signer, to: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(sender, self.suite.token.functions.transfer(to, amount), label="transfer")

    def approve(self, owner: Signer, spender: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(owner, self.suite.token.functions.approve(spender, amount), label="approve")

    def transfer_from(self, spender: Signer, owner: ChecksumAddress, to: ChecksumAddress, amount: int) -> TxReceipt:
        call = self.suite.token.functions.transferFrom(owner, to, amount)
        return self.chain.send(spender, call, label="transferFrom")

    def refused_transfer(self, sender: Signer, stranger: Signer) -> tuple[RefusalCheck, TxReceipt]:
        call = self.suite.token.functions.transfer(stranger.address, 10)
        revert = self.chain.revert_of(sender, call)
        got = revert.describe() if revert else "no revert"
        receipt = self.chain.send(sender, call, gas=1_000_000, expect_success=False)
        if receipt["status"] != 0:
            raise BenchError("the reference accepted a transfer to an unregistered wallet")
        return RefusalCheck(REFUSAL, got, got == REFUSAL), receipt

    def add_holders(self, addresses: Sequence[ChecksumAddress]) -> None:
        """Register and mint to ``addresses`` through the reference's batch functions.

        The fastest honest way: holders are grouped :data:`WALLETS_PER_IDENTITY` wallets to one ONCHAINID
        identity (T-REX's model of an investor with several wallets), each identity created by the
        ``IdFactory`` with the deployer as management key and given a signed KYC claim; wallets are
        registered with ``batchRegisterIdentity`` and issued with ``batchMint``, :data:`HOLDER_BATCH` per
        transaction. No storage is written directly.
        """
        chain, cast, suite = self.chain, self.cast, self.suite
        factory = self._contracts["IdFactory"]
        manager = keccak(abi_encode(["address"], [cast.deployer.address]))
        groups = [list(addresses[start:start + WALLETS_PER_IDENTITY])
                  for start in range(0, len(addresses), WALLETS_PER_IDENTITY)]
        creates = [factory.functions.createIdentityWithManagementKeys(group[0], f"holders-{group[0]}", [manager])
                   for group in groups]
        chain.send_many(cast.deployer, creates, label="createIdentityWithManagementKeys")
        identities = [self._identity(factory.functions.getIdentity(group[0]).call()) for group in groups]
        chain.send_many(cast.deployer, [self._add_claim_call(identity) for identity in identities], label="addClaim")
        registrations, mints = [], []
        for group, identity in zip(groups, identities, strict=True):
            for offset in range(0, len(group), HOLDER_BATCH):
                wallets = group[offset:offset + HOLDER_BATCH]
                countries = [ALLOWED_COUNTRIES[index % 2] for index in range(len(wallets))]
                registrations.append(suite.identity_registry.functions.batchRegisterIdentity(
                    wallets, [identity.address] * len(wallets), countries
                ))
                mints.append(suite.token.functions.batchMint(wallets, [10] * len(wallets)))
        chain.send_many(cast.agent, registrations, label="batchRegisterIdentity")
        chain.send_many(cast.agent, mints, label="batchMint")
        note = (
            f"Holders for the scale rows: {WALLETS_PER_IDENTITY} wallets per ONCHAINID identity (created by the "
            "IdFactory, KYC claim signed by the issuer), registered with batchRegisterIdentity and issued with "
            f"batchMint, {HOLDER_BATCH} per transaction; no direct storage writes."
        )
        if note not in self.notes:
            self.notes.append(note)

    def modules_transfer(
        self, variant: str, sender: Signer, recipient: Signer, country: int
    ) -> tuple[TxReceipt, TxReceipt]:
        modules = MODULE_SETS[variant]
        suite = self._deploy_suite(modules, record=False)
        wallets = [sender.address, recipient.address]
        register = suite.identity_registry.functions.batchRegisterIdentity(
            wallets, [self._identities[wallet] for wallet in wallets], [826, country]
        )
        self.chain.send(self.cast.agent, register, label="batchRegisterIdentity")
        self.chain.send(self.cast.agent, suite.token.functions.mint(sender.address, 1_000), label="mint")
        fresh = self.chain.send(sender, suite.token.functions.transfer(recipient.address, 10), label="transfer")
        existing = self.chain.send(sender, suite.token.functions.transfer(recipient.address, 10), label="transfer")
        self._module_sets[variant] = list(modules)
        self.info["module_sets"] = dict(self._module_sets)
        note = (
            "Module-count rows: a new offering per row (deployTREXSuite, same identities registered); "
            + "; ".join(f"{key} = {', '.join(names)}" for key, names in MODULE_SETS.items())
            + " (the T-REX 4.1.6 modules with a sectoken counterpart)."
        )
        if note not in self.notes:
            self.notes.append(note)
        return fresh, existing
