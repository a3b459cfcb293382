"""Modular compliance and its rule modules.

:class:`ModularCompliance` holds the modules bound to a token. The rule modules' clients live in
:mod:`sectoken.contracts.modules` (one class per rule; this module re-exports them): a module client is
attached for one compliance (``compliance=``), and :func:`module_client` attaches the right class to a
module address by asking it its name.

Example:
    >>> modules = [module_client(w3, address, compliance=c.address) for address in c.modules()]
    >>> for module in modules:
    ...     print(module.rules(decimals=0))
"""

from __future__ import annotations

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.artifacts import load as load_artifact
from sectoken.contracts import ContractClient, checked_address, checked_uint
from sectoken.tx import Receipt

__all__ = [
    "BUILTIN_MODULES",
    "MODULES",
    "CountryAllowModule",
    "CountryRestrictModule",
    "FlowbackModule",
    "InvestorEligibilityModule",
    "InvestorTypeModule",
    "LockUpModule",
    "MaxBalanceModule",
    "MaxHoldersModule",
    "MinimumHoldingModule",
    "MinimumTransferModule",
    "ModularCompliance",
    "Module",
    "NonAccreditedHoldersModule",
    "SpenderModule",
    "SupplyLimitModule",
    "TransferLimitsModule",
    "describe_country",
    "describe_period",
    "module_client",
]

class ModularCompliance(ContractClient):
    """A deployed ``ModularCompliance``: the modules a token's balance changes must pass."""

    ARTIFACT = "ModularCompliance"

    @classmethod
    def initialize_data(cls, w3: Web3, owner: str) -> bytes:
        """The ``initialize`` call an ``OfferingProxy`` of the compliance is constructed with.

        Args:
            w3: The connection (only to encode the call).
            owner: The compliance's owner (binds the token, manages modules and settings).

        Returns:
            The call data.
        """
        logic = w3.eth.contract(abi=load_artifact(cls.ARTIFACT).abi)
        return bytes.fromhex(logic.encode_abi("initialize", args=[checked_address(owner, "owner")])[2:])

    def is_builtin_module(self, module: str) -> bool:
        """Whether ``module`` is one of the compliance's built-in rule modules."""
        return bool(self.call("isBuiltinModule", checked_address(module, "module")))

    def builtin_modules(self) -> list[ChecksumAddress]:
        """The shared built-in rule modules of the compliance's implementation, by rule number."""
        return [checked_address(a) for a in self.call("builtinModules")]

    def call_module_function(self, module: str, data: bytes) -> Receipt:
        """Call ``module`` with ``data`` as the compliance (owner; ERC-3643's ``callModuleFunction``)."""
        return self.transact("callModuleFunction", bytes(data), checked_address(module, "module"))

    def owner(self) -> ChecksumAddress:
        """The owner (manages modules and their settings)."""
        return checked_address(self.call("owner"))

    def token(self) -> ChecksumAddress:
        """The token bound to the compliance (zero if none)."""
        return checked_address(self.call("getTokenBound"))

    def modules(self) -> list[ChecksumAddress]:
        """The bound modules, in the order they are checked."""
        return [checked_address(a) for a in self.call("getModules")]

    def is_module_bound(self, module: str) -> bool:
        """Whether ``module`` is bound."""
        return bool(self.call("isModuleBound", checked_address(module, "module")))

    def max_modules(self) -> int:
        """How many modules may be bound."""
        return int(self.call("MAX_MODULES"))

    def detect_transfer_restriction(self, sender: str, recipient: str, amount: int) -> int:
        """The first refusing module's code for a plain transfer (0 if every module allows it)."""
        return int(
            self.call(
                "detectTransferRestriction",
                checked_address(sender, "sender"),
                checked_address(recipient, "recipient"),
                checked_uint(amount),
            )
        )

    def can_transfer(self, sender: str, recipient: str, amount: int) -> bool:
        """Whether a plain transfer passes every module."""
        return self.detect_transfer_restriction(sender, recipient, amount) == 0

    def add_module(self, module: str) -> Receipt:
        """Bind ``module`` (owner; the module must serve this compliance)."""
        return self.transact("addModule", checked_address(module, "module"))

    def remove_module(self, module: str) -> Receipt:
        """Unbind ``module`` (owner)."""
        return self.transact("removeModule", checked_address(module, "module"))

    def bind_token(self, token: str) -> Receipt:
        """Bind ``token`` (owner)."""
        return self.transact("bindToken", checked_address(token, "token"))


# The rule modules' clients, re-exported: they import this module's client lazily (no import cycle).
from sectoken.contracts.modules import (
    BUILTIN_MODULES,
    MODULES,
    CountryAllowModule,
    CountryRestrictModule,
    FlowbackModule,
    InvestorEligibilityModule,
    InvestorTypeModule,
    LockUpModule,
    MaxBalanceModule,
    MaxHoldersModule,
    MinimumHoldingModule,
    MinimumTransferModule,
    Module,
    NonAccreditedHoldersModule,
    SpenderModule,
    SupplyLimitModule,
    TransferLimitsModule,
    describe_country,
    describe_period,
    module_client,
)
