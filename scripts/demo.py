"""The UK-US scenario on brownie's development chain: `brownie run scripts/demo.py`."""

from __future__ import annotations

from pathlib import Path

from brownie import web3
from rich.console import Console

from sectoken.demo import run_demo
from sectoken.suite import Suite


def main(output: str = ".sectoken/brownie-demo") -> Suite:
    return run_demo(Console(), web3, Path(output))
