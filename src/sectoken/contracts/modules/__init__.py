"""Clients of the built-in rule modules, one class per rule, and :func:`module_client`, which attaches the
right class to a module address.

The built-in rule modules are shared by every compliance of an implementation, so a module client is
attached for one compliance (``compliance=``): its reads pass that compliance, and its setters are sent to
the compliance's ``callModuleFunction`` (by the compliance's owner), as ERC-3643 tools do. Each class wraps
one rule with typed setters and reads, and explains its current configuration in words
(:meth:`Module.rules`).
"""

from __future__ import annotations

from typing import Any

from web3 import Web3

from sectoken.contracts.modules.base import Module, describe_country, describe_period
from sectoken.contracts.modules.countries import (
    CountryAllowModule,
    CountryRestrictModule,
    FlowbackModule,
    InvestorEligibilityModule,
    InvestorTypeModule,
)
from sectoken.contracts.modules.holdings import (
    MaxBalanceModule,
    MaxHoldersModule,
    MinimumHoldingModule,
    NonAccreditedHoldersModule,
    SupplyLimitModule,
)
from sectoken.contracts.modules.transfers import (
    LockUpModule,
    MinimumTransferModule,
    SpenderModule,
    TransferLimitsModule,
)
from sectoken.errors import RevertError, ValidationError
from sectoken.signers import Signer

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
    "Module",
    "NonAccreditedHoldersModule",
    "SpenderModule",
    "SupplyLimitModule",
    "TransferLimitsModule",
    "describe_country",
    "describe_period",
    "module_client",
]

#: Module classes by artifact name.
MODULES: dict[str, type[Module]] = {
    cls.ARTIFACT: cls
    for cls in (
        CountryAllowModule,
        CountryRestrictModule,
        InvestorEligibilityModule,
        LockUpModule,
        TransferLimitsModule,
        MaxBalanceModule,
        MaxHoldersModule,
        SupplyLimitModule,
        FlowbackModule,
        NonAccreditedHoldersModule,
        MinimumHoldingModule,
        MinimumTransferModule,
        InvestorTypeModule,
        SpenderModule,
    )
}
_BY_RULE = {cls.RULE: cls for cls in MODULES.values()}
#: The built-in rule modules' artifacts by rule number (the order `ModularCompliance`'s constructor takes).
BUILTIN_MODULES: tuple[str, ...] = (
    "CountryAllowModule",
    "CountryRestrictModule",
    "MaxBalanceModule",
    "MaxHoldersModule",
    "SupplyLimitModule",
    "LockUpModule",
    "InvestorEligibilityModule",
    "TransferLimitsModule",
    "FlowbackModule",
    "NonAccreditedHoldersModule",
    "MinimumHoldingModule",
    "MinimumTransferModule",
    "InvestorTypeModule",
    "SpenderModule",
)


def module_client(
    w3: Web3, address: str, signer: Signer | None = None, *, compliance: str | None = None, **options: Any
) -> Module:
    """Attach the right module class to a module address, by asking the module its ``name()``.

    Args:
        w3: The connection.
        address: The module.
        signer: Who sends configuration calls (the compliance owner), if any.
        compliance: The compliance whose rule the client reads and sets.
        **options: Other :class:`ContractClient` options (``confirmations``).

    Returns:
        The typed module client.

    Raises:
        ValidationError: the contract is not a compliance module, or not one sectoken knows.
    """
    probe = CountryAllowModule(w3, address, signer, **options)  # any module ABI has name()
    try:
        rule = probe.name()
    except RevertError:
        raise ValidationError(f"{address} is not a compliance module (it has no name()).") from None
    cls = _BY_RULE.get(rule)
    if cls is None:
        raise ValidationError(f"{address} is a module sectoken does not know ({rule!r}).")
    return cls(w3, address, signer, compliance=compliance, **options)
