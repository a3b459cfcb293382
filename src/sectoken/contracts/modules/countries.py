"""Clients of the rules on who may receive: countries, claims, investor types, Reg S flowback."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sectoken.claims import mask_topics, topic_name, topics_mask
from sectoken.contracts import checked_uint
from sectoken.contracts.modules.base import (
    Module,
    country_list,
    describe_country,
    needs_text,
    rule_topic,
    rule_topic_mask,
)
from sectoken.countries import country_code
from sectoken.errors import ValidationError
from sectoken.tx import Receipt

__all__ = ["CountryAllowModule", "CountryRestrictModule", "FlowbackModule", "InvestorEligibilityModule", "InvestorTypeModule"]


class CountryAllowModule(Module):
    """Recipients must come from an allowed country (code 16)."""

    ARTIFACT = "CountryAllowModule"
    RULE = "CountryAllow"

    def allowed_countries(self) -> tuple[int, ...]:
        """The allowed countries, ascending."""
        return tuple(sorted(int(c) for c in self.view("allowedCountries")))

    def is_country_allowed(self, country: int | str) -> bool:
        """Whether recipients from ``country`` are allowed."""
        return bool(self.view("isCountryAllowed", country_code(country)))

    def allow_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Add countries to the allow-list (the compliance's owner, through the compliance)."""
        return self.configure("allowCountries", country_list(countries))

    def disallow_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Remove countries from the allow-list (the compliance's owner, through the compliance)."""
        return self.configure("disallowCountries", country_list(countries))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        allowed = self.allowed_countries()
        if not allowed:
            return ["Tokens may go to no investor: the list of allowed countries is empty."]
        return [f"Tokens may go only to investors in: {', '.join(describe_country(c) for c in allowed)}."]


class CountryRestrictModule(Module):
    """Recipients from a restricted country are refused (code 17)."""

    ARTIFACT = "CountryRestrictModule"
    RULE = "CountryRestrict"

    def restricted_countries(self) -> tuple[int, ...]:
        """The restricted countries, ascending."""
        return tuple(sorted(int(c) for c in self.view("restrictedCountries")))

    def is_country_restricted(self, country: int | str) -> bool:
        """Whether recipients from ``country`` are refused."""
        return bool(self.view("isCountryRestricted", country_code(country)))

    def restrict_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Restrict countries (the compliance's owner, through the compliance)."""
        return self.configure("restrictCountries", country_list(countries))

    def unrestrict_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Lift restrictions (the compliance's owner, through the compliance)."""
        return self.configure("unrestrictCountries", country_list(countries))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        restricted = self.restricted_countries()
        if not restricted:
            return ["No country is restricted."]
        return [f"Tokens may not go to investors in: {', '.join(describe_country(c) for c in restricted)}."]


class InvestorEligibilityModule(Module):
    """Per country, the claim topics a recipient must hold (code 22)."""

    ARTIFACT = "InvestorEligibilityModule"
    RULE = "InvestorEligibility"

    def rule(self, country: int | str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The rule for ``country``: (any-of topics, all-of topics); two empty tuples when there is none."""
        any_of, all_of = self.view("eligibilityRule", country_code(country))
        return mask_topics(int(any_of)), mask_topics(int(all_of))

    def rule_countries(self) -> tuple[int, ...]:
        """Countries with a rule, ascending."""
        return tuple(sorted(int(c) for c in self.view("ruleCountries")))

    def set_rule(
        self, country: int | str, *, any_of: Iterable[int | str] = (), all_of: Iterable[int | str] = ()
    ) -> Receipt:
        """Set the rule for recipients from ``country`` (the compliance's owner, through the compliance); no topics at all removes it."""
        any_mask, all_mask = topics_mask(any_of), topics_mask(all_of)
        if (any_mask | all_mask) >> 128:
            raise ValidationError("Eligibility rules cover claim topics 0-127 only.")
        return self.configure("setEligibilityRule", country_code(country), any_mask, all_mask)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        for country in self.rule_countries():
            any_raw, all_raw = self.view("eligibilityRule", country)
            out.append(f"Investors in {describe_country(country)} must hold: {needs_text(int(any_raw), int(all_raw))}.")
        return out or ["No eligibility rule is set."]


class InvestorTypeModule(Module):
    """Per country, the claims required of entities (code 29)."""

    ARTIFACT = "InvestorTypeModule"
    RULE = "InvestorType"

    def entity_rule(self, country: int | str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The entity rule of ``country``: (any-of topics, all-of topics); empty when there is none."""
        any_of, all_of = self.view("entityEligibility", country_code(country))
        return mask_topics(int(any_of)), mask_topics(int(all_of))

    def set_entity_rule(
        self, country: int | str, *, any_of: Iterable[int | str] = (), all_of: Iterable[int | str] = ()
    ) -> Receipt:
        """Set the claims entities from ``country`` need (the compliance's owner, through the compliance); no
        topics at all removes the rule."""
        any_mask = rule_topic_mask(any_of, "Entity rules")
        all_mask = rule_topic_mask(all_of, "Entity rules")
        return self.configure("setEntityEligibility", country_code(country), any_mask, all_mask)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        for country in self._event_countries(("EntityEligibilitySet",), from_block):
            any_raw, all_raw = self.view("entityEligibility", country)
            if int(any_raw) or int(all_raw):
                out.append(
                    f"Entities in {describe_country(country)} must hold: {needs_text(int(any_raw), int(all_raw))} "
                    "(individuals meet the country's eligibility rule)."
                )
        return out or ["No rule for entities is set: entities meet their country's eligibility rule."]


class FlowbackModule(Module):
    """Regulation S flowback: no US person receives the security until the period ends (code 24)."""

    ARTIFACT = "FlowbackModule"
    RULE = "Flowback"

    def flowback(self) -> tuple[int, int | None]:
        """The end of the distribution compliance period (unix seconds, 0: none) and the non-US-person topic
        (None when not set)."""
        end, topic = self.view("flowback")
        return int(end), None if int(topic) >= 2**255 else int(topic)

    def set_flowback_end(self, end_time: int) -> Receipt:
        """Set the end of the period (the compliance's owner, through the compliance; 0: no period).

        Raises:
            ValidationError: ``end_time`` does not fit 40 bits (nothing is sent).
        """
        return self.configure("setFlowbackEnd", checked_uint(end_time, "flowback end", 40))

    def set_non_us_person_topic(self, topic: int | str) -> Receipt:
        """Set the claim topic that certifies a non-US person (number or name, e.g. ``"non-us-person"``)."""
        return self.configure("setNonUsPersonTopic", rule_topic(topic, "The non-US-person topic"))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        end, topic = self.flowback()
        if not end:
            return ["No distribution compliance period is set (no flowback restriction)."]
        when = datetime.fromtimestamp(end, UTC).strftime("%Y-%m-%d %H:%M UTC")
        who = "an investor in the United States"
        if topic is not None:
            who += f" or without the {topic_name(topic)} claim"
        return [f"Until {when} (the distribution compliance period) the security may not go to {who}."]
