"""ONCHAINID investors: claims read from real ONCHAINID identities and ClaimIssuers (deployed from
``@onchain-id/solidity`` 2.2.1's artifacts), checked once at onboarding, and resynced to pick up a
revocation there. Library, command line and CSV."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from sectoken.cli import cli
from sectoken.contracts.registry import IdentityRegistryStorage
from sectoken.errors import RevertError, TransferRestrictedError
from sectoken.investors import (
    InvalidRowsError,
    OnboardingContracts,
    add_investor,
    make_investor,
    onboard,
    parse_csv,
)
from sectoken.onchainid import find_claims, resync
from sectoken.signers import dev_account
from sectoken.tx import send

from .helpers import KYC, PROFESSIONAL, UK, nonce, wallet, write_csv
from .onchainid import ClaimIssuer, add_claim, claim_id, deploy_claim_issuer, deploy_identity

HOLDER = dev_account(3)  # management key of the investors' identities
RECIPIENT_NOT_VERIFIED = 6


@pytest.fixture(scope="module")
def issuers(suite, web3) -> tuple[ClaimIssuer, ClaimIssuer]:
    """ClaimIssuer A, trusted here for KYC and professional client; ClaimIssuer B, trusted for nothing."""
    trusted = deploy_claim_issuer(web3, dev_account(4), "trusted")
    untrusted = deploy_claim_issuer(web3, dev_account(4), "untrusted")
    send(web3, suite.owner, suite.storage.functions.addTrustedIssuer(trusted.address, [KYC, PROFESSIONAL]))
    return trusted, untrusted


@pytest.fixture(scope="module")
def seller(suite, web3) -> Any:
    """A verified holder (KYC added by the suite's issuer) with 100.00 tokens, to send to ONCHAINID investors."""
    account = dev_account(2)
    row = make_investor(wallet=account.address, country="UK", claims="kyc", amount="100", decimals=2)
    add_investor(web3, suite.owner, suite.contracts, row)
    return account


@pytest.fixture
def identity(web3, issuers) -> Any:
    """A fresh ONCHAINID identity holding ClaimIssuer A's KYC claim."""
    contract = deploy_identity(web3, HOLDER)
    add_claim(web3, HOLDER, contract, issuers[0], KYC)
    return contract


def transfer(web3, suite, sender, to: str, amount: int = 100) -> None:
    send(web3, sender, suite.token.functions.transfer(to, amount))


def invoke(suite, url, *args) -> Any:
    return CliRunner().invoke(
        cli, [*args, "--rpc-url", url, "--suite", suite.name, "--deployments", str(suite.deployments)]
    )


def json_of(result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_library_onboards_an_onchainid_investor_and_a_resync_picks_up_the_revocation(
    web3, suite, issuers, seller, identity
):
    trusted = issuers[0]
    buyer = wallet(1, "oid")
    signature = trusted.sign(identity.address, KYC)
    row = make_investor(wallet=buyer, country="UK", claims="", onchainid=identity.address)
    summary = add_investor(web3, suite.owner, suite.contracts, row)
    assert (summary.registered, summary.claims_added, summary.transactions) == (1, 1, 2)
    storage = suite.storage.functions
    assert storage.storedIdentity(buyer).call() == identity.address
    assert storage.claimExpiry(identity.address, KYC, trusted.address).call() == 2**64 - 1
    assert storage.importedOnchainClaim(identity.address, KYC, trusted.address).call() == web3.keccak(
        signature
    )
    transfer(web3, suite, seller, buyer)
    assert suite.token.functions.balanceOf(buyer).call() == 100

    # Revoked on the ONCHAINID side: transfers do not ask ONCHAINID, so the claim counts until a resync.
    send(web3, trusted.manager, trusted.contract.functions.revokeClaimBySignature(signature))
    assert (
        trusted.contract.functions.isClaimValid(
            identity.address, KYC, signature, b"KYC approved by the test ClaimIssuer"
        ).call()
        is False
    )
    assert suite.registry.functions.isVerified(buyer).call() is True

    (report,) = resync(web3, dev_account(5), suite.storage, suite.registry, [buyer])  # anyone may resync
    assert report.to_json()["claims"] == [
        {
            "topic": KYC,
            "name": "kyc",
            "issuer": trusted.address,
            "outcome": "removed",
            "state": "claim-invalid",
        }
    ]
    assert (report.verified_before, report.verified_after, report.transactions) == (True, False, 1)
    assert storage.claimExpiry(identity.address, KYC, trusted.address).call() == 0
    assert storage.importedOnchainClaim(identity.address, KYC, trusted.address).call() == bytes(32)
    assert (
        suite.token.functions.detectTransferRestriction(seller.address, buyer, 100).call()
        == RECIPIENT_NOT_VERIFIED
    )
    with pytest.raises(TransferRestrictedError) as refused:
        transfer(web3, suite, seller, buyer)
    assert refused.value.code == RECIPIENT_NOT_VERIFIED


def test_command_line_adds_with_onchainid_and_resync_reports_what_changed(
    web3, suite, issuers, seller, identity, url, workdir
):
    trusted = issuers[0]
    buyer = wallet(2, "oid")
    added = json_of(
        invoke(
            suite, url, "investor", "add", buyer, "--country", "UK", "--onchainid", identity.address, "--json"
        )
    )
    assert (added["registered"], added["claimsAdded"], set(added["gasByKind"])) == (
        1,
        1,
        {"onchainid", "register"},
    )
    transfer(web3, suite, seller, buyer)
    shown = json_of(invoke(suite, url, "investor", "show", buyer, "--json"))
    assert (shown["identity"], shown["verified"]) == (identity.address, True)
    assert [(c["name"], c["issuer"], c["expires"], c["onchainid"]) for c in shown["claims"]] == [
        ("kyc", trusted.address, "never", True)
    ]

    # Nothing changed there: a resync reports it and sends nothing.
    before = (nonce(web3, suite.owner.address), web3.eth.block_number)
    unchanged = json_of(invoke(suite, url, "investor", "resync", buyer, "--json"))
    assert (nonce(web3, suite.owner.address), web3.eth.block_number) == before
    assert unchanged == {
        "wallets": [
            {
                "wallet": buyer,
                "identity": identity.address,
                "changed": False,
                "claims": [
                    {
                        "topic": KYC,
                        "name": "kyc",
                        "issuer": trusted.address,
                        "outcome": "unchanged",
                        "state": "valid",
                    }
                ],
                "verifiedBefore": True,
                "verifiedAfter": True,
                "transactions": 0,
                "gasUsed": 0,
            }
        ]
    }

    # The investor removes the claim from the identity: resync --all removes it here.
    send(web3, HOLDER, identity.functions.removeClaim(claim_id(trusted.address, KYC)))
    (report,) = json_of(invoke(suite, url, "investor", "resync", "--all", "--json"))["wallets"]
    assert (report["wallet"], report["changed"], report["verifiedAfter"], report["transactions"]) == (
        buyer,
        True,
        False,
        1,
    )
    assert report["claims"][0]["outcome"] == "removed" and report["claims"][0]["state"] == "claim-not-found"
    with pytest.raises(TransferRestrictedError) as refused:
        transfer(web3, suite, seller, buyer)
    assert refused.value.code == RECIPIENT_NOT_VERIFIED

    human = invoke(suite, url, "investor", "resync", buyer)
    assert human.exit_code == 0 and "ONCHAINID resync" in human.output and "none imported" in human.output


def test_csv_onchainid_column_imports_claims_and_a_rerun_sends_nothing(web3, suite, issuers, workdir):
    trusted = issuers[0]
    first, second = deploy_identity(web3, HOLDER), deploy_identity(web3, HOLDER)
    for contract in (first, second):
        add_claim(web3, HOLDER, contract, trusted, KYC)
    add_claim(web3, HOLDER, second, trusted, PROFESSIONAL)
    lines = [
        f"{wallet(3, 'oid')},UK,kyc,,,12.5,{first.address}",
        f"{wallet(4, 'oid')},GB,,,,,{second.address}",  # every claim found: kyc and professional
        f"{wallet(5, 'oid')},826,kyc,,,,",  # a native row beside them
    ]
    csv = write_csv(
        workdir / "investors.csv", lines, "wallet,country,claims,expires,identity,amount,onchainid"
    )
    rows = parse_csv(csv, 2)
    summary = onboard(web3, suite.owner, suite.contracts, rows)
    assert (summary.registered, summary.claims_added, summary.minted) == (3, 4, 1)
    storage = suite.storage.functions
    assert storage.identityTopics(second.address).call() == (1 << KYC) | (1 << PROFESSIONAL)
    assert storage.storedIdentity(wallet(3, "oid")).call() == first.address
    assert suite.token.functions.balanceOf(wallet(3, "oid")).call() == 1250
    assert storage.storedInvestorCountry(wallet(4, "oid")).call() == UK

    before = nonce(web3, suite.owner.address)
    again = onboard(web3, suite.owner, suite.contracts, rows)
    assert nonce(web3, suite.owner.address) == before
    assert (again.transactions, again.skipped_claims, again.skipped_registrations) == (0, 4, 3)


def test_csv_onchainid_refuses_an_identity_column_and_an_expiry(workdir):
    lines = [f"{wallet(6, 'oid')},UK,kyc,2031-01-01,{wallet(7, 'oid')},,{wallet(8, 'oid')}"]
    csv = write_csv(workdir / "bad.csv", lines, "wallet,country,claims,expires,identity,amount,onchainid")
    with pytest.raises(InvalidRowsError) as refused:
        parse_csv(csv, 2)
    assert [(e.column, e.message.split(":")[0]) for e in refused.value.errors] == [
        ("identity", "give the identity or the ONCHAINID, not both"),
        (
            "expires",
            "claims imported from an ONCHAINID have no expiry here (they end when revoked there and resynced with `sectoken investor resync`)",
        ),
    ]


def test_claim_by_an_untrusted_issuer_is_refused_before_and_at_import(web3, suite, issuers):
    trusted, untrusted = issuers
    contract = deploy_identity(web3, HOLDER)
    add_claim(web3, HOLDER, contract, untrusted, KYC)
    row = make_investor(wallet=wallet(9, "oid"), country="UK", claims="kyc", onchainid=contract.address)
    before = nonce(web3, suite.owner.address)
    with pytest.raises(InvalidRowsError) as refused:
        add_investor(web3, suite.owner, suite.contracts, row)
    assert nonce(web3, suite.owner.address) == before  # nothing sent
    (problem,) = refused.value.errors
    assert problem.column == "onchainid"
    assert problem.message == (
        f"{contract.address} has no valid kyc (1) claim to import: by {untrusted.address}: not trusted here for kyc."
    )
    client = IdentityRegistryStorage(web3, suite.storage.address, suite.owner)
    assert client.onchain_claim_state(contract.address, KYC, untrusted.address) == (
        "issuer-not-trusted",
        bytes(32),
    )
    with pytest.raises(RevertError) as reverted:
        client.import_claims_from_onchainid(contract.address, [KYC], [untrusted.address])
    assert (reverted.value.name, reverted.value.arguments) == (
        "ClaimIssuerNotTrusted",
        {"issuer": untrusted.address, "topic": KYC},
    )
    # The trusted ClaimIssuer has no claim there.
    with pytest.raises(RevertError) as missing:
        client.import_claims_from_onchainid(contract.address, [KYC], [trusted.address])
    assert (missing.value.name, missing.value.arguments) == (
        "ClaimOnchainNotFound",
        {"identity": contract.address, "topic": KYC, "claimIssuer": trusted.address},
    )


def test_claim_whose_signature_is_not_the_issuers_is_refused(web3, suite, issuers, identity):
    """ONCHAINID's Identity refuses to store a claim whose signature is not by a CLAIM key of its issuer, so
    a forged signature reaches an identity only as one whose key the ClaimIssuer took back: isClaimValid
    is then false, and so is the import."""
    trusted = issuers[0]
    key = web3.keccak(hexstr="0x" + "00" * 12 + trusted.key.address[2:])
    send(web3, trusted.manager, trusted.contract.functions.removeKey(key, 3))
    client = IdentityRegistryStorage(web3, suite.storage.address, suite.owner)
    assert client.onchain_claim_state(identity.address, KYC, trusted.address) == ("claim-invalid", bytes(32))
    found = find_claims(web3, suite.storage, identity.address, [KYC])
    assert found.claims == ()
    why = "the ClaimIssuer says it is not valid (revoked, or not signed by one of its CLAIM keys)"
    assert found.problems == (
        f"{identity.address} has no valid kyc (1) claim to import: by {trusted.address}: {why}.",
    )
    with pytest.raises(RevertError) as reverted:
        client.import_claims_from_onchainid(identity.address, [KYC], [trusted.address])
    assert (reverted.value.name, reverted.value.arguments) == (
        "ClaimOnchainInvalid",
        {"identity": identity.address, "topic": KYC, "claimIssuer": trusted.address},
    )


def test_not_an_identity_is_refused_before_anything_is_sent(web3, suite, issuers, url, workdir):
    eoa, token = wallet(10, "oid"), suite.token.address
    assert find_claims(web3, suite.storage, eoa).problems == (
        f"{eoa} has no code: it is not an ONCHAINID identity (check the address and the network).",
    )
    assert find_claims(web3, suite.storage, token).problems == (
        f"{token} does not answer ERC-735 (getClaimIdsByTopic): it is not an ONCHAINID identity.",
    )
    before = nonce(web3, suite.owner.address)
    refused = invoke(suite, url, "investor", "add", wallet(12, "oid"), "--country", "UK", "--onchainid", eoa)
    assert refused.exit_code == 1
    assert "nothing was sent" in refused.output and f"{eoa} has no code" in refused.output
    assert nonce(web3, suite.owner.address) == before
    neither = invoke(suite, url, "investor", "resync")
    assert neither.exit_code != 0 and "Give a WALLET or --all" in neither.output


def test_resync_removes_when_the_issuer_is_untrusted_and_renews_when_trusted_again(
    web3, suite, issuers, identity
):
    trusted = issuers[0]
    client = IdentityRegistryStorage(web3, suite.storage.address, suite.owner)
    buyer = wallet(11, "oid")
    add_investor(
        web3,
        suite.owner,
        suite.contracts,
        make_investor(wallet=buyer, country="UK", claims="kyc", onchainid=identity.address),
    )
    client.remove_trusted_issuer(trusted.address)
    client.add_trusted_issuer(trusted.address, [KYC])
    # Trusted again: the stored claim belongs to the earlier period of trust, so it does not count; the
    # ONCHAINID claim still holds, so a resync stores it again.
    assert suite.registry.functions.isVerified(buyer).call() is False
    (renewed,) = resync(web3, suite.owner, suite.storage, suite.registry, [buyer])
    assert [c.outcome for c in renewed.changes] == ["renewed"]
    assert (renewed.verified_before, renewed.verified_after) == (False, True)

    client.remove_trusted_issuer(trusted.address)
    (removed,) = resync(web3, suite.owner, suite.storage, suite.registry, [buyer])
    assert [(c.outcome, c.state) for c in removed.changes] == [("removed", "issuer-not-trusted")]
    receipt = client.add_trusted_issuer(trusted.address, [KYC])
    assert receipt.status == 1
    # Removed for good: a resync has nothing left to re-check (import it again to restore it).
    with pytest.raises(RevertError) as reverted:
        client.resync_onchain_claim(identity.address, KYC, trusted.address)
    assert reverted.value.name == "ClaimOnchainNotImported"
    (after,) = resync(web3, suite.owner, suite.storage, suite.registry, [buyer])
    assert after.changes == []


def test_import_emits_its_events_and_the_contracts_agree_with_the_library(web3, suite, issuers, identity):
    trusted = issuers[0]
    client = IdentityRegistryStorage(web3, suite.storage.address, dev_account(6))  # anyone may import
    receipt = client.import_claims_from_onchainid(identity.address, [KYC], [trusted.address])
    (added,) = client.events(receipt, "ClaimAdded")
    (imported,) = client.events(receipt, "OnchainClaimImported")
    signature = trusted.sign(identity.address, KYC)
    assert dict(added.args) == {
        "identity": identity.address,
        "topic": KYC,
        "issuer": trusted.address,
        "expiry": 2**64 - 1,
    }
    assert dict(imported.args) == {
        "identity": identity.address,
        "topic": KYC,
        "claimIssuer": trusted.address,
        "signatureHash": web3.keccak(signature),
    }
    (claim,) = find_claims(web3, suite.storage, identity.address).claims
    assert (claim.issuer, claim.state, claim.current) == (trusted.address, "valid", True)
    contracts = OnboardingContracts.at(web3, storage=suite.storage.address, registry=suite.registry.address)
    assert contracts.storage.functions.identityTopics(identity.address).call() == 1 << KYC


def test_resync_renews_a_claim_reissued_there_and_logs_every_drop(web3, suite, issuers, identity):
    """KYC refreshed on the ONCHAINID side (old signature revoked, a new one issued): the stored claim is
    renewed, not removed. A drop is logged with its reason."""
    trusted = issuers[0]
    buyer = wallet(13, "oid")
    row = make_investor(wallet=buyer, country="UK", claims="kyc", onchainid=identity.address)
    add_investor(web3, suite.owner, suite.contracts, row)
    old = trusted.sign(identity.address, KYC)
    send(web3, trusted.manager, trusted.contract.functions.revokeClaimBySignature(old))
    new = add_claim(web3, HOLDER, identity, trusted, KYC, b"KYC refreshed 2026")
    (renewed,) = resync(web3, suite.owner, suite.storage, suite.registry, [buyer])
    assert [(c.outcome, c.state) for c in renewed.changes] == [("renewed", "valid")]
    assert (renewed.verified_after, renewed.transactions) == (True, 1)
    storage = suite.storage.functions
    assert storage.importedOnchainClaim(identity.address, KYC, trusted.address).call() == web3.keccak(new)

    start = web3.eth.block_number + 1
    send(web3, trusted.manager, trusted.contract.functions.revokeClaimBySignature(new))
    resync(web3, suite.owner, suite.storage, suite.registry, [buyer])
    (dropped,) = suite.storage.events.OnchainClaimDropped().get_logs(from_block=start)
    assert dict(dropped.args) == {
        "identity": identity.address,
        "topic": KYC,
        "claimIssuer": trusted.address,
        "reason": 4,  # OnchainClaimState.ClaimInvalid
    }
    (revoked,) = suite.storage.events.ClaimRevoked().get_logs(from_block=start)
    assert dict(revoked.args) == {"identity": identity.address, "topic": KYC, "issuer": trusted.address}
