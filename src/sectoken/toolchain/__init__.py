"""Offline Solidity toolchain: the npm ``solc`` compiler behind a native-compatible command line.

py-solc-x, brownie and crytic-compile expect a native ``solc`` binary at ``~/.solcx/solc-v<version>``
(or under ``SOLCX_BINARY_PATH``) and would download one from the internet. :func:`install_solc_shim`
puts a small launcher there instead that runs ``solc_shim.js`` on Node with the project's npm ``solc``
package, the same compiler built to WebAssembly. A native binary already in place is never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from sectoken.errors import ToolchainError

__all__ = [
    "COVERAGE_NETWORK",
    "SHIM_MARKER",
    "SOLC_VERSION",
    "ShimInstall",
    "ensure_coverage_network",
    "find_project_root",
    "install_solc_shim",
    "link_node_tools",
    "node_executable",
    "node_tool",
    "solc_module_dir",
    "solcx_folder",
]

SOLC_VERSION = "0.8.30"
SHIM_MARKER = "# sectoken-solc-shim"
SHIM_SCRIPT = Path(__file__).with_name("solc_shim.js")

#: The brownie network the tests run on when they measure contract coverage: the development network's
#: settings, on its own port, with Anvil recording every step of every transaction (`--steps-tracing`),
#: which brownie's coverage reads back with `debug_traceTransaction`.
COVERAGE_NETWORK = "sectoken-coverage"
_COVERAGE_NETWORK_ENTRY = {
    "name": "Anvil (steps traced, for coverage)",
    "id": COVERAGE_NETWORK,
    "cmd": "anvil",
    "host": "http://127.0.0.1",
    "cmd_settings": {
        "port": 8555,
        "accounts": 10,
        "base_fee": 0,
        "gas_limit": 12000000,
        "steps_tracing": True,
    },
}


@dataclass(frozen=True)
class ShimInstall:
    """Where the compiler launcher is and what :func:`install_solc_shim` did with it."""

    path: Path
    action: str  # "installed", "updated", "unchanged" or "kept-native"


def find_project_root(start: Path | None = None) -> Path:
    """Return the nearest folder at or above ``start`` holding ``package.json`` and ``node_modules``.

    Raises:
        ToolchainError: no such folder, so ``npm ci`` has not been run.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "package.json").is_file() and (folder / "node_modules").is_dir():
            return folder
    raise ToolchainError(
        f"No node_modules found at or above {here}. Run `npm ci` (or `make demo`) in the project first."
    )


def node_executable() -> str:
    """Return the path of ``node``, or raise a message saying how to get it."""
    node = shutil.which("node")
    if node is None:
        raise ToolchainError(
            "Node.js is not installed or not on PATH. Install Node.js 20 and npm "
            "(e.g. `apt-get install nodejs npm`), then run `npm ci` in the project."
        )
    return node


def node_tool(name: str, root: Path | None = None) -> Path:
    """Return the executable of an npm-installed tool (``anvil``, ``ganache``).

    Looked for in the ``node_modules`` of ``root``, else of the project around the working directory,
    else of the project this package is installed from, else on PATH. Anvil is returned as its native
    binary, not the Node wrapper, so that stopping the process stops the node itself.

    Raises:
        ToolchainError: the tool is nowhere, with the command that installs it.
    """
    roots: list[Path] = []
    if root is not None:
        roots.append(root)
    else:
        for start in (Path.cwd(), Path(__file__).resolve().parent):
            try:
                roots.append(find_project_root(start))
            except ToolchainError:
                continue
    for folder in roots:
        if name == "anvil":
            for platform in ("linux-amd64", "linux-arm64", "darwin-arm64", "darwin-amd64"):
                native = folder / "node_modules" / "@foundry-rs" / f"anvil-{platform}" / "bin" / "anvil"
                if native.is_file():
                    return native
        candidate = folder / "node_modules" / ".bin" / name
        if candidate.exists():
            return candidate
    if root is None and (on_path := shutil.which(name)):
        return Path(on_path)
    where = root or (roots[0] if roots else Path.cwd())
    package = "@foundry-rs/anvil" if name == "anvil" else "ganache@7.9.2"
    raise ToolchainError(
        f"{name} is not installed in {where}/node_modules nor on PATH. Run `npm ci` in the project, or "
        f"`npm install {package}`."
    )


def solc_module_dir(root: Path | None = None) -> Path:
    """Return the folder of the npm ``solc`` package, checking its version."""
    root = root or find_project_root()
    module = root / "node_modules" / "solc"
    package = module / "package.json"
    if not package.is_file():
        raise ToolchainError(f"The npm package solc is not installed in {root}. Run `npm ci`.")
    version = json.loads(package.read_text())["version"]
    if version != SOLC_VERSION:
        raise ToolchainError(
            f"node_modules/solc is {version}, the project compiles with {SOLC_VERSION}. Run `npm ci`."
        )
    return module


def solcx_folder() -> Path:
    """Return the folder where py-solc-x looks for compilers."""
    custom = os.environ.get("SOLCX_BINARY_PATH")
    return Path(custom) if custom else Path.home() / ".solcx"


def _launcher_text(root: Path) -> str:
    return (
        "#!/bin/sh\n"
        f"{SHIM_MARKER}: solc {SOLC_VERSION} (npm solc, WebAssembly) with a native-compatible command line.\n"
        f"# Written by `python -m sectoken.toolchain install` for {root}; rerun it to point elsewhere.\n"
        f"SECTOKEN_SOLC_MODULE='{solc_module_dir(root)}' exec '{node_executable()}' '{SHIM_SCRIPT}' \"$@\"\n"
    )


def install_solc_shim(root: Path | None = None, folder: Path | None = None) -> ShimInstall:
    """Install the compiler launcher as ``solc-v<version>`` where py-solc-x looks.

    A launcher written by an earlier run (marked with :data:`SHIM_MARKER`) is rewritten to point at
    this project; any other file there (a native binary) is left alone.

    Args:
        root: the project folder holding ``node_modules``; found from the working directory if omitted.
        folder: where to install; ``SOLCX_BINARY_PATH`` or ``~/.solcx`` if omitted.

    Returns:
        Where the launcher is and what was done.
    """
    root = root or find_project_root()
    folder = folder or solcx_folder()
    target = folder / f"solc-v{SOLC_VERSION}"
    text = _launcher_text(root)
    if target.exists():
        with target.open("rb") as fh:
            head = fh.read(4096)
        if SHIM_MARKER.encode() not in head:
            return ShimInstall(target, "kept-native")
        if target.read_text() == text:
            return ShimInstall(target, "unchanged")
        action = "updated"
    else:
        action = "installed"
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.chmod(tmp.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    tmp.replace(target)
    return ShimInstall(target, action)


def link_node_tools(bin_dir: Path, root: Path | None = None) -> list[Path]:
    """Link ``anvil`` (the native binary) and ``ganache`` from the project's node_modules into ``bin_dir``.

    brownie's development network runs ``anvil`` from PATH; with the virtualenv's ``bin`` on PATH it
    finds the project's own Anvil, and stopping it stops the node itself (no Node wrapper in between).

    Returns:
        The links made or refreshed.
    """
    root = root or find_project_root()
    links = []
    for name in ("anvil", "ganache"):
        target = node_tool(name, root)
        link = bin_dir / name
        if link.is_symlink() or link.exists():
            if link.is_symlink() and Path(os.readlink(link)) == target:
                links.append(link)
                continue
            link.unlink()
        link.symlink_to(target)
        links.append(link)
    return links


def ensure_coverage_network(config_file: Path | None = None) -> str:
    """Add (or refresh) the :data:`COVERAGE_NETWORK` development network in brownie's network configuration.

    Args:
        config_file: brownie's ``network-config.yaml`` (default: the one in brownie's data folder,
            ``~/.brownie``, which importing brownie creates).

    Returns:
        ``"added"``, ``"updated"`` or ``"unchanged"``.
    """
    import yaml

    if config_file is None:
        from brownie._config import _get_data_folder

        config_file = _get_data_folder() / "network-config.yaml"
    config = yaml.safe_load(config_file.read_text()) if config_file.exists() else None
    config = config or {}
    networks = config.setdefault("development", []) or []
    config["development"] = networks
    for i, entry in enumerate(networks):
        if entry.get("id") == COVERAGE_NETWORK:
            if entry == _COVERAGE_NETWORK_ENTRY:
                return "unchanged"
            networks[i] = dict(_COVERAGE_NETWORK_ENTRY)
            action = "updated"
            break
    else:
        networks.append(dict(_COVERAGE_NETWORK_ENTRY))
        action = "added"
    tmp = config_file.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(config, sort_keys=False))
    tmp.replace(config_file)
    return action
