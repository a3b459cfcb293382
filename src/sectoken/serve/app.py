"""The compliance officer's web page: a read-only ASGI app (Starlette, server-rendered Jinja2 templates, no
script) over a :class:`~sectoken.serve.desk.Desk`, and :func:`run`, which serves it with uvicorn.

Every page is also JSON for tools: ``/holders?format=json`` or ``/api/holders`` (the command line's
``--json`` conventions: camelCase keys, ISO times, amounts as decimal strings in tokens). Only ``GET`` (and
``HEAD``) are answered, anything else gets 405; requests naming another host than the one served are
refused (400) so that a web page elsewhere cannot reach this one through DNS rebinding; responses forbid
scripts, framing and caching.

Example:
    >>> app = create_app(Desk(w3, record))
    >>> run(app, host="127.0.0.1", port=0, ready=lambda url: print(url))   # until Ctrl-C
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from sectoken.cli.output import iso_time, json_ready
from sectoken.errors import SectokenError, ValidationError
from sectoken.inputs import format_amount
from sectoken.redact import redact
from sectoken.serve.chart import jurisdiction_chart
from sectoken.serve.desk import Desk

__all__ = ["PAGES", "Page", "create_app", "is_loopback", "run"]


@dataclass(frozen=True)
class Page:
    """One page: its path, title, template and how it reads its data from the desk."""

    name: str
    path: str
    title: str
    read: Callable[[Desk, Request], dict[str, Any]]


def _page_number(request: Request) -> int:
    text = request.query_params.get("page", "1")
    if not text.isdigit():
        raise ValidationError(f"page must be a whole number, not {text!r}.")
    return int(text)


#: The pages, in the order of the navigation bar.
PAGES: tuple[Page, ...] = (
    Page("captable", "/", "Cap table", lambda desk, _: desk.captable()),
    Page("holders", "/holders", "Holders", lambda desk, request: desk.holders(_page_number(request))),
    Page("rules", "/rules", "Rules", lambda desk, _: desk.rules()),
    Page("enforcement", "/enforcement", "Enforcement", lambda desk, _: desk.enforcement()),
    Page("trades", "/trades", "Trades & distributions", lambda desk, _: desk.trades()),
    Page("stablecoin", "/stablecoin", "Stablecoin", lambda desk, _: desk.stablecoin()),
)

_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")

#: Headers of every response: no script, no framing, nothing cached or sent on as a referrer.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine's loopback."""
    if host.strip("[]") in ("localhost", "::1"):
        return True
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host.strip("[]"), None)}
    except OSError:
        return False
    return bool(addresses) and all(address.startswith("127.") or address == "::1" for address in addresses)


def _when(timestamp: int | None) -> str:
    if not timestamp:
        return "-"
    text = iso_time(int(timestamp)) or "-"
    return text.replace("T", " ").replace(":00Z", " UTC").replace("Z", " UTC")


def _grouped(amount: str) -> str:
    """A decimal string in tokens with thousands separators (``1234.5`` -> ``1,234.5``)."""
    whole, _, part = str(amount).partition(".")
    sign = "-" if whole.startswith("-") else ""
    text = f"{sign}{int(whole.lstrip('-') or 0):,}"
    return f"{text}.{part}" if part else text


def _short(address: str | None) -> str:
    return "-" if not address else f"{address[:8]}…{address[-6:]}"


def _environment() -> Environment:
    folder = Path(str(files("sectoken.serve") / "templates"))
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(when=_when, grouped=_grouped, short=_short, units=format_amount)
    return env


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.query_params.get("format") == "json"


def _json(data: Any, status_code: int = 200) -> Response:
    body = json.dumps(json_ready(data), indent=2, default=str)
    return Response(body + "\n", status_code=status_code, media_type="application/json")


def create_app(desk: Desk, *, allowed_hosts: tuple[str, ...] = _LOOPBACK_NAMES) -> Starlette:
    """The page's ASGI app.

    Args:
        desk: Where the pages read the suite.
        allowed_hosts: Host names the requests may name (the ``Host`` header); loopback by default.

    Returns:
        The app (serve it with :func:`run` or any ASGI server).
    """
    env = _environment()

    def render(page: Page, request: Request, data: dict[str, Any], header: dict[str, Any], status: int = 200) -> Response:
        extra: dict[str, Any] = {}
        if page.name == "captable" and "by_country" in data:
            title = f"{data['symbol']} by jurisdiction at block {data['block']}"
            extra["chart"] = jurisdiction_chart(data["by_country"], title=title)
        html = env.get_template(f"{page.name}.html").render(
            pages=PAGES, page=page, data=data, header=header, json_path=f"/api/{page.name}", **extra,
        )
        return HTMLResponse(html, status_code=status)

    def endpoint(page: Page) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            try:
                header = desk.header()
                data = page.read(desk, request)
            except ValidationError as error:
                return _error(request, 400, error)
            except SectokenError as error:
                return _error(request, 502, error)
            if _wants_json(request):
                return _json({"page": page.name, **header, "data": data})
            return render(page, request, data, header)

        return handle

    def _error(request: Request, status: int, error: Exception) -> Response:
        message = redact(" ".join(str(error).split()))
        if _wants_json(request):
            return _json({"error": message}, status)
        html = env.get_template("error.html").render(pages=PAGES, page=None, message=message, status=status,
                                                     header=None)
        return HTMLResponse(html, status_code=status)

    def api_index(request: Request) -> Response:
        return _json({"pages": [{"name": p.name, "title": p.title, "html": p.path, "json": f"/api/{p.name}"}
                                for p in PAGES]})

    routes = [Route(p.path, endpoint(p), methods=["GET"], name=p.name) for p in PAGES]
    routes += [Route(f"/api/{p.name}", endpoint(p), methods=["GET"], name=f"api-{p.name}") for p in PAGES]
    routes.append(Route("/api", api_index, methods=["GET"], name="api"))

    class SecurityHeaders:
        """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            async def with_headers(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = list(message.get("headers", [])) + [
                        (key.lower().encode(), value.encode()) for key, value in SECURITY_HEADERS.items()
                    ]
                await send(message)

            await self.app(scope, receive, with_headers if scope["type"] == "http" else send)

    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=[h.strip("[]") for h in allowed_hosts] + list(allowed_hosts)),
    ]
    return Starlette(routes=routes, middleware=middleware)


def run(
    app: Starlette, *, host: str = "127.0.0.1", port: int = 0, ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``app`` until Ctrl-C (SIGINT) or SIGTERM, then stop cleanly.

    Args:
        app: The app.
        host: The address to bind (loopback by default).
        port: The port (0: a free one).
        ready: Called with the URL once the socket is bound.

    Raises:
        ValidationError: the address cannot be bound (in use, or not this machine's).
    """
    import uvicorn

    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as error:
        sock.close()
        raise ValidationError(f"Cannot listen on {host}:{port}: {error.strerror or error}.") from None
    sock.listen(128)  # connections made before the server runs wait in the backlog
    bound = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if family == socket.AF_INET6 else host
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    if ready is not None:
        ready(f"http://{shown}:{bound}/")
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
