"""The exceptions sectoken raises. Every one derives from :class:`SectokenError`.

Messages say what went wrong and what to do about it. Errors that mirror a builtin also derive
from it (a bad argument is a ``ValueError`` too), so callers can catch either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sectoken.reasons import Restriction

__all__ = [
    "ArtifactNotFoundError",
    "ChainError",
    "ChainIdMismatchError",
    "ConfigError",
    "DeploymentNotFoundError",
    "FeeTooHighError",
    "RevertError",
    "SectokenError",
    "SignerError",
    "ToolchainError",
    "TransactionError",
    "TransactionTimeoutError",
    "TransactionUnsettledError",
    "TransferRestrictedError",
    "ValidationError",
    "WalletHoldsTokensError",
]


class SectokenError(Exception):
    """Root of every sectoken error."""


class ToolchainError(SectokenError, RuntimeError):
    """A tool the project needs (Node.js, npm packages, the compiler) is missing or broken."""


class ChainError(SectokenError, ConnectionError):
    """A chain could not be started, reached or stopped."""


class ConfigError(SectokenError, ValueError):
    """A configuration file or value is invalid; the message names the file and line where known."""


class ValidationError(SectokenError, ValueError):
    """Input was refused before anything was sent to the chain."""


class ArtifactNotFoundError(SectokenError, LookupError):
    """No shipped artifact has the requested name; the message lists the known names."""


class DeploymentNotFoundError(SectokenError, LookupError):
    """No deployment record matches the requested suite and chain; the message lists the known suites."""


class ChainIdMismatchError(SectokenError, ValueError):
    """The connected chain is not the one a suite or network was recorded for."""


class SignerError(SectokenError, ValueError):
    """No usable signer: a missing or malformed key, an unreadable keystore or a wrong password.

    Messages never contain key material.
    """


class TransactionError(SectokenError, RuntimeError):
    """A transaction could not be sent or its outcome could not be established."""


class TransactionTimeoutError(TransactionError, TimeoutError):
    """A sent transaction was not mined (or not confirmed) in time. It was sent once and may still land:
    look it up by :attr:`tx_hash` before sending it again."""

    def __init__(self, message: str, *, tx_hash: str | None = None) -> None:
        super().__init__(message)
        self.tx_hash = tx_hash


class TransactionUnsettledError(TransactionError):
    """A transaction was handed to the node, the answer was ambiguous, and neither its receipt nor its
    sender's nonce settled within the bound. It was not signed again and may still be mined: look it up by
    :attr:`tx_hash` (or run the same command again, which looks it up first) before sending anything else."""

    def __init__(self, message: str, *, tx_hash: str | None = None) -> None:
        super().__init__(message)
        self.tx_hash = tx_hash


class FeeTooHighError(ValidationError):
    """The fee per gas a transaction would offer is above the configured maximum; nothing was signed."""


class RevertError(SectokenError, RuntimeError):
    """A contract call or transaction reverted.

    Attributes:
        message: The revert in words.
        name: The error's name: ``"Error"`` for ``require``/``revert`` strings, ``"Panic"`` for
            compiler-inserted checks, the custom error's name, or ``""`` when the data could not be decoded.
        signature: The error's canonical signature, e.g. ``"ERC20InsufficientBalance(address,uint256,uint256)"``.
        arguments: The decoded arguments by name (``arg0``... for unnamed ones).
        data: The raw revert data.
        tx_hash: The hash of the mined transaction that reverted, or ``None`` if nothing was sent.
    """

    def __init__(
        self,
        message: str,
        *,
        name: str = "",
        signature: str = "",
        arguments: Mapping[str, Any] | None = None,
        data: bytes = b"",
        tx_hash: str | None = None,
    ) -> None:
        self.message = message
        self.name = name
        self.signature = signature
        self.arguments: dict[str, Any] = dict(arguments or {})
        self.data = data
        self.tx_hash = tx_hash
        where = f" (transaction {tx_hash} was mined and reverted)" if tx_hash else ""
        super().__init__(f"Reverted: {message}{where}")


class TransferRestrictedError(RevertError):
    """A balance change was refused with ``TransferRestricted(code)``, an ERC-1404 restriction.

    Attributes:
        code: The ERC-1404 restriction code.
        reason: The code as a :class:`sectoken.reasons.Restriction` (``None`` for a code the table
            does not know).
        message: The restriction's sentence, as ``messageForTransferRestriction`` gives it.
    """

    def __init__(
        self,
        code: int,
        reason: Restriction | None,
        message: str,
        *,
        data: bytes = b"",
        tx_hash: str | None = None,
    ) -> None:
        self.code = code
        self.reason = reason
        label = reason.name if reason is not None else "UNKNOWN"
        super().__init__(
            message,
            name="TransferRestricted",
            signature="TransferRestricted(uint8)",
            arguments={"code": code},
            data=data,
            tx_hash=tx_hash,
        )
        where = f" (transaction {tx_hash} was mined and reverted)" if tx_hash else ""
        self.args = (f"Transfer restricted, code {code} ({label}): {message}{where}",)


class WalletHoldsTokensError(RevertError):
    """The registry refused to change or delete a wallet that holds tokens of a bound token
    (``IdentityRegistryWalletHoldsTokens``): the compliance keeps its books per identity and per country, so a
    holder's identity and country stay fixed until its tokens are moved out.

    Attributes:
        wallet: The wallet.
        token: The bound token it holds.
        balance: What it holds, in base units.
    """

    def __init__(self, wallet: str, token: str, balance: int, sentence: str, *, data: bytes = b"") -> None:
        super().__init__(
            sentence,
            name="IdentityRegistryWalletHoldsTokens",
            signature="IdentityRegistryWalletHoldsTokens(address,address,uint256)",
            arguments={"wallet": wallet, "token": token, "balance": balance},
            data=data,
        )
        self.wallet = wallet
        self.token = token
        self.balance = balance
        self.args = (sentence,)
