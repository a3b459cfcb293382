"""The exceptions sectoken raises. Every one derives from :class:`SectokenError`.

Messages say what went wrong and what to do about it. Errors that mirror a builtin also derive
from it (a bad argument is a ``ValueError`` too), so callers can catch either.
"""

from __future__ import annotations

__all__ = [
    "SectokenError",
    "ToolchainError",
    "ChainError",
    "ConfigError",
    "ValidationError",
]


class SectokenError(Exception):
    """Root of every sectoken error."""


class ToolchainError(SectokenError, RuntimeError):
    """A tool the project needs (Node.js, npm packages, the compiler) is missing or broken."""


class ChainError(SectokenError, ConnectionError):
    """A chain could not be started, reached or stopped."""


class ConfigError(SectokenError, ValueError):
    """A configuration file or value is invalid; the message names the file and line where known."""


class ValidationError(SectokenError, ValueError):
    """Input was refused before anything was sent to the chain."""
