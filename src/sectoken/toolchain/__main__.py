"""``python -m sectoken.toolchain install``: put the offline compiler where py-solc-x looks, link the
project's Anvil and Ganache into the virtualenv, and add brownie's coverage network."""

from __future__ import annotations

import sys
from pathlib import Path

from sectoken.errors import SectokenError
from sectoken.toolchain import COVERAGE_NETWORK, ensure_coverage_network, install_solc_shim, link_node_tools


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["install"]):
        print("usage: python -m sectoken.toolchain [install]", file=sys.stderr)
        return 2
    try:
        result = install_solc_shim()
        links = link_node_tools(Path(sys.prefix) / "bin")
        network = ensure_coverage_network()
    except SectokenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"solc: {result.path} ({result.action})")
    for link in links:
        print(f"{link.name}: {link} -> {link.resolve()}")
    print(f"brownie network {COVERAGE_NETWORK}: {network}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
