"""An existing offering factory a suite uses instead of deploying its own (``factory:`` in the configuration).

One implementation serves every offering: a second suite of an issuer takes the first suite's
``OfferingFactory`` and, through it, its token and compliance implementations (with the token's
``TokenAdmin``) and the compliance implementation's built-in rule modules. :func:`read_factory` checks,
sending nothing, that all of them run the code this version of sectoken ships (so its typed clients fit them)
and returns their addresses.

How the code is compared: the runtime code of a contract with immutables holds their values, so it cannot
be compared with the artifact's ``deployedBytecode`` as is (that has zeros there), and the shipped artifacts
carry no ``immutableReferences``. Instead each contract's expected runtime code is produced by the node
itself: the shipped creation code, with the constructor arguments the contract was built with, is run in an
``eth_call`` (a contract creation simulated, nothing sent), which returns the runtime code such a deployment
leaves, immutables filled in (the one immutable that holds the contract's own address, OpenZeppelin's
``UUPSUpgradeable.__self``, is set to the real address afterwards). The code on the chain must equal it byte
for byte. The arguments are read from
the chain: the factory's two implementations (its getters), the compliance implementation's built-in modules
(``builtinModules()``); the modules and ``TokenAdmin`` take none. The token implementation's only
immutable, its ``TokenAdmin``, has no getter: its candidates are read from the words where the code differs
from the artifact's zeros, and one of them must rebuild the code exactly (and run ``TokenAdmin``'s).

Example:
    >>> parts = read_factory(w3, "0x...")
    >>> parts.token_implementation, parts.modules["LockUpModule"]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eth_typing import ChecksumAddress
from web3 import Web3
from web3.types import Nonce, TxParams
from web3.utils.address import get_create_address

from sectoken.artifacts import load as load_artifact
from sectoken.contracts import checked_address
from sectoken.contracts.compliance import BUILTIN_MODULES, ModularCompliance
from sectoken.contracts.factory import OfferingFactory
from sectoken.errors import ChainError, ConfigError
from sectoken.suite import MODULE_PREFIX
from sectoken.tx import constructor, retrying

__all__ = ["FactoryParts", "read_factory"]

#: Candidates tried for the token implementation's ``TokenAdmin`` (one is expected).
_MAX_CANDIDATES = 4


@dataclass(frozen=True)
class FactoryParts:
    """An offering factory and what it shares with every offering, all checked to be this version's.

    Attributes:
        factory: The ``OfferingFactory``.
        token_implementation: Its ``SecurityToken`` implementation.
        token_admin: The token implementation's ``TokenAdmin``.
        compliance_implementation: Its ``ModularCompliance`` implementation.
        modules: The compliance implementation's built-in rule modules, by artifact name, in
            :data:`~sectoken.contracts.compliance.BUILTIN_MODULES` order.
    """

    factory: ChecksumAddress
    token_implementation: ChecksumAddress
    token_admin: ChecksumAddress
    compliance_implementation: ChecksumAddress
    modules: dict[str, ChecksumAddress]

    def roles(self) -> Iterator[tuple[str, str, ChecksumAddress]]:
        """(record key, artifact, address) of every part, in the order a suite of its own deploys them."""
        for name, address in self.modules.items():
            yield f"{MODULE_PREFIX}{name}", name, address
        yield "complianceImplementation", "ModularCompliance", self.compliance_implementation
        yield "tokenAdmin", "TokenAdmin", self.token_admin
        yield "tokenImplementation", "SecurityToken", self.token_implementation
        yield "offeringFactory", "OfferingFactory", self.factory


def read_factory(w3: Web3, address: ChecksumAddress) -> FactoryParts:
    """Check, sending nothing, that ``address`` is an offering factory of this version of sectoken, and read
    what it shares.

    Args:
        w3: The connection.
        address: The factory (the ``offeringFactory`` of a suite's record).

    Returns:
        The factory, its implementations, the token implementation's ``TokenAdmin`` and the built-in modules.

    Raises:
        ConfigError: there is no contract at ``address``; it does not answer as an offering factory
            (``tokenImplementation()``, ``complianceImplementation()``); its code, or that of an
            implementation, of ``TokenAdmin`` or of a built-in module, is not what this version's artifacts
            build (deployed by another version of sectoken).
        ChainError: the node cannot be reached.
    """
    if not _code(w3, address):
        raise ConfigError(f"factory {address} has no contract on the connected chain.")
    factory = OfferingFactory(w3, address)
    try:
        token_impl = checked_address(factory.call("tokenImplementation"))
        compliance_impl = checked_address(factory.call("complianceImplementation"))
    except ChainError:
        raise
    except Exception:  # noqa: BLE001 - any refusal or unreadable answer: not an offering factory
        raise ConfigError(
            f"factory {address} does not answer as an offering factory (its tokenImplementation() call fails): "
            "give the offeringFactory address of a suite's record (deployments/<chain-id>/<suite>.json)."
        ) from None
    _check_code(w3, address, address, "its code", "OfferingFactory", token_impl, compliance_impl)
    try:
        builtins = ModularCompliance(w3, compliance_impl).builtin_modules()
    except ChainError:
        raise
    except Exception:  # noqa: BLE001 - no such getter, or another number of modules: another version
        builtins = []
    if len(builtins) != len(BUILTIN_MODULES):
        raise _another_version(address, f"its compliance implementation {compliance_impl}", "ModularCompliance")
    what = f"its compliance implementation {compliance_impl}"
    _check_code(w3, address, compliance_impl, what, "ModularCompliance", builtins)
    modules = dict(zip(BUILTIN_MODULES, builtins, strict=True))
    for name, module in modules.items():
        _check_code(w3, address, module, f"its built-in module {module}", name)
    token_admin = _token_admin(w3, address, token_impl)
    _check_code(w3, address, token_admin, f"its token implementation's TokenAdmin {token_admin}", "TokenAdmin")
    return FactoryParts(address, token_impl, token_admin, compliance_impl, modules)


def _code(w3: Web3, address: str) -> bytes:
    return bytes(retrying(lambda: w3.eth.get_code(checked_address(address)), "eth_getCode"))


def _built(w3: Web3, artifact: str, address: str, *args: Any) -> bytes:
    """The runtime code a deployment of the shipped ``artifact`` with ``args`` at ``address`` leaves (simulated:
    nothing is sent); empty if its constructor refuses the arguments.

    The simulated contract is created at another address than ``address``; an immutable that keeps the
    contract's own address (OpenZeppelin's ``UUPSUpgradeable.__self``) is set to ``address`` afterwards: the
    words of the simulated address where the artifact's runtime code has a zero word.
    """
    try:
        call: TxParams = {"from": _SIMULATOR, "data": constructor(w3, artifact, *args).data_in_transaction}
        nonce = int(retrying(lambda: w3.eth.get_transaction_count(_SIMULATOR, "latest"), "eth_getTransactionCount"))
        built = bytearray(retrying(lambda: w3.eth.call(call, "latest"), "eth_call"))
    except ChainError:
        raise
    except Exception:  # noqa: BLE001 - a constructor that reverts or arguments that do not fit: no such build
        return b""
    simulated = bytes(12) + bytes.fromhex(get_create_address(_SIMULATOR, Nonce(nonce))[2:])
    own = bytes(12) + bytes.fromhex(checked_address(address)[2:])
    template = _runtime_template(artifact)
    start = built.find(simulated)
    while start >= 0:
        if template[start : start + 32] == bytes(32):
            built[start : start + 32] = own
        start = built.find(simulated, start + 1)
    return bytes(built)


#: The account whose contract creations are simulated (the usual burn address: no key, never sends).
_SIMULATOR = checked_address("0x000000000000000000000000000000000000dEaD")


def _runtime_template(artifact: str) -> bytes:
    """The artifact's runtime code as compiled: zeros where immutables go."""
    return bytes.fromhex(load_artifact(artifact).deployed_bytecode.removeprefix("0x"))


def _check_code(w3: Web3, factory: str, address: str, what: str, artifact: str, *args: Any) -> None:
    if _code(w3, address) != _built(w3, artifact, address, *args):
        raise _another_version(factory, what, artifact)


def _another_version(factory: str, what: str, artifact: str) -> ConfigError:
    return ConfigError(
        f"factory {factory} was deployed by another version of sectoken: {what} is not the {artifact} this "
        "version ships, so its clients would not fit it. Deploy with the version that deployed the factory, or "
        "leave `factory:` out to deploy one of this version."
    )


def _token_admin(w3: Web3, factory: str, implementation: ChecksumAddress) -> ChecksumAddress:
    """The ``TokenAdmin`` the token implementation was built with: a candidate read from the immutable words
    of its code that rebuilds that code exactly."""
    code = _code(w3, implementation)
    for candidate in _address_words(code, _runtime_template("SecurityToken")):
        if _built(w3, "SecurityToken", implementation, candidate) == code:
            return candidate
    raise _another_version(factory, f"its token implementation {implementation}", "SecurityToken")


def _address_words(code: bytes, template: bytes) -> list[ChecksumAddress]:
    """Addresses in ``code`` where ``template`` (the artifact's runtime code: zeros where immutables go) has a zero word and
    ``code`` an address word (12 zero bytes, then 20) that differs from it."""
    if len(code) != len(template) or not template:
        return []
    found: list[ChecksumAddress] = []
    for index, (byte, expected) in enumerate(zip(code, template, strict=True)):
        if byte == expected:
            continue
        for start in range(max(0, index - 31), index - 11):
            word = code[start : start + 32]
            if template[start : start + 32] == bytes(32) and len(word) == 32 and word[:12] == bytes(12):
                candidate = Web3.to_checksum_address(word[12:])
                if candidate not in found:
                    found.append(candidate)
        if len(found) >= _MAX_CANDIDATES:
            break
    return found
