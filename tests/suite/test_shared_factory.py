"""One more offering through an issuer's existing offering factory (`factory:`): the second suite deploys no
modules, implementations or factory, only the offering (one factory transaction) and its binding to the first
suite's registry; its token runs the first suite's implementations and rules; a factory that is missing, is no
factory or was built by another version is refused before anything is sent; the flowback period runs from the
second offering, not from the factory's deployment, and a resumed deployment keeps the closing it chose; an
interrupted deployment is resumed without repeats. A part is this version's when its code equals the artifact's
everywhere but at its immutables, and those hold what they must: any other byte, or another value, is refused."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account.datastructures import SignedTransaction

from sectoken.artifacts import load as load_artifact
from sectoken.contracts.compliance import BUILTIN_MODULES
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import ConfigError
from sectoken.reasons import Restriction
from sectoken.signers import LocalSigner, dev_account
from sectoken.suite import MODULE_PREFIX, Suite, compliance_rules
from sectoken.tx import deploy

from .conftest import nonce
from .resume_helpers import IMPLEMENTATION_SLOT, StopAfter
from .second_suite import (
    AGENT,
    FACTORY_PARTS,
    NO_TRANSACTION,
    mint_and_transfer,
    refused_before_sending,
    refuses_carol,
)
from .second_suite import second_config as config_on
from .test_token_operations import refused

FLOWBACK = 40 * 86_400


def second_config(suite: Suite, *, factory: str | None = None, **options: Any):
    """A second offering through `factory` (the example's by default) on the example's registry, with a flowback
    period of 40 days from its closing (none configured: the deployment's)."""
    return config_on(suite.registry.address, factory=factory or suite.record.address("offeringFactory"),
                     flowback="40 days", **options)


def test_the_configuration_reads_the_factory_address():
    factory = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    config = config_on(factory, factory=factory.lower(), name="n", symbol="S")
    assert config.factory == factory and config.to_json()["factory"] == factory
    own = config_on(factory, name="n", symbol="S")
    assert own.factory is None and "factory" not in own.to_json()  # records of suites with their own keep their shape
    with pytest.raises(ConfigError, match="<config>:4"):
        config_on(factory, factory="0x1234")


@pytest.fixture(scope="module")
def second(web3, suite, cast, store, chain) -> tuple[Suite, list]:
    """A second offering through the example's factory, on its registry (its record in the same folder), a
    week after the first suite."""
    chain.sleep(7 * 86_400)
    steps: list = []
    deployed = deploy_suite(web3, cast.deployer, second_config(suite), deployments=store, progress=steps.append)
    return deployed, steps


def test_the_second_offering_sends_only_its_factory_transaction_and_the_binding(web3, suite, second):
    bond, steps = second
    offering = "factory: deploy the offering UUB31 (token, compliance, rules, agents)"
    assert [step.name for step in steps] == [f"registry: add agent {AGENT}", offering, "registry: bind the token"]
    # The factory, its implementations and modules recorded as shared, with the first suite's blocks.
    first = suite.record.contracts
    for role in FACTORY_PARTS:
        item = bond.record.contracts[role]
        assert (item.address, item.tx_hash, item.block_number) == (first[role].address, NO_TRANSACTION,
                                                                   first[role].block_number)
    # Its token and compliance are proxies of the first suite's implementations, made by its factory.
    for role, implementation in (("token", "tokenImplementation"), ("compliance", "complianceImplementation")):
        slot = web3.eth.get_storage_at(bond.record.address(role), IMPLEMENTATION_SLOT)
        assert "0x" + slot[-20:].hex() == first[implementation].address.lower()
    assert bond.record.contracts["token"].tx_hash == steps[1].receipt.tx_hash
    assert bond.compliance.builtin_modules() == [first[f"{MODULE_PREFIX}{name}"].address for name in BUILTIN_MODULES]
    assert suite.registry.bound_tokens() == [suite.token.address, bond.token.address]


def test_the_flowback_period_runs_from_the_second_offering(web3, suite, second):
    bond, steps = second
    end, _ = bond.modules["FlowbackModule"].flowback()
    offered = steps[1].receipt.block_number
    # Prepared on the latest block before the offering was mined (the chain mines each transaction at once).
    assert end == web3.eth.get_block(offered - 1)["timestamp"] + FLOWBACK
    factory_deployed = web3.eth.get_block(suite.record.contracts["offeringFactory"].block_number)["timestamp"]
    assert end >= factory_deployed + 7 * 86_400 + FLOWBACK  # not from the factory's deployment a week earlier
    assert any(rule.source == "Flowback" for rule in compliance_rules(bond))  # explained from the record


def test_the_second_token_mints_transfers_and_refuses_with_its_code(web3, suite, second, cast):
    bond, _ = second
    # In the flowback period the UK investor (no non-US-person claim) may not receive it; then it ends.
    refused(web3, cast.deployer, lambda: bond.token.mint(cast.alice.address, 1), Restriction.FLOWBACK_RESTRICTED)
    bond.modules["FlowbackModule"].set_flowback_end(0)
    mint_and_transfer(bond.token, cast)
    refuses_carol(web3, bond.token, cast)
    assert suite.token.balance_of(cast.alice.address) == 0  # the first offering untouched


def test_a_suite_with_a_registry_of_its_own_shares_the_factory_too(web3, suite, cast, store):
    config = config_on(None, name="own-registry", symbol="UUB33", factory=suite.record.address("offeringFactory"),
                       flowback="40 days", more=f'  storage: "{suite.storage.address}"\n')
    steps: list = []
    bond = deploy_suite(web3, cast.deployer, config, deployments=store, progress=steps.append)
    assert [step.name for step in steps if step.kind == "deploy"] == ["identityRegistryImplementation",
                                                                      "identityRegistry"]
    assert bond.registry.address != suite.registry.address and bond.token.identity_registry() == bond.registry.address
    assert all(bond.record.contracts[role].tx_hash == NO_TRANSACTION for role in FACTORY_PARTS)


def test_no_contract_or_no_factory_is_refused_before_anything_is_sent(web3, suite, cast, store):
    refused_before_sending(web3, store, cast.deployer, second_config(suite, factory=cast.erin.address, name="no-code"),
             f"factory {cast.erin.address} has no contract on the connected chain")
    refused_before_sending(web3, store, cast.deployer, second_config(suite, factory=suite.token.address, name="a-token"),
             rf"factory {suite.token.address} does not answer as an offering factory \(its tokenImplementation\(\) "
             "call fails\\)")


def test_a_factory_built_from_other_code_is_refused_as_another_version(web3, suite, cast, store):
    first = suite.record.contracts
    token_impl, compliance_impl = first["tokenImplementation"].address, first["complianceImplementation"].address
    # A factory whose token implementation is some other contract (the registry's implementation).
    other = first["identityRegistryImplementation"].address
    wrong = deploy(web3, cast.deployer, "OfferingFactory", other, compliance_impl)[0]
    refused_before_sending(web3, store, cast.deployer, second_config(suite, factory=wrong, name="wrong-token"),
             f"factory {wrong} was deployed by another version of sectoken: its token implementation {other} is not "
             "the SecurityToken this version ships")
    # A factory whose compliance implementation is some other contract.
    wrong = deploy(web3, cast.deployer, "OfferingFactory", token_impl, other)[0]
    refused_before_sending(web3, store, cast.deployer, second_config(suite, factory=wrong, name="wrong-compliance"),
             f"factory {wrong} was deployed by another version of sectoken: its compliance implementation {other} "
             "is not the ModularCompliance this version ships")


@pytest.mark.parametrize(("stop_after", "left"), [("registry: add agent", 2), ("factory: deploy the offering", 1)])
def test_an_interrupted_deployment_through_a_shared_factory_is_resumed_without_repeats(
    web3, suite, cast, tmp_path, stop_after, left
):
    store = Deployments(tmp_path)  # no record of the first suite here: the blocks are read from the chain
    agent = dev_account(6).address
    config = second_config(suite, name="resumed", symbol="UUB32", agent=agent)
    stop = StopAfter(stop_after)
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(web3, cast.deployer, config, deployments=store, progress=stop)
    record = store.find(web3.eth.chain_id, "resumed")
    assert record.config["deployment"]["complete"] is False and record.config["factory"] == config.factory
    # Resumed with another factory: refused, nothing sent.
    before = nonce(web3, cast.deployer)
    other = second_config(suite, factory=suite.token.address, name="resumed", symbol="UUB32", agent=agent)
    with pytest.raises(ConfigError, match="was being deployed with .*, in: factory"):
        deploy_suite(web3, cast.deployer, other, deployments=store, resume=True)
    resumed = deploy_suite(web3, cast.deployer, config, deployments=store, resume=True)
    assert nonce(web3, cast.deployer) == before + left  # what was left: nothing done before is redone
    assert suite.registry.is_agent(agent)
    assert suite.registry.bound_tokens().count(resumed.token.address) == 1
    first = suite.record.contracts
    for role in FACTORY_PARTS:
        item = resumed.record.contracts[role]
        assert item == record.contracts.get(role, item)  # recorded once: as the interrupted run did
        assert (item.address, item.tx_hash, item.block_number) == (first[role].address, NO_TRANSACTION,
                                                                   first[role].block_number)
    end, _ = resumed.modules["FlowbackModule"].flowback()
    assert end == web3.eth.get_block(resumed.record.contracts["token"].block_number - 1)["timestamp"] + FLOWBACK


def _set_code(web3, address: str, code: bytes) -> None:
    web3.provider.make_request("anvil_setCode", [address, "0x" + code.hex()])


def _outside_immutables(artifact: str, code: bytes) -> int:
    """An offset of `code` (the artifact's, on the chain) in no immutable's place: the middle, or just after."""
    places = [range(start, start + length) for refs in load_artifact(artifact).immutable_references.values()
              for start, length in refs]
    return next(at for at in range(len(code) // 2, len(code)) if not any(at in place for place in places))


def test_a_part_whose_code_differs_outside_its_immutables_is_refused(web3, suite, cast, store):
    first = suite.record.contracts
    parts = [("offeringFactory", "its code"), ("tokenImplementation", "its token implementation {}"),
             ("tokenAdmin", "its token implementation's TokenAdmin {}"),
             ("complianceImplementation", "its compliance implementation {}"),
             (f"{MODULE_PREFIX}LockUpModule", "its built-in module {}")]
    for role, what in parts:
        address, artifact = first[role].address, first[role].artifact
        code = bytes(web3.eth.get_code(address))
        at = _outside_immutables(artifact, code)
        _set_code(web3, address, code[:at] + bytes([code[at] ^ 1]) + code[at + 1:])  # one bit of one byte
        refused_before_sending(web3, store, cast.deployer, second_config(suite, name="changed"),
                               f"factory {first['offeringFactory'].address} was deployed by another version of "
                               f"sectoken: {what.format(address)} is not the {artifact} this version ships")
        _set_code(web3, address, code)
    assert deploy_suite(web3, cast.deployer, second_config(suite, name="unchanged"), deployments=store).token.symbol()


def _with_immutable(web3, address: str, artifact: str, name: str, word: bytes) -> None:
    """The code at `address` with the immutable `name` of `artifact` holding `word` instead."""
    code = bytearray(web3.eth.get_code(address))
    for start, length in load_artifact(artifact).immutable_references[name]:
        code[start:start + length] = word
    _set_code(web3, address, bytes(code))


def test_immutables_that_hold_other_values_are_refused(web3, suite, cast, store):
    first = suite.record.contracts
    factory, token_impl = first["offeringFactory"].address, first["tokenImplementation"].address
    lock_up = first[f"{MODULE_PREFIX}LockUpModule"].address
    version = f"factory {factory} was deployed by another version of sectoken: "
    # The token implementation's TokenAdmin, read from its code, is another contract: refused as not TokenAdmin.
    _with_immutable(web3, token_impl, "SecurityToken", "SecurityToken._admin", bytes(12) + bytes.fromhex(lock_up[2:]))
    refused_before_sending(web3, store, cast.deployer, second_config(suite, name="other-admin"),
                           version + f"its token implementation's TokenAdmin {lock_up} is not the TokenAdmin")
    _with_immutable(web3, token_impl, "SecurityToken", "SecurityToken._admin",
                    bytes(12) + bytes.fromhex(first["tokenAdmin"].address[2:]))
    # A built-in module whose rule number is not its place among the compliance's modules.
    _with_immutable(web3, lock_up, "LockUpModule", "AbstractModule._ruleId", (0).to_bytes(32, "big"))
    refused_before_sending(web3, store, cast.deployer, second_config(suite, name="other-rule"),
                           version + f"its built-in module {lock_up} is not the LockUpModule")
    _with_immutable(web3, lock_up, "LockUpModule", "AbstractModule._ruleId",
                    BUILTIN_MODULES.index("LockUpModule").to_bytes(32, "big"))
    # A copy of the token implementation's code elsewhere: its UUPS self-address is the original's.
    copy = web3.to_checksum_address("0x" + "5e" * 20)
    _set_code(web3, copy, bytes(web3.eth.get_code(token_impl)))
    wrong = deploy(web3, cast.deployer, "OfferingFactory", copy, first["complianceImplementation"].address)[0]
    refused_before_sending(web3, store, cast.deployer, second_config(suite, factory=wrong, name="copied"),
                           f"factory {wrong} was deployed by another version of sectoken: its token implementation "
                           f"{copy} is not the SecurityToken")


class _StopAtSigning:
    """The deployer, interrupted (as by Ctrl-C) when asked to sign a transaction to `to`: after the step was
    prepared and simulated, before anything of it is signed or sent."""

    def __init__(self, signer: LocalSigner, to: str) -> None:
        self._signer, self._to = signer, to
        self.address = signer.address

    def sign_transaction(self, transaction: Any) -> SignedTransaction:
        if transaction.get("to") == self._to:
            raise KeyboardInterrupt
        return self._signer.sign_transaction(transaction)

    def sign_typed_data(self, *args: Any, **kwargs: Any) -> Any:
        return self._signer.sign_typed_data(*args, **kwargs)


def test_a_resumed_deployment_keeps_the_closing_it_chose(web3, suite, cast, tmp_path, chain):
    store = Deployments(tmp_path)
    factory = suite.record.address("offeringFactory")
    config = second_config(suite, name="closing", symbol="UUB34", agent=dev_account(6).address)
    with pytest.raises(KeyboardInterrupt):  # the agent added, the offering prepared, not signed
        deploy_suite(web3, _StopAtSigning(cast.deployer, factory), config, deployments=store)
    status = store.find(web3.eth.chain_id, "closing").status
    assert not status.complete and status.pending is None
    chosen = web3.eth.get_block("latest")["timestamp"]  # the block the offering was prepared on
    assert status.closing == chosen
    chain.sleep(30 * 86_400)
    chain.mine()
    before = nonce(web3, cast.deployer)
    resumed = deploy_suite(web3, cast.deployer, config, deployments=store, resume=True)
    assert nonce(web3, cast.deployer) == before + 2  # the offering and the binding
    end, _ = resumed.modules["FlowbackModule"].flowback()
    assert end == chosen + FLOWBACK  # from the closing chosen first, not a month later
    assert resumed.record.status.closing == chosen
