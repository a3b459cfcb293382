"""``sectoken serve``: the compliance officer's web page for one suite, read-only.

- :class:`Desk` reads what each page shows (:mod:`sectoken.serve.desk`): the register when it follows the
  suite, the chain otherwise.
- :func:`create_app` is the ASGI app (Starlette, Jinja2 templates, an inline SVG chart, no script) and
  :func:`run` serves it with uvicorn (:mod:`sectoken.serve.app`).

Example:
    >>> desk = Desk(w3, record, database=None, node_url=url)
    >>> run(create_app(desk), host="127.0.0.1", port=0, ready=print)
"""

from sectoken.serve.app import PAGES, Page, create_app, is_loopback, run
from sectoken.serve.desk import Desk

__all__ = ["PAGES", "Desk", "Page", "create_app", "is_loopback", "run"]
