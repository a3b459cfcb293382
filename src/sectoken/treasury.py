"""The stablecoin's reserves and redemption requests as reports: what ``sectoken stablecoin reserves`` and
``sectoken stablecoin redemptions`` print and the compliance officer's page shows (``sectoken serve``).

Amounts are decimal strings in tokens (``baseUnits`` beside them), times unix seconds of the chain's
latest block (the command line's ``--json`` turns them into ISO dates).

Example:
    >>> reserves_report(suite.stablecoin)["stale"]
    False
"""

from __future__ import annotations

from typing import Any

from sectoken.contracts.stablecoin import Stablecoin
from sectoken.contracts.units import format_amount

__all__ = ["chain_time", "redemptions_report", "reserves_report"]


def _plain(units: int, decimals: int) -> str:
    return format_amount(units, decimals, grouping=False)


def chain_time(coin: Stablecoin) -> int:
    """The latest block's timestamp: the chain's present, against which ages and staleness are told."""
    return int(coin.w3.eth.get_block("latest")["timestamp"])


def reserves_report(coin: Stablecoin) -> dict[str, Any]:
    """The history of reserve reports and whether the latest attestation is stale.

    Args:
        coin: The stablecoin.

    Returns:
        ``now``, ``maxAttestationAge``, ``latestAsOf``, ``ageSeconds`` (``None`` before the first
        attestation), ``stale`` (older than the maximum age, or none: mints are refused), ``reserves`` and
        ``totalSupply`` (tokens) and ``reports`` (index, reserves, baseUnits, asOf, periodStart,
        periodEnd, reportHash, reportUri).
    """
    decimals = coin.decimals()
    history, latest = coin.reserve_reports(), coin.reserve_attestation()
    max_age, now = coin.max_attestation_age(), chain_time(coin)
    age = now - latest.as_of if latest.as_of else None
    return {
        "now": now,
        "maxAttestationAge": max_age,
        "latestAsOf": latest.as_of,
        "ageSeconds": age,
        "stale": age is None or age > max_age,
        "reserves": _plain(latest.amount, decimals),
        "totalSupply": _plain(coin.total_supply(), decimals),
        "reports": [
            {
                "index": r.index,
                "reserves": _plain(r.amount, decimals),
                "baseUnits": r.amount,
                "asOf": r.as_of,
                "periodStart": r.period_start,
                "periodEnd": r.period_end,
                "reportHash": "0x" + r.report_hash.hex(),
                "reportUri": r.report_uri,
            }
            for r in history
        ],
    }


def redemptions_report(coin: Stablecoin, *, open_only: bool = True) -> dict[str, Any]:
    """The redemption requests (open ones only by default) with their age, flagging those past one business
    day (the same time on the next weekday, UTC; public holidays are not known).

    Args:
        coin: The stablecoin.
        open_only: Leave out completed and rejected requests.

    Returns:
        ``now``, ``redemptions`` (id, holder, amount, baseUnits, ref, status, requestedAt, acknowledgedAt,
        closedAt, ageSeconds, dueAt, overdue) and ``overdue`` (open requests past due).
    """
    decimals = coin.decimals()
    now = chain_time(coin)
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "holder": r.holder,
            "amount": _plain(r.amount, decimals),
            "baseUnits": r.amount,
            "ref": "0x" + r.ref.hex(),
            "status": r.status.name.lower(),
            "requestedAt": r.requested_at,
            "acknowledgedAt": r.acknowledged_at,
            "closedAt": r.closed_at,
            "ageSeconds": (r.closed_at or now) - r.requested_at,
            "dueAt": r.due_at,
            "overdue": (r.closed_at or now) > r.due_at,
        }
        for r in coin.redemptions(open_only=open_only)
    ]
    return {"now": now, "redemptions": rows, "overdue": sum(1 for row in rows if row["overdue"] and not row["closedAt"])}
