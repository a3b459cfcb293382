"""Claim topics: the names sectoken uses and the numbers the identity registry stores (0-95).

The names and the parsing live in the input layer (:mod:`sectoken.inputs`), re-exported here.

Topics are bits of the registry's topic bitmap (``Investor.topics``): bit ``t`` is topic ``t``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sectoken.inputs import MAX_TOPICS, TOPICS, parse_topic, parse_topics

__all__ = ["MAX_TOPICS", "TOPICS", "mask_topics", "parse_topic", "parse_topics", "topic_name", "topics_mask"]

_NAMES = {number: name for name, number in TOPICS.items()}


def topic_name(number: int) -> str:
    """The name of a topic number (the number itself, as text, for topics without a name)."""
    return _NAMES.get(number, str(number))


def topics_mask(topics: Iterable[str | int]) -> int:
    """The bitmap of some topics, as the registry and the eligibility module store it."""
    mask = 0
    for topic in topics:
        mask |= 1 << parse_topic(topic)
    return mask


def mask_topics(mask: int) -> tuple[int, ...]:
    """The topics set in a bitmap, ascending."""
    return tuple(t for t in range(MAX_TOPICS) if mask >> t & 1)
