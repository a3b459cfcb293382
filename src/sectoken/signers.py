"""Who signs: the :class:`Signer` protocol and how the command line finds one.

Every transaction is signed locally (eth-account) and sent as a raw transaction. Any eth-account
``LocalAccount`` is a :class:`Signer`; :class:`LocalSigner` wraps one so that its key cannot leak
through a ``repr``, a log line or an error message.

Resolution (:func:`resolve_signer`), first match wins:

1. ``--keystore FILE``: an encrypted JSON keystore; the password comes from the caller, else
   ``SECTOKEN_KEYSTORE_PASSWORD``, else a prompt.
2. ``--account-index N`` on a dev chain (chain id 31337 or 1337): dev account ``N`` of the well-known
   mnemonic ``test test ... junk`` that Anvil (and sectoken's Ganache) fund (naming the account is the
   opt-in).
3. ``SECTOKEN_PRIVATE_KEY``.
4. On a dev chain: dev account 0, only on a local node sectoken started itself (``--network local`` or
   ``ganache``, ``sectoken node start``), or with the opt-in ``--allow-dev-accounts``
   (``SECTOKEN_ALLOW_DEV_ACCOUNTS=1``). The development keys are public: anybody can spend from them on a
   chain that merely shares the id (``geth --dev``, private Besu or Quorum networks use 1337).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable

from eth_account import Account
from eth_account.datastructures import SignedMessage, SignedTransaction
from eth_account.hdaccount import key_from_seed, seed_from_mnemonic
from eth_account.signers.local import LocalAccount
from eth_account.types import TransactionDictType
from eth_typing import ChecksumAddress

from sectoken.ape_support import ape_signer, is_ape_account
from sectoken.errors import SignerError

__all__ = [
    "ALLOW_DEV_ACCOUNTS_ENV",
    "DEV_CHAIN_IDS",
    "DEV_MNEMONIC",
    "KEYSTORE_PASSWORD_ENV",
    "PRIVATE_KEY_ENV",
    "LocalSigner",
    "Signer",
    "as_signer",
    "dev_account",
    "is_dev_chain",
    "resolve_signer",
]

#: The mnemonic whose accounts Anvil funds by default (and Hardhat, and sectoken's Ganache).
DEV_MNEMONIC = "test test test test test test test test test test test junk"
#: Chain ids of local development chains, where the dev accounts are used without a key.
DEV_CHAIN_IDS: frozenset[int] = frozenset({31337, 1337})
PRIVATE_KEY_ENV = "SECTOKEN_PRIVATE_KEY"
#: Environment variable opting in to the development accounts on a chain sectoken did not start.
ALLOW_DEV_ACCOUNTS_ENV = "SECTOKEN_ALLOW_DEV_ACCOUNTS"
KEYSTORE_PASSWORD_ENV = "SECTOKEN_KEYSTORE_PASSWORD"

_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
#: Order of the secp256k1 group: a private key is an integer in [1, n - 1].
_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


@runtime_checkable
class Signer(Protocol):
    """Anything that signs transactions and EIP-712 data for one address (e.g. a ``LocalAccount``)."""

    @property
    def address(self) -> ChecksumAddress:
        """The signing address."""
        ...

    def sign_transaction(self, transaction_dict: TransactionDictType) -> SignedTransaction:
        """Sign a transaction dictionary (with ``chainId`` and ``nonce``); return the signed transaction."""
        ...

    def sign_typed_data(
        self,
        domain_data: dict[str, Any] | None = None,
        message_types: dict[str, Any] | None = None,
        message_data: dict[str, Any] | None = None,
        full_message: dict[str, Any] | None = None,
    ) -> SignedMessage:
        """Sign EIP-712 typed data (as eth-account's ``sign_typed_data``)."""
        ...


class LocalSigner:
    """A local key that signs, and never shows itself.

    ``repr``/``str`` give the address and where the key came from; the key is not reachable through
    any public attribute.

    Args:
        account: The eth-account ``LocalAccount`` holding the key.
        source: Where the key came from, for messages (e.g. ``"dev account 0"``).
    """

    __slots__ = ("_account", "source")

    def __init__(self, account: LocalAccount, source: str = "local key") -> None:
        self._account = account
        self.source = source

    @property
    def address(self) -> ChecksumAddress:
        """The signing address."""
        return self._account.address

    def sign_transaction(self, transaction_dict: TransactionDictType) -> SignedTransaction:
        """Sign a transaction dictionary; see :meth:`Signer.sign_transaction`."""
        return self._account.sign_transaction(transaction_dict)

    def sign_typed_data(
        self,
        domain_data: dict[str, Any] | None = None,
        message_types: dict[str, Any] | None = None,
        message_data: dict[str, Any] | None = None,
        full_message: dict[str, Any] | None = None,
    ) -> SignedMessage:
        """Sign EIP-712 typed data; see :meth:`Signer.sign_typed_data`."""
        return self._account.sign_typed_data(domain_data, message_types, message_data, full_message)

    def __repr__(self) -> str:
        return f"LocalSigner({self.address}, {self.source})"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("A LocalSigner cannot be pickled: it would write its key out.")

    @classmethod
    def from_key(cls, key: str | bytes, source: str = "private key") -> LocalSigner:
        """Build a signer from a private key (32 bytes, or 64 hex digits with or without ``0x``).

        Args:
            key: The private key.
            source: Where the key came from, used in messages instead of the key.

        Returns:
            The signer.

        Raises:
            SignerError: the key is malformed; the message names ``source``, never the key.
        """
        if isinstance(key, str):
            text = key.strip().removeprefix("0x").removeprefix("0X")
            if len(text) != 64 or not set(text) <= _HEX_DIGITS:
                raise SignerError(
                    f"The {source} is not a valid private key: expected 64 hexadecimal digits "
                    "(32 bytes), optionally prefixed with 0x."
                )
            raw = bytes.fromhex(text)
        else:
            raw = bytes(key)
        if len(raw) != 32 or not 0 < int.from_bytes(raw, "big") < _SECP256K1_N:
            raise SignerError(f"The {source} is not a valid secp256k1 private key (out of range).")
        try:
            account: LocalAccount = Account.from_key(raw)
        except Exception:  # noqa: BLE001 - eth-keys raises bare Exception/ValidationError; the key must not surface
            raise SignerError(f"The {source} is not a valid secp256k1 private key.") from None
        return cls(account, source)

    @classmethod
    def from_keystore(
        cls,
        path: str | os.PathLike[str],
        password: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        prompt: Callable[[str], str] | None = None,
    ) -> LocalSigner:
        """Decrypt an encrypted JSON keystore (the Ethereum "V3" format that geth and eth-account write).

        Args:
            path: The keystore file.
            password: The password; if ``None``, ``SECTOKEN_KEYSTORE_PASSWORD`` from ``env``, else ``prompt``.
            env: Environment to read the password from (``os.environ`` by default).
            prompt: Called with a question to ask for the password interactively.

        Returns:
            The signer.

        Raises:
            SignerError: the file is missing or not a keystore, no password is available, or the password
                is wrong.
        """
        file = Path(path)
        try:
            keystore = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SignerError(f"Keystore file {file} not found.") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise SignerError(f"{file} is not a readable JSON keystore ({type(error).__name__}).") from None
        if not isinstance(keystore, dict) or "crypto" not in keystore and "Crypto" not in keystore:
            raise SignerError(f"{file} is not an encrypted JSON keystore (no 'crypto' section).")
        if password is None:
            password = (os.environ if env is None else env).get(KEYSTORE_PASSWORD_ENV)
        if password is None:
            if prompt is None:
                raise SignerError(
                    f"Keystore {file} needs a password: set {KEYSTORE_PASSWORD_ENV} or run interactively."
                )
            password = prompt(f"Password for keystore {file.name}")
        try:
            key = Account.decrypt(keystore, password)
        except ValueError as error:
            if "MAC mismatch" in str(error):
                raise SignerError(f"Wrong password for keystore {file}.") from None
            raise SignerError(f"Could not decrypt keystore {file}: unsupported or damaged keystore.") from None
        except (TypeError, KeyError, LookupError):
            raise SignerError(f"Could not decrypt keystore {file}: unsupported or damaged keystore.") from None
        return cls.from_key(bytes(key), source=f"keystore {file.name}")


def is_dev_chain(chain_id: int) -> bool:
    """Whether ``chain_id`` is a local development chain (31337 or 1337)."""
    return chain_id in DEV_CHAIN_IDS


def dev_account(index: int = 0, mnemonic: str = DEV_MNEMONIC) -> LocalSigner:
    """Return dev account ``index`` of the development mnemonic (path ``m/44'/60'/0'/0/index``).

    Args:
        index: Account index, 0 for the first (Anvil's ``0xf39F...2266``).
        mnemonic: The mnemonic (the well-known development one by default).

    Returns:
        The signer.

    Raises:
        SignerError: ``index`` is negative.
    """
    if index < 0:
        raise SignerError(f"Account index must be 0 or more, got {index}.")
    key = key_from_seed(seed_from_mnemonic(mnemonic, ""), f"m/44'/60'/0'/0/{index}")
    return LocalSigner(Account.from_key(key), source=f"dev account {index}")


#: How many development accounts :func:`as_signer` recognises by address (Anvil and brownie start with 10).
_DEV_ACCOUNTS_KNOWN = 20


@functools.cache
def _dev_address(index: int) -> str:
    """The lower-case address of development account ``index`` (derived once)."""
    return dev_account(index).address.lower()


def as_signer(account: Any) -> Signer:
    """A signer from what a console user holds: a :class:`Signer` as it is, an Ape account
    (:func:`sectoken.ape_support.ape_signer`), or a brownie account.

    A brownie ``LocalAccount`` (``accounts.add(key)``, ``accounts.load(name)``) signs with its key. A brownie
    ``Account`` whose key the node keeps is one of the development accounts of the well-known mnemonic
    (brownie's development network, Anvil): it signs as that development account. sectoken signs every
    transaction itself, so that it can journal the signed bytes before broadcasting them.

    Args:
        account: A signer, an Ape account, or a brownie account.

    Returns:
        The signer.

    Raises:
        SignerError: ``account`` holds no key sectoken can sign with (an account the node keeps that is not
            one of the development accounts).
    """
    if hasattr(account, "sign_transaction") and hasattr(account, "sign_typed_data"):
        return cast(Signer, account)
    if is_ape_account(account):
        return cast(Signer, ape_signer(account))
    key = getattr(account, "private_key", None)
    if isinstance(key, str | bytes) and key:
        return LocalSigner.from_key(key, source="brownie account")
    address = str(getattr(account, "address", "")).lower()
    for index in range(_DEV_ACCOUNTS_KNOWN):
        if _dev_address(index) == address:
            return dev_account(index)
    raise SignerError(
        f"{address or account!r} holds no key sectoken can sign with (the node keeps it): use an account with its "
        "key (brownie's accounts.add(key) or accounts.load(name)), SECTOKEN_PRIVATE_KEY or a keystore."
    )


def resolve_signer(
    chain_id: int,
    *,
    keystore: str | os.PathLike[str] | None = None,
    account_index: int | None = None,
    password: str | None = None,
    env: Mapping[str, str] | None = None,
    prompt: Callable[[str], str] | None = None,
    embedded: bool = False,
    allow_dev_accounts: bool = False,
) -> LocalSigner:
    """Find the signer for a chain, as the command line does (see the module's docstring for the order).

    Args:
        chain_id: The connected chain's id.
        keystore: An encrypted JSON keystore file (``--keystore``).
        account_index: A dev account index (``--account-index``); dev chains only.
        password: The keystore password, if known.
        env: Environment (``os.environ`` by default) for ``SECTOKEN_PRIVATE_KEY`` and
            ``SECTOKEN_KEYSTORE_PASSWORD``.
        prompt: Asks for the keystore password interactively.
        embedded: The chain is a local node sectoken started itself: dev account 0 is used without a key.
        allow_dev_accounts: Use dev account 0 without a key on any dev chain (also
            ``SECTOKEN_ALLOW_DEV_ACCOUNTS=1`` in ``env``).

    Returns:
        The signer.

    Raises:
        SignerError: no signer is available for the chain, or the chosen one cannot be loaded.
    """
    environ = os.environ if env is None else env
    if keystore is not None:
        return LocalSigner.from_keystore(keystore, password, env=environ, prompt=prompt)
    if account_index is not None:
        if not is_dev_chain(chain_id):
            raise SignerError(
                f"Dev accounts (--account-index) exist only on dev chains (31337, 1337), not chain {chain_id}; "
                f"set {PRIVATE_KEY_ENV} or pass --keystore FILE."
            )
        return dev_account(account_index)
    key = environ.get(PRIVATE_KEY_ENV)
    if key:
        return LocalSigner.from_key(key, source=PRIVATE_KEY_ENV)
    if is_dev_chain(chain_id):
        if embedded or allow_dev_accounts or _truthy(environ.get(ALLOW_DEV_ACCOUNTS_ENV)):
            return dev_account(0)
        raise SignerError(
            f"No signer for chain {chain_id}: set {PRIVATE_KEY_ENV} or pass --keystore FILE. The development "
            "accounts, whose keys are public, are used without a key only on the local nodes sectoken starts "
            "(--network local or ganache, `sectoken node start`); this chain was not started by sectoken. If it "
            f"is your own development node, opt in with --allow-dev-accounts ({ALLOW_DEV_ACCOUNTS_ENV}=1)."
        )
    raise SignerError(
        f"No signer for chain {chain_id}: set {PRIVATE_KEY_ENV} or pass --keystore FILE "
        f"(password from {KEYSTORE_PASSWORD_ENV} or a prompt)."
    )


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
