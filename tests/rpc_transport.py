"""The test chain's requests over kept-alive `http.client` connections instead of `requests`.

brownie's `web3` reaches the test process's Anvil through web3's `HTTPProvider`, which posts every JSON-RPC
request with a `requests` session: preparing the request, merging the session's settings, the adapter and the
response object cost about 0.6 ms of CPU per request, twice what the exchange itself costs on the loopback
(measured: 0.9 ms a request through `requests`, 0.3 ms through a kept-alive `http.client` connection). The
tests send a few hundred thousand requests to their chains.

`install(provider)` gives that one provider (the harness's connection to its own chain, not a connection the
library opens) connections of its own, kept alive and shared by the threads brownie waits in. Everything above
the transport is web3's as before (the request cache, the retry of failed requests, batches, the decoding of
the answers), and a failure is raised as `requests` raises it (`requests.ConnectionError`, `requests.Timeout`,
`requests.HTTPError`), so web3's retry and its `is_connected()` judge it as before."""

from __future__ import annotations

import http.client
import select
import threading
import weakref
from typing import Any
from urllib.parse import urlsplit

import requests


class KeptAliveTransport:
    """Posts to one plain-HTTP endpoint over reusable connections (one per concurrent request)."""

    def __init__(self, endpoint_uri: str, fallback: Any) -> None:
        url = urlsplit(endpoint_uri)
        self.endpoint_uri = endpoint_uri
        self._host, self._port = url.hostname or "127.0.0.1", url.port or 80
        self._path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        self._usable = url.scheme == "http" and not url.username
        self._fallback = fallback
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def _connection(self, timeout: float | None) -> http.client.HTTPConnection:
        """An idle connection the node has not closed meanwhile, or a new one (connected on first use)."""
        while True:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                return http.client.HTTPConnection(self._host, self._port, timeout=timeout)
            if conn.sock is not None and select.select([conn.sock], [], [], 0)[0]:
                conn.close()  # readable while idle: the node closed it (or broke the protocol)
                continue
            conn.timeout = timeout
            if conn.sock is not None:
                conn.sock.settimeout(timeout)
            return conn

    def post(self, endpoint_uri: str, data: Any, **kwargs: Any) -> bytes:
        """`HTTPSessionManager.make_post_request`'s contract: the answer's body, or a `requests` exception."""
        if not self._usable or endpoint_uri != self.endpoint_uri or kwargs.get("stream"):
            return self._fallback(endpoint_uri, data, **kwargs)
        timeout = kwargs.get("timeout")
        headers = kwargs.get("headers") or {"Content-Type": "application/json"}
        conn = self._connection(timeout)
        try:
            conn.request("POST", self._path, body=data, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except TimeoutError as error:
            conn.close()
            raise requests.Timeout(f"{endpoint_uri}: {error}") from error
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            raise requests.ConnectionError(f"{endpoint_uri}: {error!r}") from error
        if response.will_close:
            conn.close()
        else:
            with self._lock:
                self._idle.append(conn)
        if response.status >= 400:
            raise requests.HTTPError(f"{response.status} {response.reason} for url: {endpoint_uri}")
        return body

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def install(provider: Any) -> KeptAliveTransport:
    """Send `provider`'s requests (a web3 `HTTPProvider`) through a `KeptAliveTransport` of its endpoint."""
    sessions = provider._request_session_manager
    transport = KeptAliveTransport(str(provider.endpoint_uri), sessions.make_post_request)
    sessions.make_post_request = transport.post
    weakref.finalize(provider, transport.close)
    return transport
