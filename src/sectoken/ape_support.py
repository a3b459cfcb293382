"""Ape's accounts as sectoken signers (:func:`sectoken.signers.as_signer` calls :func:`ape_signer`).

In an ``ape console`` session, an ``ape run`` script or Ape's pytest plugin, the library takes Ape's provider
web3 (``chain.provider.web3``) as its ``Web3`` and an Ape account (``accounts.test_accounts[0]``,
``accounts.load("issuer")``) where it takes a signer:

- a test account (Ape's ``TestAccountAPI``: the accounts of the test mnemonic, Anvil's development accounts by
  default) signs with its key, as a :class:`~sectoken.signers.LocalSigner` (the key is not shown);
- any other Ape account (a keyfile account from ``ape accounts``, a plugin's hardware wallet) signs through
  Ape itself (:class:`ApeAccountSigner`): Ape asks for its passphrase and its confirmation as it does for its
  own transactions (``account.set_autosign(True)`` stops the questions).

sectoken still builds, validates (by simulation), journals and sends every transaction itself, from the signed
bytes. This module does not import Ape: it works on the account objects it is given.
"""

from __future__ import annotations

from typing import Any

from eth_account.datastructures import SignedMessage, SignedTransaction
from eth_account.messages import _hash_eip191_message, encode_typed_data
from eth_account.types import TransactionDictType
from eth_typing import ChecksumAddress
from eth_utils.crypto import keccak
from hexbytes import HexBytes

from sectoken.errors import SignerError
from sectoken.inputs import parse_address

__all__ = ["ApeAccountSigner", "ape_signer", "is_ape_account"]


def _bases(account: object) -> set[tuple[str, str]]:
    return {(cls.__module__.split(".")[0], cls.__name__) for cls in type(account).__mro__}


def is_ape_account(account: object) -> bool:
    """Whether ``account`` is an Ape account (an ``ape.api.accounts.AccountAPI``)."""
    return ("ape", "AccountAPI") in _bases(account)


def ape_signer(account: Any) -> Any:
    """The signer for an Ape account: a test account's key, else the account signing through Ape.

    Args:
        account: An Ape ``AccountAPI``.

    Returns:
        A :class:`~sectoken.signers.LocalSigner` for a test account, else an :class:`ApeAccountSigner`.

    Raises:
        SignerError: ``account`` is not an Ape account.
    """
    from sectoken.signers import LocalSigner  # signers imports this module

    if not is_ape_account(account):
        raise SignerError(f"{account!r} is not an Ape account.")
    if ("ape", "TestAccountAPI") in _bases(account):
        key = getattr(account, "private_key", None)
        if isinstance(key, str | bytes) and key:
            return LocalSigner.from_key(key, source=f"Ape test account {getattr(account, 'index', '?')}")
    return ApeAccountSigner(account)


class ApeAccountSigner:
    """An Ape account signing sectoken's transactions and EIP-712 data through Ape (its passphrase prompt,
    its confirmation, its hardware wallet plugin).

    Args:
        account: The Ape ``AccountAPI``.
    """

    __slots__ = ("account",)

    def __init__(self, account: Any) -> None:
        self.account = account

    @property
    def address(self) -> ChecksumAddress:
        """The signing address."""
        return parse_address(str(self.account.address), "Ape account")

    def sign_transaction(self, transaction_dict: TransactionDictType) -> SignedTransaction:
        """Sign a transaction dictionary (as eth-account takes it) with the Ape account.

        Raises:
            SignerError: the account declined to sign (the confirmation was refused).
        """
        fields = {key: value for key, value in dict(transaction_dict).items() if key != "from"}
        ecosystem = self.account.network_manager.ethereum
        transaction = ecosystem.create_transaction(**fields, sender=self.address)
        signed = self.account.sign_transaction(transaction)
        if signed is None or getattr(signed, "signature", None) is None:
            raise SignerError(f"Ape account {self.address} did not sign the transaction (declined).")
        raw = HexBytes(signed.serialize_transaction())
        signature = signed.signature
        return SignedTransaction(
            raw_transaction=raw,
            hash=HexBytes(keccak(raw)),
            r=int.from_bytes(signature.r, "big"),
            s=int.from_bytes(signature.s, "big"),
            v=int(signature.v),
        )

    def sign_typed_data(
        self,
        domain_data: dict[str, Any] | None = None,
        message_types: dict[str, Any] | None = None,
        message_data: dict[str, Any] | None = None,
        full_message: dict[str, Any] | None = None,
    ) -> SignedMessage:
        """Sign EIP-712 typed data (as eth-account's ``sign_typed_data``) with the Ape account.

        Raises:
            SignerError: the account declined to sign.
        """
        message = encode_typed_data(domain_data, message_types, message_data, full_message)
        signature = self.account.sign_message(message)
        if signature is None:
            raise SignerError(f"Ape account {self.address} did not sign the typed data (declined).")
        r, s, v = int.from_bytes(signature.r, "big"), int.from_bytes(signature.s, "big"), int(signature.v)
        return SignedMessage(
            message_hash=HexBytes(_hash_eip191_message(message)),
            r=r,
            s=s,
            v=v,
            signature=HexBytes(r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v])),
        )

    def __repr__(self) -> str:
        return f"ApeAccountSigner({self.address})"
