"""``python -m bench``: run the benchmark, print the markdown report and write the JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

from bench import register as register_bench
from bench.artifacts import project_root
from bench.evm import BenchError
from bench.model import HOLDER_LEVELS, SIDES, BenchConfig, SideKey
from bench.report import render_markdown, write_json
from bench.runner import run_benchmark


def _levels(text: str) -> tuple[int, ...]:
    try:
        levels = tuple(sorted({int(part.replace("_", "").replace(",", "")) for part in text.split(":")}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"holder levels are whole numbers separated by ':', got {text!r}") from None
    if not levels or levels[0] < 3:
        raise argparse.ArgumentTypeError("each holder level must be at least 3")
    return levels


def _sides(text: str) -> tuple[SideKey, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [side for side in chosen if side not in SIDES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"sides are among {', '.join(SIDES)}; got {text!r}")
    return cast(tuple[SideKey, ...], chosen)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Gas benchmark: sectoken, the ERC-3643 reference (T-REX 4.1.6) and a plain ERC-20, "
        "side by side on one local Anvil.",
    )
    parser.add_argument("--quick", action="store_true", help="the CI subset: runs in well under a minute")
    parser.add_argument("--holders", type=_levels, metavar="N:N:...",
                        help=f"holder levels for the scale rows (default {':'.join(map(str, HOLDER_LEVELS))})")
    parser.add_argument("--sides", type=_sides, default=SIDES, metavar="A,B",
                        help=f"sides to run (default {','.join(SIDES)})")
    parser.add_argument("--out", type=Path, default=project_root() / "bench" / "results",
                        help="folder for the JSON results (default bench/results)")
    parser.add_argument("--no-save", action="store_true", help="print the report only; write no JSON")
    parser.add_argument("--register-only", action="store_true",
                        help="run only the register row (bench/register.py), which a full run adds after the gas report")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    args = parse_args(argv)
    if args.register_only:
        return register_bench.main([])
    config = BenchConfig.quick_run() if args.quick else BenchConfig()
    if args.holders:
        levels = args.holders
        config = replace(config, holder_levels=levels, batch_investors=max(config.batch_investors, 2 * len(levels) + 2))

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        report = run_benchmark(config, sides=args.sides, log=log)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(render_markdown(report))
    if not args.no_save:
        path = write_json(report, args.out)
        log(f"results: {path} (and {path.parent / 'latest.json'})")
    if not args.quick:
        print()
        print(register_bench.render_markdown(register_bench.run_register_bench(log=log)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
