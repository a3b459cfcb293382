"""An issuer-signed EIP-712 claim (IdentityRegistryStorage.submitSignedClaim) counts once, on one chain, at
one storage contract: its malleable twin (high s), a compact or re-encoded form, a signature for another
chain id, another storage contract or another domain, and any replay are refused and change nothing;
after a chain split the domain follows the new chain id, so a signature made before it no longer counts."""

from contextlib import contextmanager

import brownie
import pytest
from brownie import web3
from eth_account import Account
from eth_account.messages import encode_typed_data

from tests.conftest import (
    CLAIM_DOMAIN_NAME,
    CLAIM_DOMAIN_VERSION,
    DAVE_ID,
    DAY,
    KYC,
    UK,
    claim_typed_data,
    now,
    private_key,
    revert_msg,
)
from tests.stablecoin.stablecoin_testkit import Sig

DOMAIN_NAME, DOMAIN_VERSION = CLAIM_DOMAIN_NAME, CLAIM_DOMAIN_VERSION


def sign(storage, issuer, identity, topic, expiry, nonce, deadline, chain_id=None, name=DOMAIN_NAME,
         version=DOMAIN_VERSION, verifying_contract=None) -> Sig:
    """`issuer`'s signature of a claim, for `storage`'s domain or a variant of it."""
    message = claim_typed_data(verifying_contract or storage.address,
                               web3.eth.chain_id if chain_id is None else chain_id, issuer.address, identity,
                               topic, expiry, nonce, deadline, name, version)
    signed = Account.sign_message(encode_typed_data(full_message=message), private_key(issuer))
    return Sig(signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big"))


@pytest.fixture
def s(identity_suite):
    s = identity_suite
    s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": s.agent})
    return s


@pytest.fixture
def claim(s):
    """(identity, topic, expiry, nonce, deadline) of a fresh claim for dave."""
    return (DAVE_ID, KYC, now() + 365 * DAY, s.storage.claimNonce(s.issuer, DAVE_ID), now() + DAY)


def state(s):
    return (s.registry.isVerified(s.dave), int(s.storage.claimExpiry(DAVE_ID, KYC, s.issuer)),
            int(s.storage.identityTopics(DAVE_ID)))


def submit(s, claim, signature: bytes, storage=None):
    return (storage or s.storage).submitSignedClaim(s.issuer, *claim, signature, {"from": s.stranger})


def invalid(s):
    return revert_msg("ClaimSignatureInvalid", s.issuer)


def test_malleable_high_s_twin_is_refused_and_the_original_still_counts(s, claim):
    sig = sign(s.storage, s.issuer, *claim)
    before = state(s)
    with brownie.reverts(invalid(s)):
        submit(s, claim, sig.high_s().packed)
    assert state(s) == before
    submit(s, claim, sig.packed)
    assert s.registry.isVerified(s.dave)


def test_twin_submitted_after_the_original_is_a_replay(s, claim):
    sig = sign(s.storage, s.issuer, *claim)
    submit(s, claim, sig.packed)
    nonce = claim[3]
    for replay in (sig.packed, sig.high_s().packed):
        with brownie.reverts(revert_msg("ClaimSignatureNonceInvalid", s.issuer, DAVE_ID, nonce, nonce + 1)):
            submit(s, claim, replay)


def _compact(sig: Sig) -> bytes:
    """EIP-2098 64-byte form: r and (v - 27) << 255 | s."""
    vs = ((sig.v - 27) << 255) | int.from_bytes(sig.s, "big")
    return sig.r + vs.to_bytes(32, "big")


@pytest.mark.parametrize("encoding", ["compact_64_bytes", "v_0_or_1", "v_out_of_range", "trailing_byte", "empty"])
def test_other_encodings_of_a_valid_signature_are_refused(s, claim, encoding):
    sig = sign(s.storage, s.issuer, *claim)
    data = {
        "compact_64_bytes": _compact(sig),
        "v_0_or_1": sig.r + sig.s + bytes([sig.v - 27]),
        "v_out_of_range": sig.r + sig.s + bytes([sig.v + 2]),
        "trailing_byte": sig.packed + b"\x00",
        "empty": b"",
    }[encoding]
    before = state(s)
    with brownie.reverts(invalid(s)):
        submit(s, claim, data)
    assert state(s) == before


@pytest.mark.parametrize("variant", ["other_chain_id", "other_name", "other_version", "other_contract"])
def test_signature_for_another_domain_is_refused(s, claim, variant):
    other = {
        "other_chain_id": {"chain_id": 1},
        "other_name": {"name": "sectoken IdentityRegistry"},
        "other_version": {"version": "2"},
        "other_contract": {"verifying_contract": s.registry.address},
    }[variant]
    sig = sign(s.storage, s.issuer, *claim, **other)
    before = state(s)
    with brownie.reverts(invalid(s)):
        submit(s, claim, sig.packed)
    assert state(s) == before


def test_signature_for_one_storage_is_refused_by_another(s, claim, IdentityRegistryStorage):
    other = IdentityRegistryStorage.deploy(s.owner, {"from": s.owner})
    other.addTrustedIssuer(s.issuer, [KYC], {"from": s.owner})
    sig_here = sign(s.storage, s.issuer, *claim)
    assert other.claimDigest(s.issuer, *claim) != s.storage.claimDigest(s.issuer, *claim)
    with brownie.reverts(invalid(s)):
        submit(s, claim, sig_here.packed, storage=other)
    assert other.identityTopics(DAVE_ID) == 0
    submit(s, claim, sign(other, s.issuer, *claim).packed, storage=other)
    assert other.identityTopics(DAVE_ID) == 1 << KYC
    assert not s.registry.isVerified(s.dave)


@contextmanager
def chain_split():
    """Change the running node's chain id, as a chain split would; restore it afterwards. Yields
    (original id, new id)."""
    original = web3.eth.chain_id
    forked = original + 1000
    caching = web3.provider.cache_allowed_requests
    web3.provider.cache_allowed_requests = False  # the id changes: ask the node, not web3's request cache
    web3.provider.make_request("anvil_setChainId", [forked])
    try:
        assert web3.eth.chain_id == forked
        yield original, forked
    finally:
        web3.provider.make_request("anvil_setChainId", [original])
        web3.provider.cache_allowed_requests = caching


def _send_signed(account, to, data: str, chain_id: int):
    """Send a transaction signed locally for `chain_id` (the node's unlocked accounts keep signing for the
    chain id they started with); return its receipt."""
    tx = {"to": to, "data": data, "value": 0, "gas": 500_000, "gasPrice": 0, "chainId": chain_id,
          "nonce": web3.eth.get_transaction_count(account.address)}
    signed = Account.sign_transaction(tx, private_key(account))
    return web3.eth.wait_for_transaction_receipt(web3.eth.send_raw_transaction(signed.raw_transaction))


def test_domain_follows_the_chain_id_after_a_split(s, claim):
    digest_before_split = s.storage.claimDigest(s.issuer, *claim)
    old_chain_sig = sign(s.storage, s.issuer, *claim)
    with chain_split() as (_original, forked):
        # The digest now commits to the new chain id: a signature made before the split does not count.
        assert s.storage.claimDigest(s.issuer, *claim) != digest_before_split
        assert s.storage.eip712Domain()[3] == forked
        with brownie.reverts(invalid(s)):
            s.storage.submitSignedClaim.call(s.issuer, *claim, old_chain_sig.packed, {"from": s.stranger})
        new_sig = sign(s.storage, s.issuer, *claim, chain_id=forked)
        data = s.storage.submitSignedClaim.encode_input(s.issuer, *claim, new_sig.packed)
        assert _send_signed(s.stranger, s.storage.address, data, forked)["status"] == 1
        assert s.registry.isVerified(s.dave)
