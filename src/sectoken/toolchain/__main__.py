"""``python -m sectoken.toolchain install``: put the offline compiler where py-solc-x looks (``~/.solcx``), link
the project's Anvil and Ganache into the virtualenv, and add brownie's coverage network (``~/.brownie``), saying
where each went. ``python -m sectoken.toolchain uninstall`` removes what install put outside the checkout."""

from __future__ import annotations

import sys
from pathlib import Path

from sectoken.errors import SectokenError
from sectoken.toolchain import (
    COVERAGE_NETWORK,
    brownie_network_config,
    ensure_coverage_network,
    install_solc_shim,
    link_node_tools,
    uninstall,
)

_UNDO = "python -m sectoken.toolchain uninstall"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["install"], ["uninstall"]):
        print("usage: python -m sectoken.toolchain [install | uninstall]", file=sys.stderr)
        return 2
    try:
        if args == ["uninstall"]:
            for path, action in uninstall().items():
                print(f"{path}: {action}")
            return 0
        result = install_solc_shim()
        links = link_node_tools(Path(sys.prefix) / "bin")
        network = ensure_coverage_network()
        config_file = brownie_network_config(None)
    except SectokenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"solc: {result.path} ({result.action}; shared by every project on this machine, it runs the npm "
          f"solc of the project it is called from; `{_UNDO}` removes it)")
    for link in links:
        print(f"{link.name}: {link} -> {link.resolve()}")
    print(f"brownie network {COVERAGE_NETWORK}: {network} in {config_file} (`{_UNDO}` removes it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
