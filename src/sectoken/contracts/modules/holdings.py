"""Clients of the rules on holdings: balances, holder counts, minimums, the supply."""

from __future__ import annotations

from sectoken.claims import topic_name
from sectoken.contracts import checked_address, checked_uint
from sectoken.contracts.modules.base import (
    Module,
    describe_country,
    rule_topic,
)
from sectoken.contracts.units import format_amount
from sectoken.countries import country_code
from sectoken.inputs import BALANCE_BITS
from sectoken.tx import Receipt

__all__ = ["MaxBalanceModule", "MaxHoldersModule", "MinimumHoldingModule", "NonAccreditedHoldersModule", "SupplyLimitModule"]


class MaxBalanceModule(Module):
    """Caps what one identity holds over all its wallets (code 18)."""

    ARTIFACT = "MaxBalanceModule"
    RULE = "MaxBalance"

    def max_balance(self) -> int:
        """The cap per identity (0: none)."""
        return int(self.view("maxBalance"))

    def identity_balance(self, identity: str) -> int:
        """What ``identity`` holds as the module counted it."""
        return int(self.view("identityBalance", checked_address(identity, "identity")))

    def set_max_balance(self, amount: int) -> Receipt:
        """Set the cap per identity (the compliance's owner, through the compliance; 0: none).

        Raises:
            ValidationError: ``amount`` does not fit the token's 112-bit balances (nothing is sent).
        """
        return self.configure("setMaxBalance", checked_uint(amount, "maximum balance", BALANCE_BITS))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        cap = self.max_balance()
        if not cap:
            return ["No maximum holding is set."]
        return [f"An investor may hold at most {format_amount(cap, decimals)} tokens, all their wallets together."]


class MaxHoldersModule(Module):
    """Caps the number of identities holding a balance, overall and per country (code 19)."""

    ARTIFACT = "MaxHoldersModule"
    RULE = "MaxHolders"

    def holders(self) -> tuple[int, int]:
        """The overall (cap, count); a cap of 0 means none."""
        cap, count = self.view("holders")
        return int(cap), int(count)

    def country_holders(self, country: int | str) -> tuple[int, int]:
        """The (cap, count) of holders from ``country``."""
        cap, count = self.view("countryHolders", country_code(country))
        return int(cap), int(count)

    def holding(self, identity: str) -> tuple[int, int]:
        """What ``identity`` holds and the country it is counted under."""
        balance, country = self.view("holding", checked_address(identity, "identity"))
        return int(balance), int(country)

    def set_holder_cap(self, cap: int) -> Receipt:
        """Set the overall cap (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setHolderCap", checked_uint(cap, "cap", 32))

    def set_country_holder_cap(self, country: int | str, cap: int) -> Receipt:
        """Set the cap for holders from ``country`` (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setCountryHolderCap", country_code(country), checked_uint(cap, "cap", 32))

    def configured_countries(self, from_block: int = 0) -> list[int]:
        """Countries given a cap since ``from_block`` (from the module's events)."""
        return self._event_countries(("CountryHolderCapSet",), from_block)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        cap, count = self.holders()
        if cap:
            out.append(f"At most {cap:,} investors may hold the token ({count:,} do now).")
        for country in self.configured_countries(from_block):
            country_cap, country_count = self.country_holders(country)
            if country_cap:
                out.append(
                    f"At most {country_cap:,} investors in {describe_country(country)} may hold the token "
                    f"({country_count:,} do now)."
                )
        return out or [f"No holder cap is set ({count:,} holders now)."]


class NonAccreditedHoldersModule(Module):
    """A cap on the holders without the accredited claim, section 12(g) style (code 25)."""

    ARTIFACT = "NonAccreditedHoldersModule"
    RULE = "NonAccreditedHolders"

    def non_accredited_holders(self) -> tuple[int, int, int | None]:
        """The cap (0: none), the number of non-accredited holders counted, and the accredited topic (None:
        not set, every holder counts)."""
        cap, count, topic = self.view("nonAccreditedHolders")
        return int(cap), int(count), None if int(topic) >= 2**255 else int(topic)

    def set_cap(self, cap: int) -> Receipt:
        """Set the cap of non-accredited holders (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setNonAccreditedHolderCap", checked_uint(cap, "cap", 32))

    def set_accredited_topic(self, topic: int | str) -> Receipt:
        """Set the claim topic of accredited investors (number or name, e.g. ``"accredited"``)."""
        return self.configure("setAccreditedTopic", rule_topic(topic, "The accredited topic"))

    def set_non_accredited_holders(self, cap: int, topic: int | str) -> Receipt:
        """Set the cap of non-accredited holders and the accredited topic in one transaction."""
        return self.configure("setNonAccreditedHolders", checked_uint(cap, "cap", 32),
                              rule_topic(topic, "The accredited topic"))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        cap, count, topic = self.non_accredited_holders()
        who = f"without the {topic_name(topic)} claim" if topic is not None else "(every holder counts)"
        if not cap:
            return [f"No cap on holders {who} ({count:,} hold now)."]
        return [f"At most {cap:,} investors {who} may hold the token ({count:,} do now)."]


class MinimumHoldingModule(Module):
    """Minimum holdings, per country if set, and optionally whole-position transfers (codes 26, 27)."""

    ARTIFACT = "MinimumHoldingModule"
    RULE = "MinimumHolding"

    def minimum_holding(self) -> tuple[int, bool]:
        """The token's minimum holding (0: none) and whether holders must transfer all they hold."""
        amount, full = self.view("minimumHolding")
        return int(amount), bool(full)

    def country_minimum_holding(self, country: int | str) -> int:
        """``country``'s own minimum holding (0: the token's applies)."""
        own, _ = self.view("countryMinimums", country_code(country))
        return int(own)

    def set_minimum_holding(self, amount: int) -> Receipt:
        """Set the token's minimum holding (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setMinimumHolding", checked_uint(amount, "minimum holding", BALANCE_BITS))

    def set_country_minimum_holding(self, country: int | str, amount: int) -> Receipt:
        """Set ``country``'s own minimum holding (0: the token's applies)."""
        return self.configure(
            "setCountryMinimumHolding", country_code(country), checked_uint(amount, "minimum holding", BALANCE_BITS)
        )

    def set_full_transfer(self, on: bool) -> Receipt:
        """Require (or not) that a holder's transfer moves its whole holding."""
        return self.configure("setFullTransfer", bool(on))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        amount, full = self.minimum_holding()
        out = []
        if amount:
            out.append(
                f"An investor holds either nothing or at least {format_amount(amount, decimals)} tokens, "
                "all their wallets together."
            )
        for country in self._event_countries(("CountryMinimumHoldingSet",), from_block):
            own = self.country_minimum_holding(country)
            if own:
                out.append(
                    f"An investor in {describe_country(country)} holds either nothing or at least "
                    f"{format_amount(own, decimals)} tokens."
                )
        if full:
            out.append("A holder may only transfer their whole holding.")
        return out or ["No minimum holding is set."]


class SupplyLimitModule(Module):
    """Caps the total supply (code 20)."""

    ARTIFACT = "SupplyLimitModule"
    RULE = "SupplyLimit"

    def supply_limit(self) -> int:
        """The supply limit (0: none)."""
        return int(self.view("supplyLimit"))

    def supply(self) -> int:
        """The supply as the module counted it."""
        return int(self.view("supply"))

    def set_supply_limit(self, limit: int) -> Receipt:
        """Set the supply limit (the compliance's owner, through the compliance; 0: none).

        Raises:
            ValidationError: ``limit`` does not fit the token's 112-bit supply (nothing is sent).
        """
        return self.configure("setSupplyLimit", checked_uint(limit, "supply limit", BALANCE_BITS))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        limit = self.supply_limit()
        if not limit:
            return ["No supply limit is set."]
        supply = format_amount(self.supply(), decimals)
        return [f"At most {format_amount(limit, decimals)} tokens may be in issue ({supply} are now)."]
