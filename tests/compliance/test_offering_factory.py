"""The offering factory: one transaction deploys an offering's token and compliance (CREATE2 proxies of the
shared implementations), owned by the caller from the start, bound, its rules switched on and set and its
agent appointed; nobody else can configure or bind anything at any point, nor take the caller's addresses."""

import brownie
import pytest
from eth_utils.crypto import keccak

from tests.compliance.compliance_helpers import plain
from tests.conftest import (
    BUILTIN_MODULES,
    ZERO_ADDRESS,
    deploy_compliance_implementation,
    revert_msg,
    token_abi,
)

SALT = keccak(text="FND")


@pytest.fixture(scope="module")
def factory(rule_stack, TokenAdmin, SecurityToken, OfferingFactory):
    owner = rule_stack.owner
    token_impl = SecurityToken.deploy(TokenAdmin.deploy({"from": owner}), {"from": owner})
    compliance_impl = deploy_compliance_implementation(owner)
    return OfferingFactory.deploy(token_impl, compliance_impl, {"from": owner})


@pytest.fixture(scope="module")
def shared(factory):
    impl = brownie.ModularCompliance.at(factory.complianceImplementation())
    return dict(zip(BUILTIN_MODULES, impl.builtinModules(), strict=True))


def _setting(shared, name, function, *args):
    module = brownie.Contract.from_abi(name, shared[name], getattr(brownie, name).abi)
    return (shared[name], getattr(module, function).encode_input(*args))


def _offering(rule_stack, shared, agent, *, modules=("CountryAllowModule", "MaxBalanceModule"), settings=None):
    settings = settings if settings is not None else [
        _setting(shared, "CountryAllowModule", "allowCountries", [826, 840]),
        _setting(shared, "MaxBalanceModule", "setMaxBalance", 1_000),
    ]
    return ("Fund", "FND", 0, rule_stack.registry, ZERO_ADDRESS, [agent], [shared[m] for m in modules], settings)


def test_one_transaction_deploys_an_offering_owned_by_the_caller(rule_stack, factory, shared, accounts, codes):
    issuer, agent = accounts[7], accounts[8]
    token_at, compliance_at = factory.offeringAddresses(issuer, SALT)
    tx = factory.deployOffering(SALT, _offering(rule_stack, shared, agent), {"from": issuer})
    assert plain(tx.events["OfferingDeployed"].values()) == (token_at, compliance_at, issuer.address, "0x" + SALT.hex())
    token = brownie.Contract.from_abi("SecurityToken", token_at, token_abi())
    compliance = brownie.ModularCompliance.at(compliance_at)
    # both initialised in the creating transaction, owned by the caller, bound together
    assert token.owner() == issuer and compliance.owner() == issuer
    assert (token.name(), token.symbol(), token.identityRegistry()) == ("Fund", "FND", rule_stack.registry)
    assert token.compliance() == compliance and compliance.getTokenBound() == token
    # the rules switched on, their settings in place, the agent appointed
    assert compliance.getModules() == [shared["CountryAllowModule"], shared["MaxBalanceModule"]]
    assert plain(token.rules()) == (0b101, False)
    assert token.countryRule(826)[0] and token.countryRule(840)[0] and not token.countryRule(250)[0]
    assert plain(token.limits()) == (1_000, 0, 0)
    assert token.isAgent(agent) and not token.isAgent(factory)
    assert "ModuleAdded" in tx.events and tx.events["RulesSwitched"]["rules"] == 0b101
    # the factory keeps no rights: it is neither owner nor agent of anything
    assert factory not in (token.owner(), compliance.owner())


def test_nobody_else_can_configure_bind_or_take_the_addresses(rule_stack, factory, shared, accounts, stranger):
    issuer, agent = accounts[7], accounts[8]
    # another caller's offering with the same salt lands elsewhere: nobody can take the issuer's addresses
    assert factory.offeringAddresses(stranger, SALT) != factory.offeringAddresses(issuer, SALT)
    factory.deployOffering(SALT, _offering(rule_stack, shared, agent), {"from": issuer})
    token_at, compliance_at = factory.offeringAddresses(issuer, SALT)
    token = brownie.Contract.from_abi("SecurityToken", token_at, token_abi())
    compliance = brownie.ModularCompliance.at(compliance_at)
    allow = brownie.Contract.from_abi("CountryAllowModule", shared["CountryAllowModule"], brownie.CountryAllowModule.abi)
    for call in (
        lambda: compliance.bindToken(stranger, {"from": stranger}),
        lambda: compliance.unbindToken(token, {"from": stranger}),
        lambda: compliance.addModule(shared["LockUpModule"], {"from": stranger}),
        lambda: compliance.removeModule(shared["CountryAllowModule"], {"from": stranger}),
        lambda: compliance.callModuleFunction(allow.allowCountries.encode_input([250]), allow, {"from": stranger}),
        lambda: token.addAgent(stranger, {"from": stranger}),
        lambda: token.setCompliance(stranger, {"from": stranger}),
    ):
        with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
            call()
    with brownie.reverts(revert_msg("InvalidInitialization")):
        compliance.initializeOffering(stranger, token, [], [], {"from": stranger})
    with brownie.reverts(revert_msg("InvalidInitialization")):
        compliance.initialize(stranger, {"from": stranger})
    with brownie.reverts(revert_msg("InvalidInitialization")):
        token.initialize("X", "X", 0, rule_stack.registry, compliance, ZERO_ADDRESS, stranger, [stranger],
                         {"from": stranger})
    with brownie.reverts(revert_msg("ModuleOnlyComplianceCall", stranger)):
        allow.allowCountries([250], {"from": stranger})
    assert (token.owner(), compliance.owner(), compliance.getTokenBound()) == (issuer, issuer, token)
    assert not token.isAgent(stranger) and not token.countryRule(250)[0]


def test_an_offering_is_deployed_once_per_caller_and_salt(rule_stack, factory, shared, accounts):
    issuer, agent = accounts[7], accounts[8]
    factory.deployOffering(SALT, _offering(rule_stack, shared, agent), {"from": issuer})
    with brownie.reverts():  # the CREATE2 addresses are taken: the creation fails
        factory.deployOffering(SALT, _offering(rule_stack, shared, agent), {"from": issuer})


def test_a_module_that_is_not_built_in_is_refused_and_nothing_is_left(rule_stack, factory, shared, accounts,
                                                                       TestHostileModule):
    issuer, agent = accounts[7], accounts[8]
    foreign = brownie.CountryAllowModule.deploy({"from": issuer})
    offering = list(_offering(rule_stack, shared, agent))
    offering[6] = [foreign]
    with brownie.reverts(revert_msg("ComplianceNotBuiltinModule", foreign)):
        factory.deployOffering(SALT, offering, {"from": issuer})
    offering = list(_offering(rule_stack, shared, agent, settings=[(foreign, foreign.allowCountries.encode_input([1]))]))
    with brownie.reverts(revert_msg("ComplianceNotBuiltinModule", foreign)):
        factory.deployOffering(SALT, offering, {"from": issuer})
    token_at, _ = factory.offeringAddresses(issuer, SALT)
    assert brownie.web3.eth.get_code(token_at) == b""


def test_the_factory_needs_both_implementations(OfferingFactory, accounts):
    with brownie.reverts(revert_msg("OfferingFactoryZeroAddress")):
        OfferingFactory.deploy(ZERO_ADDRESS, accounts[0], {"from": accounts[0]})
