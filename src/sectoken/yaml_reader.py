"""The one YAML reader of the suite configuration (:mod:`sectoken.config`) and the rule packs
(:mod:`sectoken.jurisdictions`): it walks the node tree so that every refusal names ``file:line``, and parses
each value with the shared input layer (:mod:`sectoken.inputs`), so a country, a topic, an amount or a
period reads the same in a suite file, a pack, a CSV row and on the command line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

import yaml
from eth_typing import ChecksumAddress

from sectoken.errors import ConfigError, ValidationError
from sectoken.inputs import (
    parse_address,
    parse_amount,
    parse_country,
    parse_period,
    parse_tokens,
    parse_topic,
    uint_max,
)

__all__ = ["MAX_LOCK_UP", "Entries", "NodeReader", "compose_yaml"]

#: The longest lock-up the LockUp rule accepts (10 years).
MAX_LOCK_UP = 3650 * 86_400

#: A mapping's entries by normalised key: (key node, value node).
Entries = dict[str, tuple[yaml.Node, yaml.Node]]

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
_T = TypeVar("_T")


def compose_yaml(text: str, source: object) -> yaml.Node | None:
    """The node tree of a YAML text.

    Raises:
        ConfigError: not valid YAML, naming ``source:line``.
    """
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        raise ConfigError(f"{source}:{line}: not valid YAML: {error.problem}.") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{source}: not valid YAML: {error}.") from None


class NodeReader:
    """Reads values out of YAML nodes; every error is a :class:`ConfigError` naming ``source:line``.

    Args:
        source: The file name used in messages.
        key_style: ``"_"`` (keys read as ``snake_case``) or ``"-"`` (``kebab-case``); either spelling is
            accepted in the file.
    """

    def __init__(self, source: object, *, key_style: str = "_") -> None:
        self.source = str(source)
        self.key_style = key_style

    # --- structure --------------------------------------------------------------------------------

    def fail(self, node: yaml.Node | None, message: str) -> ConfigError:
        """A :class:`ConfigError` at ``node``'s line (line 1 without a node)."""
        line = node.start_mark.line + 1 if node is not None else 1
        return ConfigError(f"{self.source}:{line}: {message}")

    def key(self, name: str) -> str:
        """A key as the reader compares it: lower case, in the reader's style."""
        other = "-" if self.key_style == "_" else "_"
        return name.strip().lower().replace(other, self.key_style)

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        allowed: Sequence[str],
        required: Sequence[str] = (),
        *,
        key: yaml.Node | None = None,
    ) -> Entries:
        """The entries of a mapping by normalised key; ``key`` (the mapping's own key) is where a missing
        required entry is reported."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values.")
        out: Entries = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, f"keys of {what} must be plain words.")
            name = self.key(str(key_node.value))
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                raise self.fail(
                    key_node, f"unknown key '{key_node.value}' in {what}.{hint} Known keys: {', '.join(allowed)}."
                )
            if name in out:
                raise self.fail(key_node, f"duplicate key '{key_node.value}' in {what}.")
            out[name] = (key_node, value)
        for name in required:
            if name not in out:
                raise self.fail(key or node, f"{what} needs a '{name}' key.")
        return out

    def is_null(self, node: yaml.Node) -> bool:
        """Whether the node is YAML's null (``null``, ``~`` or nothing)."""
        return isinstance(node, yaml.ScalarNode) and node.tag == NULL

    def scalar(self, node: yaml.Node, what: str) -> str:
        """A single value, as text."""
        if not isinstance(node, yaml.ScalarNode) or node.tag == NULL:
            raise self.fail(node, f"{what} must be a single value.")
        return str(node.value)

    def value(self, node: yaml.Node, what: str) -> str | int:
        """A single value: an integer when YAML reads one (``076`` is 76, not octal), else text."""
        raw = self.scalar(node, what)
        if node.tag == INT:
            digits = raw.replace("_", "")
            return int(digits, 10) if re.fullmatch(r"[-+]?\d+", digits) else int(digits, 0)
        return raw

    def sequence(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> list[yaml.Node]:
        """The items of a list; a single value is a list of one, ``"a, b"`` a list of two."""
        if isinstance(node, yaml.ScalarNode) and node.tag == STR and "," in node.value:
            return [
                yaml.ScalarNode(STR, part.strip(), node.start_mark, node.end_mark)
                for part in str(node.value).split(",")
                if part.strip()
            ]
        if isinstance(node, yaml.ScalarNode) and node.tag != NULL:
            return [node]
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list.")
        if not node.value and not allow_empty:
            raise self.fail(node, f"{what} must not be empty.")
        return list(node.value)

    def optional(self, entries: Entries, key: str, read: Callable[[yaml.Node], _T]) -> _T | None:
        """``read`` of an entry, or ``None`` when it is absent."""
        if key not in entries:
            return None
        return read(entries[key][1])

    # --- plain values -----------------------------------------------------------------------------

    def text(self, node: yaml.Node, what: str, *, max_length: int = 100) -> str:
        """Non-empty text of at most ``max_length`` characters."""
        value = self.scalar(node, what).strip()
        if not value:
            raise self.fail(node, f"{what} must not be empty.")
        if len(value) > max_length:
            raise self.fail(node, f"{what} is longer than {max_length} characters.")
        return value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        """``true`` or ``false``."""
        if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
            return str(node.value).lower() in ("true", "yes", "on")
        raise self.fail(node, f"{what} must be true or false, not {getattr(node, 'value', '...')!r}.")

    def integer(self, node: yaml.Node, what: str, *, low: int = 0, high: int | None = None) -> int:
        """A whole number from ``low`` to ``high``."""
        raw = self.scalar(node, what).replace("_", "")
        if node.tag not in (INT, STR) or not re.fullmatch(r"[-+]?\d+", raw):
            raise self.fail(node, f"{what} must be a whole number, not {node.value!r}.")
        value = int(raw, 10)
        if value < low:
            bound = "a whole number above zero" if low == 1 else f"at least {low}"
            raise self.fail(node, f"{what} must be {bound}, not {value}.")
        if high is not None and value > high:
            raise self.fail(node, f"{what} must be between {low} and {high}, not {value}.")
        return value

    def count(self, node: yaml.Node, what: str, *, bits: int = 32) -> int:
        """A count above zero that fits a ``uint<bits>`` field (a holder cap)."""
        return self.integer(node, what, low=1, high=uint_max(bits))

    # --- the shared input types ---------------------------------------------------------------------

    def _parsed(self, node: yaml.Node, parse: Callable[[], _T]) -> _T:
        try:
            return parse()
        except ValidationError as error:
            raise self.fail(node, str(error)) from None

    def tokens(self, node: yaml.Node, what: str) -> Decimal:
        """A number of tokens above zero, exact, not yet scaled (a pack's amounts: the token's decimals come
        later)."""
        if node.tag not in (INT, FLOAT, STR):
            raise self.fail(node, f"{what} must be a number of tokens, not {node.value!r}.")
        value = self._parsed(node, lambda: parse_tokens(self.scalar(node, what), what))
        if value == 0:
            raise self.fail(node, f"{what} must be a number of tokens above zero, not {node.value!r}.")
        return value

    def amount(self, node: yaml.Node, what: str, decimals: int, *, allow_zero: bool = False, bits: int = 256) -> int:
        """A number of tokens in base units at ``decimals``, exact, fitting a ``uint<bits>`` field."""
        if node.tag not in (INT, FLOAT, STR):
            raise self.fail(node, f"{what} must be a number of tokens, not {node.value!r}.")
        units = self._parsed(
            node, lambda: parse_amount(self.scalar(node, what), decimals, what=what, allow_zero=True, bits=bits)
        )
        if units == 0 and not allow_zero:
            raise self.fail(node, f"{what} must be above zero (write null to remove the setting).")
        return units

    def period(self, node: yaml.Node, what: str, *, allow_zero: bool = False, bits: int | None = None) -> int:
        """A period in seconds, from seconds or words (``40 days``)."""
        return self._parsed(node, lambda: parse_period(self.value(node, what), what, allow_zero=allow_zero, bits=bits))

    def lock_period(self, node: yaml.Node, what: str) -> int:
        """A lock-up period: at most 10 years."""
        seconds = self.period(node, what)
        if seconds > MAX_LOCK_UP:
            raise self.fail(node, f"{what} may last at most 10 years.")
        return seconds

    def window(self, node: yaml.Node, what: str) -> int:
        """A transfer-limit window: a period that fits the contract's 32-bit field."""
        return self.period(node, what, bits=32)

    def address(self, node: yaml.Node, what: str, *, allow_zero: bool = True) -> ChecksumAddress:
        """An address (YAML reads an unquoted ``0x...`` as a number: the message says to quote it)."""
        value = self.scalar(node, what).strip()
        if node.tag == INT:
            raise self.fail(
                node, f"{what} {value!r} is not an address (0x followed by 40 hexadecimal digits) "
                "(quote it in YAML: '0x...')."
            )
        return self._parsed(node, lambda: parse_address(value, what, allow_zero=allow_zero))

    def country(self, node: yaml.Node) -> int:
        """An ISO 3166-1 country, as its numeric code."""
        return self._parsed(node, lambda: parse_country(self.value(node, "a country")))

    def countries(self, node: yaml.Node, what: str, *, allow_empty: bool = True) -> tuple[int, ...]:
        """A list of countries, without duplicates."""
        return tuple(dict.fromkeys(self.country(item) for item in self.sequence(node, what, allow_empty=allow_empty)))

    def topic(self, node: yaml.Node) -> int:
        """A claim topic (0-95), by name or number."""
        return self._parsed(node, lambda: parse_topic(self.value(node, "a claim topic")))

    def topics(self, node: yaml.Node, what: str) -> tuple[int, ...]:
        """A non-empty list of claim topics, without duplicates."""
        return tuple(dict.fromkeys(self.topic(item) for item in self.sequence(node, what)))
