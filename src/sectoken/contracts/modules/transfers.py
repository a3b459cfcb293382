"""Clients of the rules on moving tokens: lock-ups, transfer limits and minimums, spenders."""

from __future__ import annotations

from eth_typing import ChecksumAddress

from sectoken.contracts import checked_address, checked_uint
from sectoken.contracts.modules.base import (
    Module,
    describe_country,
    describe_period,
)
from sectoken.contracts.units import format_amount
from sectoken.countries import country_code
from sectoken.inputs import BALANCE_BITS, TRANSFER_LIMIT_BITS
from sectoken.tx import Receipt

__all__ = ["LockUpModule", "MinimumTransferModule", "SpenderModule", "TransferLimitsModule"]


class LockUpModule(Module):
    """Tokens issued stay locked for a period depending on the recipient's country (code 21)."""

    ARTIFACT = "LockUpModule"
    RULE = "LockUp"

    def lock_up_period(self, country: int | str) -> int:
        """The lock-up (seconds) for tokens issued to recipients from ``country``."""
        return int(self.view("lockUpPeriod", country_code(country)))

    def locked_balance(self, wallet: str) -> int:
        """Tokens of ``wallet`` still locked now."""
        return int(self.view("lockedBalance", checked_address(wallet, "wallet")))

    def lots(self, wallet: str) -> list[tuple[int, int]]:
        """The lots of ``wallet`` as (amount, unlock time), oldest first."""
        amounts, times = self.view("lots", checked_address(wallet, "wallet"))
        return [(int(a), int(t)) for a, t in zip(amounts, times, strict=True)]

    def default_period(self) -> int:
        """The lock-up (seconds) for countries without their own, read from :meth:`describe` (the module
        has no getter for it)."""
        digits = self.describe().rsplit(" ", 1)[-1].removesuffix("s")  # "LockUp: default period <n>s"
        return int(digits) if digits.isdigit() else 0

    def set_lock_up_period(self, country: int | str, seconds: int) -> Receipt:
        """Set the lock-up for recipients from ``country`` (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setLockUpPeriod", country_code(country), checked_uint(seconds, "period", 64))

    def clear_lock_up_period(self, country: int | str) -> Receipt:
        """Make ``country`` use the default period again (the compliance's owner, through the compliance)."""
        return self.configure("clearLockUpPeriod", country_code(country))

    def set_default_period(self, seconds: int) -> Receipt:
        """Set the lock-up for countries without their own (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setDefaultLockUpPeriod", checked_uint(seconds, "period", 64))

    def configured_countries(self, from_block: int = 0) -> list[int]:
        """Countries given a period of their own since ``from_block`` (from the module's events)."""
        return self._event_countries(("LockUpPeriodSet", "LockUpPeriodCleared"), from_block)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        default = self.default_period()
        if default:
            out.append(f"Tokens issued to any investor are locked for {describe_period(default)}.")
        for country in self.configured_countries(from_block):
            seconds = self.lock_up_period(country)
            if seconds != default:
                lock = f"locked for {describe_period(seconds)}" if seconds else "not locked"
                out.append(f"Tokens issued to investors in {describe_country(country)} are {lock}.")
        return out or ["No lock-up is set."]


class TransferLimitsModule(Module):
    """Per identity, at most so many tokens moved out per window of time (code 23)."""

    ARTIFACT = "TransferLimitsModule"
    RULE = "TransferLimits"

    def transfer_limits(self) -> dict[int, int]:
        """The limits by window length in seconds."""
        windows, limits = self.view("transferLimits")
        return {int(w): int(amount) for w, amount in zip(windows, limits, strict=True)}

    def moved_in_window(self, identity: str, window: int) -> int:
        """What ``identity`` has moved out in its current window of ``window`` seconds."""
        return int(self.view("movedInWindow", checked_address(identity, "identity"), checked_uint(window, "window", 32)))

    def set_transfer_limit(self, window: int, limit: int) -> Receipt:
        """Set the limit for windows of ``window`` seconds (the compliance's owner, through the compliance; 0 removes it).

        Raises:
            ValidationError: ``window`` does not fit 32 bits or ``limit`` the token's 88-bit window limit (nothing
                is sent).
        """
        return self.configure(
            "setTransferLimit", checked_uint(window, "window", 32), checked_uint(limit, "transfer limit", TRANSFER_LIMIT_BITS)
        )

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        return [
            f"An investor may move out at most {format_amount(limit, decimals)} tokens per {describe_period(window)}."
            for window, limit in sorted(self.transfer_limits().items())
        ] or ["No transfer limit is set."]


class MinimumTransferModule(Module):
    """A minimum amount per transfer, by the sender's country (code 28)."""

    ARTIFACT = "MinimumTransferModule"
    RULE = "MinimumTransfer"

    def country_minimum_transfer(self, country: int | str) -> int:
        """The minimum transfer for senders from ``country`` (0: none)."""
        return int(self.view("countryMinimumTransfer", country_code(country)))

    def set_country_minimum_transfer(self, country: int | str, amount: int) -> Receipt:
        """Set the minimum transfer for senders from ``country`` (the compliance's owner, through the compliance)."""
        return self.configure(
            "setCountryMinimumTransfer", country_code(country), checked_uint(amount, "minimum transfer", BALANCE_BITS)
        )

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        for country in self._event_countries(("CountryMinimumTransferSet",), from_block):
            amount = self.country_minimum_transfer(country)
            if amount:
                out.append(
                    f"An investor in {describe_country(country)} transfers at least "
                    f"{format_amount(amount, decimals)} tokens at a time."
                )
        return out or ["No minimum transfer is set."]


class SpenderModule(Module):
    """``transferFrom`` only by verified investors and listed operators (code 30)."""

    ARTIFACT = "SpenderModule"
    RULE = "Spender"

    def is_operator(self, operator: str) -> bool:
        """Whether ``operator`` is listed."""
        return bool(self.view("isOperator", checked_address(operator, "operator")))

    def set_operator(self, operator: str, listed: bool = True) -> Receipt:
        """List (or unlist) ``operator`` (the compliance's owner, through the compliance)."""
        return self.configure("setOperator", checked_address(operator, "operator"), bool(listed))

    def operators(self, from_block: int = 0) -> list[ChecksumAddress]:
        """The operators listed now, from the module's events since ``from_block``."""
        seen: dict[ChecksumAddress, None] = {}
        event = self.contract.events["OperatorListed"]
        for log in event.get_logs(from_block=from_block, argument_filters={"compliance": self._compliance()}):
            seen[checked_address(log["args"]["operator"])] = None
        return [address for address in seen if self.is_operator(address)]

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        listed = ", ".join(self.operators(from_block)) or "none"
        return [f"Only verified investors and the listed operators ({listed}) may spend an allowance (transferFrom)."]
