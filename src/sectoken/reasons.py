"""ERC-1404 restriction codes and revert decoding.

The code table mirrors ``contracts/libraries/RestrictionCodes.sol`` (a test checks the two agree, code
by code, against the deployed library). :func:`decode_revert` turns revert data into words, and
:func:`revert_error` turns whatever web3.py raised for a revert into a typed exception:
:class:`~sectoken.errors.TransferRestrictedError` for an ERC-1404 refusal, else
:class:`~sectoken.errors.RevertError` carrying the decoded error's name and arguments.

Example:
    >>> from sectoken.reasons import Restriction, message
    >>> message(Restriction.PAUSED)
    'The token is paused: no transfers are allowed until an agent unpauses it.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from typing import Any, Literal

from eth_abi.abi import decode as abi_decode
from eth_abi.abi import encode as abi_encode
from eth_abi.exceptions import DecodingError
from eth_typing import ABI, ABIError
from eth_utils.abi import abi_to_signature, collapse_if_tuple, function_signature_to_4byte_selector
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3.exceptions import ContractLogicError, Web3RPCError

from sectoken.errors import RevertError, TransferRestrictedError

__all__ = [
    "PANIC_CODES",
    "ROLE_NAMES",
    "DecodedRevert",
    "ErrorTable",
    "Restriction",
    "decode_revert",
    "default_error_table",
    "message",
    "priority",
    "revert_data",
    "revert_error",
]


class Restriction(IntEnum):
    """ERC-1404 transfer restriction codes (``RestrictionCodes.sol``). 1-15: the token's own checks;
    16 and up: compliance modules."""

    SUCCESS = 0
    PAUSED = 1
    SENDER_FROZEN = 2
    RECIPIENT_FROZEN = 3
    INSUFFICIENT_UNFROZEN_BALANCE = 4
    SENDER_NOT_VERIFIED = 5
    RECIPIENT_NOT_VERIFIED = 6
    COUNTRY_NOT_ALLOWED = 16
    COUNTRY_RESTRICTED = 17
    MAX_BALANCE_EXCEEDED = 18
    MAX_HOLDERS_EXCEEDED = 19
    SUPPLY_LIMIT_EXCEEDED = 20
    TOKENS_LOCKED = 21
    INVESTOR_NOT_ELIGIBLE = 22
    TRANSFER_LIMIT_EXCEEDED = 23
    FLOWBACK_RESTRICTED = 24
    NON_ACCREDITED_HOLDERS_EXCEEDED = 25
    BELOW_MINIMUM_HOLDING = 26
    FULL_TRANSFER_REQUIRED = 27
    TRANSFER_BELOW_MINIMUM = 28
    INVESTOR_TYPE_NOT_ELIGIBLE = 29
    SPENDER_NOT_ALLOWED = 30


UNKNOWN_MESSAGE = "Unknown restriction code."
UNKNOWN_PRIORITY = 255

_MESSAGES: Mapping[Restriction, str] = {
    Restriction.SUCCESS: "No restriction: the transfer is allowed.",
    Restriction.PAUSED: "The token is paused: no transfers are allowed until an agent unpauses it.",
    Restriction.SENDER_FROZEN: "The sender's wallet is frozen.",
    Restriction.RECIPIENT_FROZEN: "The recipient's wallet is frozen.",
    Restriction.INSUFFICIENT_UNFROZEN_BALANCE: "The sender does not hold enough tokens that are not frozen.",
    Restriction.SENDER_NOT_VERIFIED: (
        "The sender is not a verified investor (not registered, or a required claim is missing or expired)."
    ),
    Restriction.RECIPIENT_NOT_VERIFIED: (
        "The recipient is not a verified investor (not registered, or a required claim is missing or expired)."
    ),
    Restriction.COUNTRY_NOT_ALLOWED: "The recipient's country is not on the list of allowed countries.",
    Restriction.COUNTRY_RESTRICTED: "The recipient's country is restricted for this security.",
    Restriction.MAX_BALANCE_EXCEEDED: (
        "The transfer would take the recipient investor above the maximum holding allowed."
    ),
    Restriction.MAX_HOLDERS_EXCEEDED: (
        "The transfer would take the number of holders above the cap (overall or for the recipient's country)."
    ),
    Restriction.SUPPLY_LIMIT_EXCEEDED: "The issuance would take the total supply above its limit.",
    Restriction.TOKENS_LOCKED: "The tokens are still in their lock-up period.",
    Restriction.INVESTOR_NOT_ELIGIBLE: (
        "The recipient lacks a claim required of investors in their jurisdiction "
        "(e.g. accredited or professional)."
    ),
    Restriction.TRANSFER_LIMIT_EXCEEDED: "The transfer exceeds the investor's limit for the current period.",
    Restriction.FLOWBACK_RESTRICTED: (
        "During the distribution compliance period the security may not go to a US person "
        "(a recipient in the US or without a non-US-person claim)."
    ),
    Restriction.NON_ACCREDITED_HOLDERS_EXCEEDED: (
        "The transfer would take the number of holders without an accredited claim above its cap."
    ),
    Restriction.BELOW_MINIMUM_HOLDING: (
        "The transfer would leave the sender or the recipient investor holding less than the minimum "
        "(but more than nothing)."
    ),
    Restriction.FULL_TRANSFER_REQUIRED: "A holder may only transfer their whole holding.",
    Restriction.TRANSFER_BELOW_MINIMUM: "The amount is below the minimum transfer for the sender's country.",
    Restriction.INVESTOR_TYPE_NOT_ELIGIBLE: (
        "The recipient entity lacks a claim required of entities in their jurisdiction "
        "(e.g. per se professional)."
    ),
    Restriction.SPENDER_NOT_ALLOWED: (
        "The spender is neither a verified investor nor an operator listed by the issuer."
    ),
}

_PRIORITY: Mapping[Restriction, int] = {
    code: rank
    for rank, code in enumerate((
        Restriction.SPENDER_NOT_ALLOWED,
        Restriction.COUNTRY_NOT_ALLOWED,
        Restriction.COUNTRY_RESTRICTED,
        Restriction.FLOWBACK_RESTRICTED,
        Restriction.INVESTOR_NOT_ELIGIBLE,
        Restriction.INVESTOR_TYPE_NOT_ELIGIBLE,
        Restriction.TOKENS_LOCKED,
        Restriction.TRANSFER_BELOW_MINIMUM,
        Restriction.TRANSFER_LIMIT_EXCEEDED,
        Restriction.FULL_TRANSFER_REQUIRED,
        Restriction.BELOW_MINIMUM_HOLDING,
        Restriction.MAX_BALANCE_EXCEEDED,
        Restriction.MAX_HOLDERS_EXCEEDED,
        Restriction.NON_ACCREDITED_HOLDERS_EXCEEDED,
        Restriction.SUPPLY_LIMIT_EXCEEDED,
    ))
}


def _restriction(code: int) -> Restriction | None:
    try:
        return Restriction(code)
    except ValueError:
        return None


def message(code: int) -> str:
    """Return the sentence for an ERC-1404 restriction code, as ``messageForTransferRestriction`` does.

    Args:
        code: A restriction code (a :class:`Restriction` or a plain ``int``).

    Returns:
        The code's sentence, or ``"Unknown restriction code."`` for a code not in the table.
    """
    known = _restriction(code)
    return _MESSAGES[known] if known is not None else UNKNOWN_MESSAGE


def priority(code: int) -> int:
    """Return the rank at which a compliance module's code is reported (lower is checked first).

    Args:
        code: A restriction code.

    Returns:
        0-14 for module codes, 255 for the token's own codes and unknown codes.
    """
    known = _restriction(code)
    return _PRIORITY.get(known, UNKNOWN_PRIORITY) if known is not None else UNKNOWN_PRIORITY


# --- revert decoding ---------------------------------------------------------------------------

ERROR_SELECTOR = function_signature_to_4byte_selector("Error(string)")
PANIC_SELECTOR = function_signature_to_4byte_selector("Panic(uint256)")
TRANSFER_RESTRICTED_SELECTOR = function_signature_to_4byte_selector("TransferRestricted(uint8)")

#: What each Solidity panic code means (Solidity >= 0.8.0).
PANIC_CODES: Mapping[int, str] = {
    0x00: "generic compiler-inserted panic",
    0x01: "assertion failed (assert evaluated to false)",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "value out of range for the enum type",
    0x22: "storage byte array incorrectly encoded",
    0x31: "pop() on an empty array",
    0x32: "array index out of bounds",
    0x41: "out of memory (allocation too large)",
    0x51: "call to a zero-initialised internal function variable",
}

#: The access-control roles a revert may name (``AccessControlUnauthorizedAccount(account, neededRole)``),
#: by their ``bytes32`` id as hex: shown by name, not as a hash.
ROLE_NAMES: dict[str, str] = {
    "0x" + keccak(text=name).hex(): name
    for name in ("SUPPLY_ROLE", "FREEZE_ROLE", "TRANSFER_ROLE", "RECOVERY_ROLE", "PAUSE_ROLE")
} | {"0x" + "00" * 32: "DEFAULT_ADMIN_ROLE"}

RevertKind = Literal["error", "panic", "custom", "unknown", "empty"]


@dataclass(frozen=True)
class DecodedRevert:
    """Revert data decoded into words.

    Attributes:
        kind: ``"error"`` (``Error(string)``), ``"panic"``, ``"custom"`` (an error found in an ABI),
            ``"unknown"`` (a selector no given ABI declares) or ``"empty"`` (no data at all).
        name: The error's name (``""`` for unknown and empty reverts).
        signature: Canonical signature, e.g. ``"TransferRestricted(uint8)"``.
        arguments: Decoded arguments by name; unnamed ones are ``arg0``, ``arg1``...
        message: A sentence describing the revert.
        data: The raw revert data.
    """

    kind: RevertKind
    name: str
    signature: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    message: str = ""
    data: bytes = b""

    def to_exception(self, *, tx_hash: str | None = None) -> RevertError:
        """Return the typed exception for this revert (not raised).

        Args:
            tx_hash: The mined transaction that reverted, if any.

        Returns:
            A :class:`TransferRestrictedError` for ``TransferRestricted(code)``, else a :class:`RevertError`.
        """
        if self.kind == "custom" and self.signature == "TransferRestricted(uint8)":
            code = int(self.arguments["code"])
            return TransferRestrictedError(
                code, _restriction(code), message(code), data=self.data, tx_hash=tx_hash
            )
        return RevertError(
            self.message,
            name=self.name,
            signature=self.signature,
            arguments=self.arguments,
            data=self.data,
            tx_hash=tx_hash,
        )


class ErrorTable:
    """Custom errors by 4-byte selector, built once from ABIs.

    Args:
        abis: Contract ABIs (or a single ABI); their ``"error"`` entries are indexed. When two ABIs
            declare the same signature, the first wins (they differ at most in parameter names).
    """

    def __init__(self, abis: Iterable[ABI] | ABI) -> None:
        self._errors: dict[bytes, ABIError] = {}
        items: list[Any] = list(abis)
        groups: list[ABI] = [items] if items and isinstance(items[0], Mapping) else items
        for abi in groups:
            for entry in abi:
                if entry.get("type") != "error":
                    continue
                error: ABIError = entry  # type: ignore[assignment]
                selector = function_signature_to_4byte_selector(abi_to_signature(error))
                self._errors.setdefault(selector, error)

    def __len__(self) -> int:
        return len(self._errors)

    def __contains__(self, selector: object) -> bool:
        return selector in self._errors

    def get(self, selector: bytes) -> ABIError | None:
        """Return the error ABI entry for a 4-byte selector, or ``None``."""
        return self._errors.get(bytes(selector))

    def merged(self, other: ErrorTable) -> ErrorTable:
        """Return a new table holding this table's errors and then ``other``'s (this table's win)."""
        table = ErrorTable([])
        table._errors = {**other._errors, **self._errors}
        return table


@lru_cache(maxsize=1)
def default_error_table() -> ErrorTable:
    """Return the table of every custom error declared in the shipped artifacts (built once).

    Returns:
        An :class:`ErrorTable` over :func:`sectoken.artifacts.load_all`.
    """
    from sectoken import artifacts

    return ErrorTable(artifact.abi for artifact in artifacts.load_all().values())


def _normalise(abi_type: str, value: Any) -> Any:
    if abi_type == "address":
        return to_checksum_address(value)
    if abi_type.endswith("]") and isinstance(value, (list, tuple)):
        inner = abi_type[: abi_type.rindex("[")]
        return [_normalise(inner, item) for item in value]
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return value


def _format_value(value: Any) -> str:
    if isinstance(value, str) and not value.startswith("0x"):
        return repr(value)
    return str(value)


def decode_revert(data: bytes, abis: ErrorTable | Iterable[ABI] | ABI | None = None) -> DecodedRevert:
    """Decode revert data into words.

    Args:
        data: The revert data (``Error(string)``, ``Panic(uint256)``, a custom error, or empty).
        abis: Where to look up custom errors: an :class:`ErrorTable`, ABIs, or ``None`` for the
            errors of every shipped artifact. Given ABIs are searched before the shipped ones.

    Returns:
        The :class:`DecodedRevert`; data that cannot be decoded gives ``kind="unknown"``.
    """
    data = bytes(data)
    if not data:
        return DecodedRevert(
            "empty",
            "",
            "",
            message="reverted without a reason (a bare revert, a require without a message, or out of gas)",
        )
    selector, payload = data[:4], data[4:]
    try:
        if selector == ERROR_SELECTOR:
            (text,) = abi_decode(["string"], payload)
            return DecodedRevert(
                "error", "Error", "Error(string)", {"message": text}, message=str(text), data=data
            )
        if selector == PANIC_SELECTOR:
            (code,) = abi_decode(["uint256"], payload)
            meaning = PANIC_CODES.get(code, "unknown panic code")
            return DecodedRevert(
                "panic",
                "Panic",
                "Panic(uint256)",
                {"code": code},
                message=f"panic 0x{code:02x}: {meaning}",
                data=data,
            )
    except DecodingError:
        pass
    else:
        table = _table(abis)
        error = table.get(selector)
        if error is not None:
            decoded = _decode_custom(error, payload, data)
            if decoded is not None:
                return decoded
    return DecodedRevert(
        "unknown",
        "",
        "",
        message=(
            f"reverted with unknown error 0x{selector.hex()} ({len(data)} bytes of data); "
            "pass the ABI of the contract that declares it to decode it"
        ),
        data=data,
    )


def _table(abis: ErrorTable | Iterable[ABI] | ABI | None) -> ErrorTable:
    if abis is None:
        return default_error_table()
    if isinstance(abis, ErrorTable):
        return abis
    return ErrorTable(abis).merged(default_error_table())


def _is_role(key: str, abi_type: str, value: Any) -> bool:
    """Whether a decoded argument is an access-control role id (shown by its name)."""
    return abi_type == "bytes32" and "role" in key.lower() and value in ROLE_NAMES


def _decode_custom(error: ABIError, payload: bytes, data: bytes) -> DecodedRevert | None:
    inputs = list(error.get("inputs", []))
    types = [collapse_if_tuple(dict(item)) for item in inputs]
    try:
        values = abi_decode(types, payload)
    except DecodingError:
        return None
    arguments: dict[str, Any] = {}
    for index, (item, abi_type, value) in enumerate(zip(inputs, types, values, strict=True)):
        arguments[item.get("name") or f"arg{index}"] = _normalise(abi_type, value)
    name = error["name"]
    shown = ", ".join(
        f"{key}={ROLE_NAMES[value] if _is_role(key, abi_type, value) else _format_value(value)}"
        for (key, value), abi_type in zip(arguments.items(), types, strict=True)
    )
    return DecodedRevert(
        "custom", name, abi_to_signature(error), arguments, message=f"{name}({shown})", data=data
    )


# --- revert data from web3.py exceptions ----------------------------------------------------------

_HEX = re.compile(r"^(0x)?([0-9a-fA-F]{2})*$")
_REVERT_WORDS = ("revert", "vm exception")


def _hex_bytes(text: str) -> bytes | None:
    text = text.strip()
    text = text.removeprefix("Reverted ")
    if not _HEX.match(text):
        return None
    return bytes.fromhex(text.removeprefix("0x"))


def _from_payload(value: Any, depth: int = 0) -> bytes | None:
    """Find revert data in an RPC error's ``data`` field (Anvil/Geth: a hex string; Ganache: a dict)."""
    if depth > 4 or value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return _hex_bytes(value)
    if isinstance(value, Mapping):
        for key in ("data", "result", "return", "output"):
            if key in value:
                found = _from_payload(value[key], depth + 1)
                if found is not None:
                    return found
        for nested in value.values():
            if isinstance(nested, Mapping):
                found = _from_payload(nested, depth + 1)
                if found is not None:
                    return found
    return None


def _rpc_error(exc: BaseException) -> Mapping[str, Any] | None:
    if isinstance(exc, Web3RPCError) and exc.rpc_response is not None:
        error = exc.rpc_response.get("error")
        if isinstance(error, Mapping):
            return error
    for arg in exc.args:
        if isinstance(arg, Mapping) and ("message" in arg or "data" in arg):
            return arg
    return None


def revert_data(exc: BaseException) -> bytes | None:
    """Return the revert data carried by an exception web3.py raised, or ``None`` if it is no revert.

    Handles ``ContractLogicError`` and its subclasses (``.data``), ``Web3RPCError`` (the RPC error's
    ``data``, as Anvil, Geth and Ganache send it) and older ``ValueError({...})`` payloads.

    Args:
        exc: The exception.

    Returns:
        The revert data (``b""`` for a revert without data), or ``None`` when ``exc`` is not a revert.
    """
    if isinstance(exc, ContractLogicError):
        found = _from_payload(exc.data)
        if found is None and isinstance(exc.message, str):
            found = _from_message(exc.message)
        return found if found is not None else b""
    error = _rpc_error(exc)
    if error is None:
        return None
    found = _from_payload(error.get("data"))
    text = str(error.get("message", "")).lower()
    is_revert = error.get("code") == 3 or any(word in text for word in _REVERT_WORDS)
    if found is not None and (found or is_revert):
        return found
    if is_revert:
        from_text = _from_message(str(error.get("message", "")))
        return from_text if from_text is not None else b""
    return None


def _from_message(text: str) -> bytes | None:
    """Recover an ``Error(string)`` reason from a message like ``execution reverted: reason``."""
    for prefix in ("execution reverted: ", "VM Exception while processing transaction: revert "):
        if text.startswith(prefix) and len(text) > len(prefix):
            reason = text[len(prefix) :]
            if reason.startswith(("custom error", "0x")):
                return None
            return ERROR_SELECTOR + abi_encode(["string"], [reason])
    return None


def revert_error(
    exc: BaseException,
    abis: ErrorTable | Iterable[ABI] | ABI | None = None,
    *,
    tx_hash: str | None = None,
) -> RevertError | None:
    """Turn an exception web3.py raised into a typed revert exception.

    Args:
        exc: What web3.py raised for a call, an estimate or a sent transaction.
        abis: Where to look up custom errors (see :func:`decode_revert`).
        tx_hash: The mined transaction that reverted, if any.

    Returns:
        A :class:`TransferRestrictedError` or :class:`RevertError` (not raised), or ``None`` if ``exc``
        is not a revert (a connection error, an invalid nonce...).
    """
    data = revert_data(exc)
    if data is None:
        return None
    return decode_revert(data, abis).to_exception(tx_hash=tx_hash)

