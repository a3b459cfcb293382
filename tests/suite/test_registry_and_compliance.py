"""The registry, storage and compliance clients on the deployed example: investors, claims (direct and
EIP-712 signed), trusted issuers, module settings, and the rules explained in words."""

import pytest

from sectoken.claims import TOPICS
from sectoken.contracts.compliance import describe_period, module_client
from sectoken.contracts.registry import SIGNED_CLAIM_LIFETIME
from sectoken.errors import RevertError, ValidationError
from sectoken.jurisdictions import ModuleCall
from sectoken.suite import compliance_explain, compliance_rules

from .conftest import identity_of


def test_investor_records_read_in_one_call(suite, cast):
    alice = suite.registry.investor(cast.alice.address)
    assert alice.registered and alice.verified
    assert (alice.identity.lower(), alice.country) == (identity_of(cast.alice), 826)
    assert alice.topics == (TOPICS["kyc"], TOPICS["professional"])
    erin = suite.registry.investor(cast.erin.address)
    assert not erin.registered and not erin.verified and erin.topics == ()
    assert suite.registry.contains(cast.dave.address) and suite.registry.country(cast.dave.address) == 276


def test_registration_changes(suite, cast):
    registry = suite.registry
    registry.update_country(cast.carol.address, "US")
    assert registry.country(cast.carol.address) == 840
    registry.delete(cast.carol.address)
    assert not registry.contains(cast.carol.address)
    registry.batch_register([cast.carol.address, cast.erin.address], [identity_of(cast.carol)] * 2, ["GB", 826])
    assert registry.is_verified(cast.erin.address)  # erin's wallet now belongs to carol's identity (KYC)
    with pytest.raises(RevertError, match="StorageWalletAlreadyStored"):
        registry.register(cast.erin.address, identity_of(cast.erin), "GB")
    with pytest.raises(RevertError, match="AgentRoleUnauthorized"):
        registry.with_signer(cast.alice).register(cast.spare.address, identity_of(cast.spare), "GB")


def test_claims_come_from_trusted_issuers_only(web3, suite, cast):
    storage, identity = suite.storage, identity_of(cast.erin)
    suite.registry.register(cast.erin.address, identity, "GB")
    assert not suite.registry.is_verified(cast.erin.address)
    with pytest.raises(RevertError) as raised:
        storage.with_signer(cast.alice).add_claim(identity, "kyc")
    assert raised.value.name == "ClaimIssuerNotTrusted"
    expiry = web3.eth.get_block("latest")["timestamp"] + 3600
    storage.add_claim(identity, "kyc", expiry)
    assert storage.claim_expiry(identity, "kyc", cast.deployer.address) == expiry
    assert suite.registry.is_verified(cast.erin.address)
    storage.revoke_claim(identity, "kyc")
    assert not suite.registry.is_verified(cast.erin.address)


def test_a_signed_claim_is_submitted_by_anyone(web3, suite, cast):
    identity = identity_of(cast.erin)
    deadline = web3.eth.get_block("latest")["timestamp"] + 3600
    nonce = suite.storage.claim_nonce(cast.deployer.address, identity)
    claim = suite.storage.sign_claim(cast.deployer, identity, "kyc", deadline=deadline)
    assert claim.nonce == nonce  # read from the chain
    # By default the claim lasts a year from the chain's clock, not for ever.
    assert claim.expiry == web3.eth.get_block("latest")["timestamp"] + SIGNED_CLAIM_LIFETIME
    assert suite.storage.claim_digest(cast.deployer.address, identity, 1, claim.expiry, nonce, deadline) != bytes(32)
    suite.storage.with_signer(cast.erin).submit_signed_claim(claim)
    assert suite.storage.identity_topics(identity) == (TOPICS["kyc"],)
    assert suite.storage.claim_nonce(cast.deployer.address, identity) == nonce + 1
    with pytest.raises(RevertError, match="ClaimSignatureNonceInvalid"):
        suite.storage.with_signer(cast.erin).submit_signed_claim(claim)
    later = suite.storage.sign_claim(cast.deployer, identity, "aml", deadline=deadline)
    suite.storage.invalidate_claim_signatures(identity)
    with pytest.raises(RevertError, match="ClaimSignatureNonceInvalid"):
        suite.storage.with_signer(cast.erin).submit_signed_claim(later)


def test_trusted_issuers_are_managed_by_the_storage_owner(suite, cast):
    storage = suite.storage
    storage.add_trusted_issuer(cast.alice.address, ["kyc", "aml"])
    assert storage.is_trusted_issuer(cast.alice.address) and storage.issuer_topics(cast.alice.address) == (1, 2)
    storage.update_issuer_topics(cast.alice.address, [2])
    assert not storage.has_claim_topic(cast.alice.address, "kyc")
    storage.remove_trusted_issuer(cast.alice.address)
    assert storage.trusted_issuers() == [cast.deployer.address]
    with pytest.raises(ValidationError, match="at least one claim topic"):
        storage.add_trusted_issuer(cast.alice.address, [])
    with pytest.raises(ValidationError, match="Unknown claim topic"):
        storage.add_trusted_issuer(cast.alice.address, ["kyc", "acredited"])


def test_module_settings_change_through_the_typed_clients(suite, cast):
    allow = suite.module("CountryAllow")
    allow.allow_countries(["DE"])
    assert allow.is_country_allowed(276)
    suite.token.mint(cast.dave.address, 5)  # dave (DE, KYC) has no eligibility rule for Germany
    allow.disallow_countries([276])
    # The compliance answers as the token does: dave may no longer receive, even from himself.
    assert not suite.compliance.can_transfer(cast.dave.address, cast.dave.address, 1)
    assert suite.compliance.detect_transfer_restriction(cast.dave.address, cast.dave.address, 1) == 16
    eligibility = suite.module("InvestorEligibility")
    eligibility.set_rule("GB", all_of=["kyc"])
    assert eligibility.rule(826) == ((), (1,))
    suite.token.mint(cast.carol.address, 1)  # carol (UK, KYC only) is eligible now
    suite.module("MaxBalance").set_max_balance(10)
    assert suite.module("MaxBalance").max_balance() == 10
    suite.module("SupplyLimit").set_supply_limit(7)
    assert suite.module("SupplyLimit").supply() == 6
    lock = suite.module("LockUp")
    lock.set_default_period(40 * 86400)
    assert lock.default_period() == 40 * 86400 and lock.lock_up_period("GB") == 40 * 86400
    limits = suite.module("TransferLimits")
    limits.set_transfer_limit(86400, 5)  # one window per token: its limit changes
    assert limits.transfer_limits() == {86400: 5}
    holders = suite.module("MaxHolders")
    holders.set_country_holder_cap("GB", 100)
    assert holders.country_holders(826) == (100, 1)  # carol holds (dave is counted under Germany)


def test_only_the_compliance_owner_configures_modules(suite, cast):
    with pytest.raises(RevertError) as raised:
        suite.module("MaxBalance").with_signer(cast.alice).set_max_balance(1)
    assert raised.value.name == "OwnableUnauthorizedAccount"  # the compliance relays only its owner's calls
    with pytest.raises(ValidationError, match="cannot be sent to a MaxBalanceModule"):
        suite.module("MaxBalance").apply(ModuleCall("SupplyLimitModule", "setSupplyLimit", (1,)))


def test_module_client_picks_the_class_by_name(web3, suite):
    for name, module in suite.modules.items():
        attached = module_client(web3, module.address)
        assert type(attached).__name__ == name and attached.restriction_code() == module.restriction_code()
    with pytest.raises(ValidationError, match="is not a compliance module"):
        module_client(web3, suite.registry.address)


def test_compliance_is_explained_in_words(suite, cast):
    suite.token.mint(cast.alice.address, 1)
    rules = compliance_explain(suite)
    assert rules == [
        "Every investor must be registered in the identity registry with a valid claim of: kyc.",
        f"Claims of kyc, aml, accredited, qualified-purchaser, professional, hnw, sophisticated, non-us-person count when issued by {cast.deployer.address}.",
        "Tokens may go only to investors in: GB (826, United Kingdom), US (840, United States).",
        "Investors in GB (826, United Kingdom) must hold: kyc and one of professional or hnw or sophisticated.",
        "Investors in US (840, United States) must hold: kyc and accredited.",
        ("Entities in GB (826, United Kingdom) must hold: kyc and one of professional (individuals meet the "
         "country's eligibility rule)."),
        "Tokens issued to investors in US (840, United States) are locked for 1 year.",
        "An investor may move out at most 50,000 tokens per 1 day.",
        "An investor may hold at most 250,000 tokens, all their wallets together.",
        "At most 2,000 investors may hold the token (1 do now).",
        "At most 500 investors without the accredited claim may hold the token (1 do now).",
        "At most 1,000,000 tokens may be in issue (1 are now).",
    ]
    detailed = compliance_rules(suite)
    assert [r.codes for r in detailed[:2]] == [(5, 6), (5, 6)]
    by_source = {r.source: r for r in detailed[2:]}
    assert by_source["CountryAllow"].codes == (16,) and by_source["SupplyLimit"].codes == (20,)
    assert by_source["MaxBalance"].detail == "MaxBalance: 250000 per identity"
    # why each rule is there, in the packs' words: the bridge's for its rules, none for the issuer's overrides
    assert any("12(g)" in basis for basis in by_source["MaxHolders"].basis)
    assert any("entities" in basis.lower() or "professional" in basis for basis in by_source["InvestorType"].basis)
    assert by_source["SupplyLimit"].basis == ()
    assert detailed[0].basis and detailed[0].source == "IdentityRegistry"
    suite.token.pause()
    assert "The token is paused: no holder transfers." in compliance_explain(suite)


def test_periods_read_in_the_largest_whole_unit():
    assert [describe_period(s) for s in (31536000, 2628000, 86400 * 40, 90, 3600)] == [
        "1 year", "1 month", "40 days", "90 seconds", "1 hour",
    ]


def test_investor_types_through_the_client(web3, suite, cast):
    registry, alice, bob = suite.registry, cast.alice.address, cast.bob.address
    assert registry.investor_type(alice) == 0
    receipt = registry.set_investor_type(alice, "Entity")
    assert [dict(e["args"]) for e in registry.events(receipt, "InvestorTypeUpdated")] == [
        {"identity": registry.identity(alice), "investorType": 1}]
    assert registry.investor_type(alice) == 1 and suite.storage.identity_investor_type(registry.identity(alice)) == 1
    registry.batch_set_investor_types([alice, bob], ["individual", 1])
    assert (registry.investor_type(alice), registry.investor_type(bob)) == (0, 1)
    before = web3.eth.get_transaction_count(cast.deployer.address)
    for bad in ("company", 2, True):
        with pytest.raises(ValidationError, match="give individual \\(0\\) or entity \\(1\\)"):
            registry.set_investor_type(alice, bad)
    with pytest.raises(ValidationError, match="differ in length"):
        registry.batch_set_investor_types([alice, bob], ["entity"])
    assert web3.eth.get_transaction_count(cast.deployer.address) == before  # nothing was sent
    with pytest.raises(RevertError, match="StorageWalletNotStored"):
        registry.set_investor_type(cast.erin.address, "entity")
    with pytest.raises(RevertError, match="AgentRoleUnauthorized"):
        registry.with_signer(cast.alice).set_investor_type(alice, "entity")
