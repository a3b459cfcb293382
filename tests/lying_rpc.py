"""A JSON-RPC proxy on loopback in front of the test node that misbehaves as providers do: it delivers a
raw transaction and answers an error ("nonce too low"), it answers "not found" to the first lookups of a
transaction it has, and it quotes absurd fees. Requests (batches too) are forwarded to the real node.

Example:
    >>> with LyingRpc(upstream, lie_after_send=1, hide_lookups=2) as rpc:
    ...     w3 = Web3(Web3.HTTPProvider(rpc.url))
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

LOOKUPS = ("eth_getTransactionByHash", "eth_getTransactionReceipt")


class LyingRpc:
    """The proxy. Attributes after use: ``raw_sent`` (every ``eth_sendRawTransaction`` payload, in order)
    ``seen`` (every method forwarded, in order) and ``answered_503`` (every method refused by a dead proxy).

    Args:
        upstream: The real node's URL.
        lie_after_send: How many raw sends are delivered to the node, then answered with ``send_error``.
        send_error: The error message those sends get.
        hide_lookups: How many lookups of each transaction hash (by hash or receipt, counted
            separately) answer ``null`` although the node has it.
        max_priority_fee: Answer to ``eth_maxPriorityFeePerGas`` (wei), instead of the node's.
        path: The URL path the proxy serves (e.g. ``/v3/SECRET``): any other path is refused.
        die_after_sends: After this many raw sends, the proxy answers every request with HTTP 503 (a
            provider that died).
    """

    def __init__(
        self,
        upstream: str,
        *,
        lie_after_send: int = 0,
        send_error: str = "nonce too low",
        hide_lookups: int = 0,
        max_priority_fee: int | None = None,
        path: str = "/",
        die_after_sends: int | None = None,
    ) -> None:
        self.upstream = upstream
        self.lie_after_send = lie_after_send
        self.send_error = send_error
        self.hide_lookups = hide_lookups
        self.max_priority_fee = max_priority_fee
        self.path = path
        self.die_after_sends = die_after_sends
        self.raw_sent: list[str] = []
        self.seen: list[str] = []
        self.answered_503: list[str] = []
        self._hidden: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if proxy.dead:
                    proxy.answered_503.append(str(body.get("method")) if isinstance(body, dict) else "batch")
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path != proxy.path:
                    self.send_response(404)
                    self.end_headers()
                    return
                if isinstance(body, list):
                    answer: Any = [proxy._answer(request) for request in body]
                else:
                    answer = proxy._answer(body)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _forward(self, request: dict[str, Any]) -> dict[str, Any]:
        call = urllib.request.Request(
            self.upstream, data=json.dumps(request).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(call, timeout=30) as response:
            answer: dict[str, Any] = json.loads(response.read())
        return answer

    def _answer(self, request: dict[str, Any]) -> dict[str, Any]:
        method = str(request.get("method"))
        ident = request.get("id")
        with self._lock:
            self.seen.append(method)
        if method == "eth_maxPriorityFeePerGas" and self.max_priority_fee is not None:
            return {"jsonrpc": "2.0", "id": ident, "result": hex(self.max_priority_fee)}
        if method in LOOKUPS and self.hide_lookups:
            key = (method, str(request["params"][0]).lower())
            with self._lock:
                hide = self._hidden[key] < self.hide_lookups
                self._hidden[key] += 1
            if hide:
                return {"jsonrpc": "2.0", "id": ident, "result": None}
        answer = self._forward(request)
        if method == "eth_sendRawTransaction":
            with self._lock:
                self.raw_sent.append(str(request["params"][0]))
                lie = self.lie_after_send > 0
                if lie:
                    self.lie_after_send -= 1
            if lie:
                return {"jsonrpc": "2.0", "id": ident, "error": {"code": -32000, "message": self.send_error}}
        return answer

    @property
    def dead(self) -> bool:
        """Whether the proxy stopped answering (see ``die_after_sends``)."""
        return self.die_after_sends is not None and len(self.raw_sent) >= self.die_after_sends

    @property
    def signatures(self) -> int:
        """How many different signed transactions reached the node (a resend of the same bytes counts once)."""
        return len(set(self.raw_sent))

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
