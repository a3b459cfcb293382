"""An existing offering factory a suite uses instead of deploying its own (``factory:`` in the configuration).

One implementation serves every offering: a second suite of an issuer takes the first suite's
``OfferingFactory`` and, through it, its token and compliance implementations (with the token's
``TokenAdmin``) and the compliance implementation's built-in rule modules. :func:`read_factory` checks,
sending nothing, that all of them run the code this version of sectoken ships (so its typed clients fit them)
and returns their addresses.

How the code is compared: the runtime code of a contract with immutables holds their values where the
artifact's ``deployedBytecode`` has zeros. The artifacts ship where those places are (solc's
``immutableReferences``, see :mod:`sectoken.artifacts.immutables`), so the code on the chain must equal the
artifact's byte for byte everywhere else (:meth:`~sectoken.artifacts.Artifact.immutables_in`), and the
immutables' values are checked one by one: OpenZeppelin's ``UUPSUpgradeable.__self`` must be the contract's own
address; the factory's implementations must be what its getters say; the compliance implementation's built-in
modules what ``builtinModules()`` says, and each module's rule number its place among them; the token
implementation's ``TokenAdmin`` (an immutable with no getter) is read from its code and must run
``TokenAdmin``'s. One ``eth_getCode`` per contract, and three calls to the factory and its compliance.

Example:
    >>> parts = read_factory(w3, "0x...")
    >>> parts.token_implementation, parts.modules["LockUpModule"]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.artifacts import load as load_artifact
from sectoken.contracts import checked_address
from sectoken.contracts.compliance import BUILTIN_MODULES, ModularCompliance
from sectoken.contracts.factory import OfferingFactory
from sectoken.errors import ChainError, ConfigError
from sectoken.suite import MODULE_PREFIX
from sectoken.tx import retrying

__all__ = ["FactoryParts", "read_existing", "read_factory"]

T = TypeVar("T")

#: The immutable of OpenZeppelin's UUPSUpgradeable that holds the implementation's own address.
_SELF = "UUPSUpgradeable.__self"


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


def read_existing(
    w3: Web3, address: ChecksumAddress, label: str, kind: str, read: Callable[[], T], *, call: str, hint: str
) -> tuple[bytes, T]:
    """Read, sending nothing, an existing contract that a configuration names: it must have code and answer
    ``read`` as a ``kind`` does.

    Args:
        w3: The connection.
        address: The contract.
        label: What the configuration calls it, first in the messages (e.g. ``"factory"``).
        kind: What it must be, e.g. ``"an offering factory"``.
        read: Reads what the caller needs from it (its getters).
        call: The call that shows it is a ``kind``, for the message (e.g. ``"tokenImplementation()"``).
        hint: What to give instead, ending the message.

    Returns:
        Its runtime code and what ``read`` returned.

    Raises:
        ConfigError: ``"<label> <address> has no contract on the connected chain."``, or ``"<label> <address>
            does not answer as <kind> (its <call> call fails): <hint>"``.
        ChainError: the node cannot be reached.
    """
    code = _code(w3, address)
    if not code:
        raise ConfigError(f"{label} {address} has no contract on the connected chain.")
    try:
        return code, read()
    except ChainError:
        raise
    except Exception:  # noqa: BLE001 - any refusal or unreadable answer: not what the configuration says it is
        raise ConfigError(f"{label} {address} does not answer as {kind} (its {call} call fails): {hint}") from None


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
    factory = OfferingFactory(w3, address)
    code, (token_impl, compliance_impl) = read_existing(
        w3, address, "factory", "an offering factory",
        lambda: (checked_address(factory.call("tokenImplementation")),
                 checked_address(factory.call("complianceImplementation"))),
        call="tokenImplementation()",
        hint="give the offeringFactory address of a suite's record (deployments/<chain-id>/<suite>.json).",
    )
    check = _Check(w3, address)
    check.code(code, "its code", "OfferingFactory", {
        "OfferingFactory.tokenImplementation": _word(token_impl),
        "OfferingFactory.complianceImplementation": _word(compliance_impl),
    })
    what = f"its compliance implementation {compliance_impl}"
    try:
        builtins = ModularCompliance(w3, compliance_impl).builtin_modules()
    except ChainError:
        raise
    except Exception:  # noqa: BLE001 - no such getter, or another number of modules: another version
        builtins = []
    if len(builtins) != len(BUILTIN_MODULES):
        raise _another_version(address, what, "ModularCompliance")
    check.at(compliance_impl, what, "ModularCompliance", {
        _SELF: _word(compliance_impl),
        **{f"ModularCompliance._builtin{rule}": _word(module) for rule, module in enumerate(builtins)},
    })
    modules = dict(zip(BUILTIN_MODULES, builtins, strict=True))
    for rule, (name, module) in enumerate(modules.items()):
        check.at(module, f"its built-in module {module}", name, {"AbstractModule._ruleId": rule.to_bytes(32, "big")})
    values = check.at(token_impl, f"its token implementation {token_impl}", "SecurityToken",
                      {_SELF: _word(token_impl)}, read=("SecurityToken._admin",))
    admin_word = values["SecurityToken._admin"]
    if admin_word[:12] != bytes(12):
        raise _another_version(address, f"its token implementation {token_impl}", "SecurityToken")
    token_admin = Web3.to_checksum_address(admin_word[12:])
    check.at(token_admin, f"its token implementation's TokenAdmin {token_admin}", "TokenAdmin", {})
    return FactoryParts(address, token_impl, token_admin, compliance_impl, modules)


def _code(w3: Web3, address: str) -> bytes:
    return bytes(retrying(lambda: w3.eth.get_code(checked_address(address)), "eth_getCode"))


def _word(address: str) -> bytes:
    """An address as an immutable holds it: one 32-byte word."""
    return bytes(12) + bytes.fromhex(checked_address(address)[2:])


@dataclass(frozen=True)
class _Check:
    """Checks the parts of one factory, refusing the first that is not this version's."""

    w3: Web3
    factory: ChecksumAddress

    def at(
        self, address: ChecksumAddress, what: str, artifact: str, expected: Mapping[str, bytes],
        read: tuple[str, ...] = (),
    ) -> dict[str, bytes]:
        """:meth:`code` of the contract at ``address``."""
        return self.code(_code(self.w3, address), what, artifact, expected, read)

    def code(
        self, code: bytes, what: str, artifact: str, expected: Mapping[str, bytes], read: tuple[str, ...] = ()
    ) -> dict[str, bytes]:
        """Refuse ``code`` unless it is ``artifact``'s runtime code with the ``expected`` immutables' values;
        return the values of the immutables named in ``read`` (checked by the caller)."""
        shipped = load_artifact(artifact)
        known = set(expected) | set(read)
        if known != set(shipped.immutable_references):
            unknown = ", ".join(sorted(set(shipped.immutable_references) ^ known))
            raise AssertionError(f"the check of a shared {artifact} does not match its immutables ({unknown})")
        values = shipped.immutables_in(code)
        if values is None or any(values[name] != value for name, value in expected.items()):
            raise _another_version(self.factory, what, artifact)
        return {name: values[name] for name in read}


def _another_version(factory: str, what: str, artifact: str) -> ConfigError:
    return ConfigError(
        f"factory {factory} was deployed by another version of sectoken: {what} is not the {artifact} this "
        "version ships, so its clients would not fit it. Deploy with the version that deployed the factory, or "
        "leave `factory:` out to deploy one of this version."
    )
