"""Keep secrets out of messages, records, journals and logs.

RPC providers put API keys in the URL: in the path (``https://host/v3/KEY``), the query string
(``?apikey=KEY``) or the credentials (``https://user:password@host``). :func:`redact_url` keeps the
scheme, host and port and replaces everything else with ``…``; :func:`redact` does it to every URL in a
text, and to the path urllib3 quotes on its own (``Max retries exceeded with url: /v3/KEY``). Errors that
reach a screen or a file go through :func:`redact` (the command line's error line, a deployment record's
``error``, the engine's messages).

Example:
    >>> redact_url("https://user:pw@mainnet.example.org/v3/0123abcd?x=1")
    'https://mainnet.example.org/…'
    >>> redact("No JSON-RPC node answers at https://h.example/v3/KEY (ConnectTimeout).")
    'No JSON-RPC node answers at https://h.example/… (ConnectTimeout).'
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ELLIPSIS", "redact", "redact_logs", "redact_url"]

#: What replaces a URL's path, query string and fragment.
ELLIPSIS = "…"

# scheme://[userinfo@]host[:port][rest]: the rest stops at whitespace, a quote or a closing bracket.
_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.\-]*)://([^\s/?#'\"<>()\[\]]*)([^\s'\"<>()\[\]]*)")
# urllib3's "Max retries exceeded with url: /path?query (Caused by ...)".
_BARE_PATH = re.compile(r"(with url: )(\S+)")


def redact_url(url: str) -> str:
    """A URL without what may hold a secret: credentials, path, query string and fragment.

    Args:
        url: Any URL (``http(s)``, ``ws(s)``...).

    Returns:
        ``scheme://host[:port]``, followed by ``/…`` when anything was removed after the host.
    """
    match = _URL.fullmatch(url.strip())
    if match is None:
        return ELLIPSIS if url else url
    return _replace(match)


def _replace(match: re.Match[str]) -> str:
    scheme, authority, rest = match.group(1), match.group(2), match.group(3)
    host = authority.rsplit("@", 1)[-1]
    try:
        parts = urlsplit(f"{scheme}://{host}{rest}")
        hidden = bool(parts.path.strip("/") or parts.query or parts.fragment)
    except ValueError:
        hidden = bool(rest)
    return f"{scheme}://{host}/{ELLIPSIS}" if hidden or "@" in authority else f"{scheme}://{host}{rest}"


def redact(text: str) -> str:
    """``text`` with every URL in it redacted (see :func:`redact_url`)."""
    if "://" not in text and "with url:" not in text:
        return text
    text = _URL.sub(_replace, text)
    return _BARE_PATH.sub(lambda m: m.group(1) + ("/" if m.group(2) in ("/", "/.") else f"/{ELLIPSIS}"), text)


def redact_logs() -> None:
    """Redact every log record created from now on in this process (web3 and urllib3 log the URLs they
    use). The command line calls it; a library user who logs at debug level may call it too. Idempotent."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacting", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is logged as it is
            return record
        record.msg, record.args = redact(text), ()
        return record

    factory.redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
