"""Gas and speed benchmark: sectoken side by side with the ERC-3643 reference implementation (T-REX
4.1.6) and a plain ERC-20 floor, in one run on one local Anvil.

Run it from the repository root::

    python -m bench            # full run: table printed, JSON in bench/results/
    python -m bench --quick    # the CI subset, well under a minute

or in-process::

    >>> from bench import BenchConfig, run_benchmark
    >>> report = run_benchmark(BenchConfig.quick_run())
"""

from __future__ import annotations

from bench.model import BenchConfig
from bench.report import Report, render_markdown, write_json
from bench.runner import run_benchmark

__all__ = ["BenchConfig", "Report", "render_markdown", "run_benchmark", "write_json"]
