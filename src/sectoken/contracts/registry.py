"""The identity registry and its shared storage: investors' wallets, claims and trusted issuers.

Countries are given as ISO 3166-1 numeric codes or alpha-2/alpha-3 codes (:mod:`sectoken.countries`),
claim topics as numbers or names (:mod:`sectoken.claims`).

Example:
    >>> registry.register(alice_wallet, alice_identity, "GB")
    >>> storage.with_signer(issuer).add_claim(alice_identity, "kyc", expiry)
    >>> registry.investor(alice_wallet).verified
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.artifacts import load as load_artifact
from sectoken.claims import mask_topics, parse_topic
from sectoken.contracts import ContractClient, checked_address, checked_addresses, checked_uint
from sectoken.countries import country_code
from sectoken.errors import RevertError, SignerError, ValidationError, WalletHoldsTokensError
from sectoken.inputs import format_amount, parse_investor_type
from sectoken.onchainid import STATES, OnchainState
from sectoken.signers import Signer
from sectoken.tx import Receipt

__all__ = [
    "CLAIM_TYPES",
    "NO_EXPIRY",
    "SIGNED_CLAIM_LIFETIME",
    "IdentityRegistry",
    "IdentityRegistryStorage",
    "Investor",
    "SignedClaim",
    "holds_tokens_error",
]

#: Expiry of a claim that never expires (``type(uint64).max``).
NO_EXPIRY = 2**64 - 1
#: How long a claim signed with :meth:`IdentityRegistryStorage.sign_claim` lasts unless told otherwise:
#: one year, the usual KYC refresh cycle; a signature that outlives a relationship should not grant it.
SIGNED_CLAIM_LIFETIME = 365 * 86_400

#: The EIP-712 types of a signed claim (``IClaimRegistry.submitSignedClaim``).
CLAIM_TYPES: dict[str, list[dict[str, str]]] = {
    "Claim": [
        {"name": "issuer", "type": "address"},
        {"name": "identity", "type": "address"},
        {"name": "topic", "type": "uint256"},
        {"name": "expiry", "type": "uint64"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


@dataclass(frozen=True)
class Investor:
    """A wallet as the registry sees it.

    Attributes:
        wallet: The wallet.
        identity: The investor identity it belongs to (zero if unregistered).
        country: ISO 3166-1 numeric (0 if unregistered).
        verified: Registered, with every required claim valid now.
        topics: The topics the identity holds a valid claim for, ascending.
    """

    wallet: ChecksumAddress
    identity: ChecksumAddress
    country: int
    verified: bool
    topics: tuple[int, ...]

    @property
    def registered(self) -> bool:
        """Whether the wallet is registered."""
        return int(self.identity, 16) != 0


@dataclass(frozen=True)
class SignedClaim:
    """A claim an issuer signed (EIP-712) for anyone to submit with :meth:`IdentityRegistryStorage.submit_signed_claim`."""

    issuer: ChecksumAddress
    identity: ChecksumAddress
    topic: int
    expiry: int
    nonce: int
    deadline: int
    signature: bytes


def _country(value: int | str) -> int:
    return country_code(value)


def _topics(values: Iterable[int | str]) -> list[int]:
    topics = list(dict.fromkeys(parse_topic(value) for value in values))
    if not topics:
        raise ValidationError("Give at least one claim topic.")
    return topics


def holds_tokens_error(w3: Web3, action: str, error: RevertError) -> WalletHoldsTokensError:
    """``IdentityRegistryWalletHoldsTokens(wallet, token, balance)`` in words: what the wallet holds, in the
    token's units, and how to proceed (move the tokens out first).

    Args:
        w3: The connection (to read the token's decimals and symbol).
        action: What was refused, e.g. ``"change the country of"``.
        error: The decoded revert.
    """
    wallet = str(error.arguments["wallet"])
    token_address = str(error.arguments["token"])
    balance = int(error.arguments["balance"])
    token = w3.eth.contract(address=checked_address(token_address), abi=load_artifact("SecurityToken").abi)
    try:
        held = f"{format_amount(balance, int(token.functions.decimals().call()))} {token.functions.symbol().call()}"
    except Exception:  # noqa: BLE001 - a token without metadata: say the base units
        held = f"{balance} base units"
    sentence = (
        f"cannot {action} {wallet}: it holds {held} of token {token_address}, and the registry keeps the identity "
        "and country of a wallet that holds tokens (the compliance counts holders per identity and country). "
        "Nothing was sent. Move the tokens out first: register a wallet with the new identity or country and "
        "move them there with a forced transfer (`sectoken token force-transfer`), or to a new wallet of the "
        "same identity with a recovery (`sectoken token recover`); then change or delete the emptied wallet."
    )
    return WalletHoldsTokensError(wallet, token_address, balance, sentence, data=error.data)


class IdentityRegistry(ContractClient):
    """A deployed ``IdentityRegistry``: wallets of investors and the topics required of them."""

    ARTIFACT = "IdentityRegistry"

    @classmethod
    def initialize_data(cls, w3: Web3, owner: str, identity_storage: str) -> bytes:
        """The ``initialize`` call an ``OfferingProxy`` of the registry is constructed with.

        Args:
            w3: The connection (only to encode the call).
            owner: The registry's owner (appoints agents, sets the required topics, binds tokens).
            identity_storage: The identity registry storage it reads and writes.

        Returns:
            The call data.
        """
        logic = w3.eth.contract(abi=load_artifact(cls.ARTIFACT).abi)
        args = [checked_address(owner, "owner"), checked_address(identity_storage, "identity storage")]
        return bytes.fromhex(logic.encode_abi("initialize", args=args)[2:])

    # --- reads ------------------------------------------------------------------------------------

    def owner(self) -> ChecksumAddress:
        """The registry's owner."""
        return checked_address(self.call("owner"))

    def storage(self) -> ChecksumAddress:
        """The storage the registry reads and writes."""
        return checked_address(self.call("identityStorage"))

    def is_agent(self, account: str) -> bool:
        """Whether ``account`` may register investors."""
        return bool(self.call("isAgent", checked_address(account, "account")))

    def claim_topics(self) -> tuple[int, ...]:
        """The topics required of every verified investor, ascending."""
        return tuple(int(topic) for topic in self.call("getClaimTopics"))

    def required_topics_mask(self) -> int:
        """Bitmap of the required topics."""
        return int(self.call("requiredTopics"))

    def contains(self, wallet: str) -> bool:
        """Whether ``wallet`` is registered."""
        return bool(self.call("contains", checked_address(wallet, "wallet")))

    def is_verified(self, wallet: str) -> bool:
        """Whether ``wallet`` is registered and holds every required claim now."""
        return bool(self.call("isVerified", checked_address(wallet, "wallet")))

    def identity(self, wallet: str) -> ChecksumAddress:
        """The identity of ``wallet`` (zero if unregistered)."""
        return checked_address(self.call("identity", checked_address(wallet, "wallet")))

    def country(self, wallet: str) -> int:
        """The country of ``wallet`` (0 if unregistered)."""
        return int(self.call("investorCountry", checked_address(wallet, "wallet")))

    def investor_type(self, wallet: str) -> int:
        """The investor type of ``wallet``'s identity: 0 an individual (also when unregistered), 1 an entity
        (:func:`sectoken.inputs.investor_type_name` names it)."""
        return int(self.call("investorType", checked_address(wallet, "wallet")))

    def investor(self, wallet: str) -> Investor:
        """Everything the registry knows about ``wallet`` in one call."""
        address = checked_address(wallet, "wallet")
        identity, country, verified, topics = self.call("investor", address)
        return Investor(address, checked_address(identity), int(country), bool(verified), mask_topics(int(topics)))

    # --- agent operations ----------------------------------------------------------------------------

    def register(self, wallet: str, identity: str, country: int | str) -> Receipt:
        """Register ``wallet`` as a wallet of ``identity`` in ``country`` (agent).

        Raises:
            RevertError: the wallet is registered already (``StorageWalletAlreadyStored``) or the caller
                is not an agent.
        """
        return self.transact(
            "registerIdentity",
            checked_address(wallet, "wallet"),
            checked_address(identity, "identity"),
            _country(country),
        )

    def batch_register(
        self, wallets: Sequence[str], identities: Sequence[str], countries: Sequence[int | str]
    ) -> Receipt:
        """:meth:`register` for each triple, in one transaction."""
        if not len(wallets) == len(identities) == len(countries):
            raise ValidationError("wallets, identities and countries differ in length.")
        return self.transact(
            "batchRegisterIdentity",
            checked_addresses(wallets, "wallet"),
            checked_addresses(identities, "identity"),
            [_country(country) for country in countries],
        )

    def set_investor_type(self, wallet: str, investor_type: int | str) -> Receipt:
        """Set the investor type of ``wallet``'s identity (agent); all its wallets, present and future, have it.

        Args:
            wallet: A registered wallet of the identity.
            investor_type: ``"individual"`` or ``"entity"`` (any case), or 0 or 1.

        Raises:
            ValidationError: not an investor type (nothing was sent).
            RevertError: the wallet is not registered (``StorageWalletNotStored``) or the caller is not an
                agent (``AgentRoleUnauthorized``).
        """
        return self.transact(
            "setInvestorType", checked_address(wallet, "wallet"), parse_investor_type(investor_type)
        )

    def batch_set_investor_types(self, wallets: Sequence[str], investor_types: Sequence[int | str]) -> Receipt:
        """:meth:`set_investor_type` for each pair, in one transaction.

        Raises:
            ValidationError: the lists differ in length, or a type is not an investor type (nothing was sent).
        """
        if len(wallets) != len(investor_types):
            raise ValidationError("wallets and investor types differ in length.")
        return self.transact(
            "batchSetInvestorType",
            checked_addresses(wallets, "wallet"),
            [parse_investor_type(kind) for kind in investor_types],
        )

    def delete(self, wallet: str) -> Receipt:
        """Remove ``wallet`` (agent). The identity's claims stay. Refused while the wallet holds tokens of a
        bound token (see :meth:`bind_token`)."""
        return self._change_holder("delete", "deleteIdentity", checked_address(wallet, "wallet"))

    def update_country(self, wallet: str, country: int | str) -> Receipt:
        """Change the country of ``wallet`` (agent); refused while it holds tokens of a bound token.

        Raises:
            WalletHoldsTokensError: the wallet holds tokens (nothing was sent); the message says how to proceed.
        """
        return self._change_holder("change the country of", "updateCountry", checked_address(wallet, "wallet"),
                                   _country(country))

    def update_identity(self, wallet: str, identity: str) -> Receipt:
        """Change the identity of ``wallet`` (agent); refused while it holds tokens of a bound token.

        Raises:
            WalletHoldsTokensError: the wallet holds tokens (nothing was sent); the message says how to proceed.
        """
        return self._change_holder("change the identity of", "updateIdentity", checked_address(wallet, "wallet"),
                                   checked_address(identity, "identity"))

    def _change_holder(self, action: str, function: str, wallet: ChecksumAddress, *args: Any) -> Receipt:
        """Send a change of a wallet's record; ``IdentityRegistryWalletHoldsTokens`` comes back in words."""
        try:
            return self.transact(function, wallet, *args)
        except RevertError as error:
            if error.name != "IdentityRegistryWalletHoldsTokens":
                raise
            raise holds_tokens_error(self.w3, action, error) from None

    # --- owner operations ----------------------------------------------------------------------------

    def add_agent(self, agent: str) -> Receipt:
        """Appoint an agent (owner)."""
        return self.transact("addAgent", checked_address(agent, "agent"))

    def remove_agent(self, agent: str) -> Receipt:
        """Dismiss an agent (owner)."""
        return self.transact("removeAgent", checked_address(agent, "agent"))

    def add_claim_topic(self, topic: int | str) -> Receipt:
        """Require ``topic`` of every verified investor (owner)."""
        return self.transact("addClaimTopic", parse_topic(topic))

    def remove_claim_topic(self, topic: int | str) -> Receipt:
        """Stop requiring ``topic`` (owner)."""
        return self.transact("removeClaimTopic", parse_topic(topic))

    def bind_token(self, token: str) -> Receipt:
        """Bind ``token`` (owner): the identity and country of a wallet holding it stay fixed until its tokens
        are moved out, so the compliance's books per identity and per country stay exact."""
        return self.transact("bindToken", checked_address(token, "token"))

    def unbind_token(self, token: str) -> Receipt:
        """Unbind ``token`` (owner)."""
        return self.transact("unbindToken", checked_address(token, "token"))

    def bound_tokens(self) -> list[ChecksumAddress]:
        """The tokens bound to this registry."""
        return [checked_address(a) for a in self.call("boundTokens")]

    def set_storage(self, storage: str) -> Receipt:
        """Point the registry at another storage (owner; the storage's owner must bind it)."""
        return self.transact("setIdentityRegistryStorage", checked_address(storage, "storage"))


class IdentityRegistryStorage(ContractClient):
    """A deployed ``IdentityRegistryStorage``: wallet records, claims and trusted issuers, shared by registries."""

    ARTIFACT = "IdentityRegistryStorage"

    # --- reads ------------------------------------------------------------------------------------

    def owner(self) -> ChecksumAddress:
        """The storage's owner (trusts issuers, binds registries)."""
        return checked_address(self.call("owner"))

    def linked_registries(self) -> list[ChecksumAddress]:
        """The registries bound to the storage."""
        return [checked_address(a) for a in self.call("linkedIdentityRegistries")]

    def trusted_issuers(self) -> list[ChecksumAddress]:
        """The issuers trusted now."""
        return [checked_address(a) for a in self.call("getTrustedIssuers")]

    def is_trusted_issuer(self, issuer: str) -> bool:
        """Whether ``issuer`` is trusted now."""
        return bool(self.call("isTrustedIssuer", checked_address(issuer, "issuer")))

    def issuer_topics(self, issuer: str) -> tuple[int, ...]:
        """The topics ``issuer`` may attest (empty if not trusted)."""
        return tuple(int(t) for t in self.call("getTrustedIssuerClaimTopics", checked_address(issuer, "issuer")))

    def has_claim_topic(self, issuer: str, topic: int | str) -> bool:
        """Whether ``issuer`` is trusted now for ``topic``."""
        return bool(self.call("hasClaimTopic", checked_address(issuer, "issuer"), parse_topic(topic)))

    def claim_expiry(self, identity: str, topic: int | str, issuer: str) -> int:
        """Expiry of ``issuer``'s claim of ``topic`` for ``identity``, or 0 if none counts now."""
        return int(
            self.call("claimExpiry", checked_address(identity, "identity"), parse_topic(topic), checked_address(issuer, "issuer"))
        )

    def identity_investor_type(self, identity: str) -> int:
        """The investor type of ``identity``: 0 an individual (also an identity never seen), 1 an entity."""
        return int(self.call("identityInvestorType", checked_address(identity, "identity")))

    def identity_topics(self, identity: str) -> tuple[int, ...]:
        """The topics ``identity`` holds a claim for that counts now, ascending."""
        return mask_topics(int(self.call("identityTopics", checked_address(identity, "identity"))))

    def stored_identity(self, wallet: str) -> ChecksumAddress:
        """The identity stored for ``wallet`` (zero if none)."""
        return checked_address(self.call("storedIdentity", checked_address(wallet, "wallet")))

    def trust_epoch(self) -> int:
        """The trust epoch."""
        return int(self.call("trustEpoch"))

    def claim_nonce(self, issuer: str, identity: str) -> int:
        """The nonce ``issuer``'s next signed claim for ``identity`` must carry (see :meth:`sign_claim`)."""
        return int(self.call("claimNonce", checked_address(issuer, "issuer"), checked_address(identity, "identity")))

    def claim_digest(self, issuer: str, identity: str, topic: int | str, expiry: int, nonce: int, deadline: int) -> bytes:
        """The EIP-712 digest an issuer signs for :meth:`submit_signed_claim`."""
        return bytes(
            self.call(
                "claimDigest",
                checked_address(issuer, "issuer"),
                checked_address(identity, "identity"),
                parse_topic(topic),
                checked_uint(expiry, "expiry", 64),
                checked_uint(nonce, "nonce"),
                checked_uint(deadline, "deadline"),
            )
        )

    # --- owner operations ----------------------------------------------------------------------------

    def add_trusted_issuer(self, issuer: str, topics: Iterable[int | str]) -> Receipt:
        """Trust ``issuer`` to attest ``topics`` (owner)."""
        return self.transact("addTrustedIssuer", checked_address(issuer, "issuer"), _topics(topics))

    def remove_trusted_issuer(self, issuer: str) -> Receipt:
        """Stop trusting ``issuer``: all its claims stop counting at once (owner)."""
        return self.transact("removeTrustedIssuer", checked_address(issuer, "issuer"))

    def update_issuer_topics(self, issuer: str, topics: Iterable[int | str]) -> Receipt:
        """Replace the topics ``issuer`` may attest (owner)."""
        return self.transact("updateIssuerClaimTopics", checked_address(issuer, "issuer"), _topics(topics))

    def bind_registry(self, registry: str) -> Receipt:
        """Let ``registry`` write wallet records (owner)."""
        return self.transact("bindIdentityRegistry", checked_address(registry, "registry"))

    def unbind_registry(self, registry: str) -> Receipt:
        """Stop ``registry`` from writing wallet records (owner)."""
        return self.transact("unbindIdentityRegistry", checked_address(registry, "registry"))

    # --- issuer operations ---------------------------------------------------------------------------

    def add_claim(self, identity: str, topic: int | str, expiry: int = NO_EXPIRY) -> Receipt:
        """As a trusted issuer (the signer), add or renew the claim of ``topic`` for ``identity``.

        Args:
            identity: The investor identity.
            topic: The claim topic (number or name).
            expiry: Unix time the claim lapses (:data:`NO_EXPIRY` by default).

        Raises:
            RevertError: ``ClaimIssuerNotTrusted``, ``ClaimAlreadyExpired``...
        """
        return self.transact(
            "addClaim", checked_address(identity, "identity"), parse_topic(topic), checked_uint(expiry, "expiry", 64)
        )

    def revoke_claim(self, identity: str, topic: int | str) -> Receipt:
        """As its issuer (the signer), revoke the claim of ``topic`` for ``identity``."""
        return self.transact("revokeClaim", checked_address(identity, "identity"), parse_topic(topic))

    def invalidate_claim_signatures(self, identity: str) -> Receipt:
        """As an issuer (the signer), make every claim signed for ``identity`` and not yet submitted stop
        counting (a revocation does this too)."""
        return self.transact("invalidateClaimSignatures", checked_address(identity, "identity"))

    def refresh_identity(self, identity: str) -> Receipt:
        """Recompute the cached topics of ``identity`` (anyone)."""
        return self.transact("refreshIdentity", checked_address(identity, "identity"))

    def refresh_identities(self, identities: Sequence[str]) -> Receipt:
        """Recompute the cached topics of each of ``identities`` in one transaction (anyone); see
        :mod:`sectoken.refresh` for finding the stale ones and refreshing them resumably."""
        return self.transact("batchRefreshIdentity", [checked_address(i, "identity") for i in identities])

    def identity_record_fresh(self, identity: str) -> bool:
        """Whether the cached record of ``identity`` is fresh: read by transfers without recomputing it (stale
        after an issuer's removal or topic change, or once its earliest counting claim expires)."""
        return bool(self.call("identityRecordFresh", checked_address(identity, "identity")))

    def sign_claim(
        self,
        issuer: Signer,
        identity: str,
        topic: int | str,
        *,
        expiry: int | None = None,
        nonce: int | None = None,
        deadline: int,
    ) -> SignedClaim:
        """Sign a claim as ``issuer`` (EIP-712), for anyone to submit later. Nothing is sent.

        Signatures for one identity count once each, in nonce order: the storage expects
        :meth:`claim_nonce`, which moves on with each signature submitted, each revocation by the issuer and
        :meth:`invalidate_claim_signatures` (so a revoked investor cannot bring an older signature back), and
        when the issuer is trusted again after a removal.

        Args:
            issuer: The trusted issuer's signer.
            identity: The investor identity.
            topic: The claim topic.
            expiry: When the claim lapses; by default :data:`SIGNED_CLAIM_LIFETIME` after the chain's latest
                block (a signature handed to an investor should not grant a claim for ever).
            nonce: The storage's :meth:`claim_nonce` for the issuer and identity now (read from the chain by
                default); give the next ones to sign several claims to be submitted in order.
            deadline: Last unix time the signature may be submitted.

        Returns:
            The :class:`SignedClaim`.
        """
        identity = checked_address(identity, "identity")
        if expiry is None:
            expiry = int(self.w3.eth.get_block("latest")["timestamp"]) + SIGNED_CLAIM_LIFETIME
        if nonce is None:
            nonce = self.claim_nonce(issuer.address, identity)
        claim: dict[str, Any] = {
            "issuer": issuer.address,
            "identity": identity,
            "topic": parse_topic(topic),
            "expiry": checked_uint(expiry, "expiry", 64),
            "nonce": checked_uint(nonce, "nonce"),
            "deadline": checked_uint(deadline, "deadline"),
        }
        domain = {
            "name": "sectoken IdentityRegistryStorage",
            "version": "1",
            "chainId": int(self.w3.eth.chain_id),
            "verifyingContract": self.address,
        }
        try:
            signed = issuer.sign_typed_data(domain, CLAIM_TYPES, claim)
        except (TypeError, ValueError) as error:
            raise SignerError(f"Could not sign the claim as {issuer.address}: {type(error).__name__}.") from None
        return SignedClaim(
            issuer=issuer.address,
            identity=claim["identity"],
            topic=claim["topic"],
            expiry=claim["expiry"],
            nonce=claim["nonce"],
            deadline=claim["deadline"],
            signature=bytes(signed.signature),
        )

    # --- ONCHAINID claims (anyone) --------------------------------------------------------------------

    def onchain_claim_state(self, identity: str, topic: int | str, claim_issuer: str) -> tuple[OnchainState, bytes]:
        """What the ONCHAINID side says now of ``claim_issuer``'s claim of ``topic`` held by ``identity``
        (the check an import makes), and the keccak256 of its signature when ``"valid"``."""
        state, signature_hash = self.call(
            "onchainClaimState",
            checked_address(identity, "identity"),
            parse_topic(topic),
            checked_address(claim_issuer, "claim issuer"),
        )
        return STATES[int(state)], bytes(signature_hash)

    def imported_onchain_claim(self, identity: str, topic: int | str, claim_issuer: str) -> bytes:
        """keccak256 of the signature of the claim as imported from ONCHAINID (32 zero bytes: not imported)."""
        return bytes(
            self.call(
                "importedOnchainClaim",
                checked_address(identity, "identity"),
                parse_topic(topic),
                checked_address(claim_issuer, "claim issuer"),
            )
        )

    def import_claims_from_onchainid(
        self, identity: str, topics: Sequence[int | str], claim_issuers: Sequence[str]
    ) -> Receipt:
        """Import the ONCHAINID claims of ``topics[i]`` by ``claim_issuers[i]`` held by ``identity`` (anyone).

        Each is checked once here (the identity holds it, its ClaimIssuer says it is valid and is trusted
        for the topic) and stored without expiry under the ClaimIssuer; transfers never call ONCHAINID.

        Raises:
            ValidationError: the lists differ in length or are empty.
            RevertError: ``ClaimIssuerNotTrusted``, ``ClaimOnchainNotFound``, ``ClaimOnchainInvalid``...
        """
        if len(topics) != len(claim_issuers) or not topics:
            raise ValidationError("Give one ClaimIssuer per topic, and at least one topic.")
        return self.transact(
            "importClaimsFromOnchainId",
            checked_address(identity, "identity"),
            [parse_topic(topic) for topic in topics],
            checked_addresses(claim_issuers, "claim issuer"),
        )

    def resync_onchain_claim(self, identity: str, topic: int | str, claim_issuer: str) -> Receipt:
        """Re-check an imported ONCHAINID claim (anyone): removed if revoked or removed there or its issuer
        is no longer trusted, stored again if changed, untouched otherwise.

        Raises:
            RevertError: ``ClaimOnchainNotImported``.
        """
        return self.transact(
            "resyncOnchainClaim",
            checked_address(identity, "identity"),
            parse_topic(topic),
            checked_address(claim_issuer, "claim issuer"),
        )

    def submit_signed_claim(self, claim: SignedClaim) -> Receipt:
        """Submit an issuer-signed claim (anyone may send it).

        Raises:
            RevertError: ``ClaimSignatureInvalid``, ``ClaimSignatureExpired``, ``ClaimSignatureReplayed``...
        """
        return self.transact(
            "submitSignedClaim",
            claim.issuer,
            claim.identity,
            claim.topic,
            claim.expiry,
            claim.nonce,
            claim.deadline,
            claim.signature,
        )
