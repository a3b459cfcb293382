"""Claim topics: the names sectoken uses and the numbers the identity registry stores.

Topics are bits of the registry's topic bitmap (``Investor.topics``): bit ``t`` is topic ``t``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from sectoken.errors import ValidationError

__all__ = ["TOPICS", "mask_topics", "parse_topic", "parse_topics", "topic_name", "topics_mask"]

#: Topic names to numbers.
TOPICS: dict[str, int] = {
    "kyc": 1,  # identity verified (know your customer)
    "aml": 2,  # anti-money-laundering screening passed
    "accredited": 3,  # US accredited investor
    "qualified-purchaser": 4,  # US qualified purchaser
    "professional": 5,  # UK professional client
    "hnw": 6,  # UK certified high-net-worth investor
    "sophisticated": 7,  # UK certified sophisticated investor
    "non-us-person": 8,  # not a US person (Regulation S)
}
_NAMES = {number: name for name, number in TOPICS.items()}
_MAX_TOPIC = 255  # the registry's bitmap has 256 bits


def parse_topic(value: str | int) -> int:
    """One topic, by name (any case, ``_`` or ``-``) or number.

    Raises:
        ValidationError: an unknown name (the message lists the valid names) or a number outside 0-255.
    """
    if isinstance(value, bool):
        raise ValidationError(f"Unknown claim topic {value!r}. Valid names: {', '.join(TOPICS)}.")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        number = int(value)
        if not 0 <= number <= _MAX_TOPIC:
            raise ValidationError(f"Claim topic {number} is out of range: topics are 0-{_MAX_TOPIC}.")
        return number
    if not isinstance(value, str):
        raise ValidationError(f"Unknown claim topic {value!r}. Valid names: {', '.join(TOPICS)}.")
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    if key in TOPICS:
        return TOPICS[key]
    close = difflib.get_close_matches(key, list(TOPICS), n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValidationError(f"Unknown claim topic {value!r}.{hint} Valid names: {', '.join(TOPICS)}.")


def parse_topics(value: str | int | Iterable[str | int]) -> tuple[int, ...]:
    """Topics from a name, a number, a comma-separated list (``"kyc, accredited"``) or an iterable of
    those, in order, without duplicates."""
    items: Iterable[str | int]
    if isinstance(value, (int, str)):
        items = [part for part in str(value).split(",") if part.strip()] if isinstance(value, str) else [value]
    else:
        items = value
    return tuple(dict.fromkeys(parse_topic(item) for item in items))


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
    return tuple(t for t in range(_MAX_TOPIC + 1) if mask >> t & 1)
