"""Offline Solidity toolchain: the npm ``solc`` compiler behind a native-compatible command line.

py-solc-x, brownie and crytic-compile expect a native ``solc`` binary at ``~/.solcx/solc-v<version>``
(or under ``SOLCX_BINARY_PATH``) and would download one from the internet. :func:`install_solc_shim`
puts a small launcher there instead that runs ``solc_shim.js`` on Node with the npm ``solc`` package, the
same compiler built to WebAssembly. A native binary already in place is never replaced.

The launcher belongs to no checkout: every call runs the npm ``solc`` (and the shim) of the project it is
called from, the nearest folder at or above the working directory holding ``node_modules/solc`` at
:data:`SOLC_VERSION` (brownie, py-solc-x and slither compile from the project's folder), so deleting one
checkout breaks no other. Only a call from outside any project falls back to ``$SECTOKEN_PROJECT``, then to
the project that installed it. :func:`uninstall` removes exactly what :func:`install_solc_shim` and
:func:`ensure_coverage_network` added outside the checkout.
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
    "brownie_network_config",
    "ensure_coverage_network",
    "find_project_root",
    "install_solc_shim",
    "link_node_tools",
    "node_executable",
    "node_tool",
    "remove_coverage_network",
    "solc_module_dir",
    "solcx_folder",
    "uninstall",
]

SOLC_VERSION = "0.8.30"
SHIM_MARKER = "# sectoken-solc-shim"
SHIM_SCRIPT = Path(__file__).with_name("solc_shim.js")
#: The shim's copy beside the launcher, for projects that do not ship ``src/sectoken/toolchain/solc_shim.js``
#: (py-solc-x lists only files named ``solc-v*`` there, so it is not taken for a compiler).
SHIM_COPY = "sectoken-solc-shim.js"

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
    solc_module_dir(root)  # the installing project must have the right solc itself
    return f"""#!/bin/sh
{SHIM_MARKER}: solc {SOLC_VERSION} (npm solc, WebAssembly) with a native-compatible command line.
# Written by `python -m sectoken.toolchain install`; `python -m sectoken.toolchain uninstall` removes it.
# It belongs to no checkout: it runs the npm solc {SOLC_VERSION} (and the shim) of the project it is called
# from, the nearest folder at or above the working directory with node_modules/solc {SOLC_VERSION}; from
# outside any project, that of $SECTOKEN_PROJECT, else of the project that installed it ({root}).
project() {{
  dir=$1
  while [ -n "$dir" ]; do
    if grep -qs '"version": *"{SOLC_VERSION}"' "$dir/node_modules/solc/package.json"; then
      printf '%s\\n' "$dir"
      return 0
    fi
    [ "$dir" = / ] && return 1
    dir=$(dirname "$dir")
  done
  return 1
}}
root=$(project "$(pwd -P)") || root=$(project "${{SECTOKEN_PROJECT:-/nonexistent}}") || root=$(project '{root}') || {{
  echo "solc {SOLC_VERSION} (sectoken's launcher $0): no node_modules/solc {SOLC_VERSION} at or above $(pwd -P)." \
    "Run the compiler from a project after npm ci, or set SECTOKEN_PROJECT to the project's folder." >&2
  exit 1
}}
shim="$root/src/sectoken/toolchain/solc_shim.js"
[ -f "$shim" ] || shim="$(dirname "$0")/{SHIM_COPY}"
node=$(command -v node) || node='{node_executable()}'
SECTOKEN_SOLC_MODULE="$root/node_modules/solc" exec "$node" "$shim" "$@"
"""


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
        copy = folder / SHIM_COPY
        if target.read_text() == text and copy.is_file() and copy.read_text() == SHIM_SCRIPT.read_text():
            return ShimInstall(target, "unchanged")
        action = "updated"
    else:
        action = "installed"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / SHIM_COPY
    tmp_copy = folder / f".{SHIM_COPY}.{os.getpid()}.tmp"
    tmp_copy.write_text(SHIM_SCRIPT.read_text())
    tmp_copy.replace(copy)
    tmp = folder / f".sectoken-solc-launcher.{os.getpid()}.tmp"  # not named solc-v*: py-solc-x would list it
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


def brownie_network_config(config_file: Path | None = None) -> Path:
    """brownie's ``network-config.yaml``: ``config_file`` if given, else the one in brownie's data folder
    (``~/.brownie``, which importing brownie creates)."""
    if config_file is not None:
        return config_file
    from brownie._config import _get_data_folder

    return Path(_get_data_folder()) / "network-config.yaml"


def _write_yaml(path: Path, data: object) -> None:
    import yaml

    tmp = path.with_suffix(f".yaml.{os.getpid()}.tmp")
    tmp.write_text(yaml.safe_dump(data, sort_keys=False))
    tmp.replace(path)


def ensure_coverage_network(config_file: Path | None = None) -> str:
    """Add (or refresh) the :data:`COVERAGE_NETWORK` development network in brownie's network configuration.

    Args:
        config_file: brownie's ``network-config.yaml`` (default: the one in brownie's data folder,
            ``~/.brownie``, which importing brownie creates).

    Returns:
        ``"added"``, ``"updated"`` or ``"unchanged"``.
    """
    import yaml

    config_file = brownie_network_config(config_file)
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
    _write_yaml(config_file, config)
    return action


def remove_coverage_network(config_file: Path | None = None) -> str:
    """Remove the :data:`COVERAGE_NETWORK` entry :func:`ensure_coverage_network` added (and nothing else).

    Returns:
        ``"removed"``, or ``"absent"`` when there was none.
    """
    import yaml

    config_file = brownie_network_config(config_file)
    config = (yaml.safe_load(config_file.read_text()) if config_file.exists() else None) or {}
    networks = config.get("development") or []
    kept = [entry for entry in networks if entry.get("id") != COVERAGE_NETWORK]
    if len(kept) == len(networks):
        return "absent"
    config["development"] = kept
    _write_yaml(config_file, config)
    return "removed"


def uninstall(folder: Path | None = None, config_file: Path | None = None) -> dict[str, str]:
    """Remove what ``python -m sectoken.toolchain install`` put outside the checkout: the compiler launcher
    and its shim copy (only a launcher sectoken wrote; a native compiler stays) and brownie's
    :data:`COVERAGE_NETWORK`. The links in the checkout's own virtualenv go with the virtualenv.

    Note that every checkout on the machine shares them: the others compile and measure coverage again
    after their next ``make``.

    Args:
        folder: where the launcher is; ``SOLCX_BINARY_PATH`` or ``~/.solcx`` if omitted.
        config_file: brownie's ``network-config.yaml`` (default: ``~/.brownie``'s).

    Returns:
        What was done, by path.
    """
    folder = folder or solcx_folder()
    done: dict[str, str] = {}
    target = folder / f"solc-v{SOLC_VERSION}"
    if target.is_file():
        with target.open("rb") as fh:
            ours = SHIM_MARKER.encode() in fh.read(4096)
        if ours:
            target.unlink()
        done[str(target)] = "removed" if ours else "kept (a native compiler, not sectoken's)"
    else:
        done[str(target)] = "absent"
    copy = folder / SHIM_COPY
    done[str(copy)] = "removed" if copy.is_file() else "absent"
    copy.unlink(missing_ok=True)
    config_file = brownie_network_config(config_file)
    done[f"{config_file} ({COVERAGE_NETWORK})"] = remove_coverage_network(config_file)
    return done
