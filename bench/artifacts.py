"""Where the benchmark finds compiled contracts.

* The project's own contracts: the precompiled artifacts shipped in :mod:`sectoken.artifacts` when that
  module exists, else brownie's build folder (``brownie compile``).
* The reference implementation: the Hardhat artifacts shipped in the npm packages
  ``@tokenysolutions/t-rex`` and ``@onchain-id/solidity`` under ``node_modules`` (used in place, never
  copied).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from eth_typing import ABI, HexStr

from bench.evm import Artifact, BenchError

__all__ = ["NpmPackage", "load_project", "project_root"]


def project_root() -> Path:
    """The repository root (the folder holding ``bench/``)."""
    return Path(__file__).resolve().parent.parent


def _hex(code: str) -> HexStr:
    return HexStr(code if code.startswith("0x") else "0x" + code)


def load_project(name: str, root: Path | None = None) -> Artifact:
    """Load one of the project's contracts.

    Args:
        name: The contract's name, e.g. ``"SmokeToken"``.
        root: The repository root (for brownie's ``build/contracts``); defaults to :func:`project_root`.

    Raises:
        BenchError: the contract has no artifact; the message says how to build one.
    """
    if importlib.util.find_spec("sectoken.artifacts") is not None:  # precompiled artifacts, once shipped
        shipped = importlib.import_module("sectoken.artifacts")
        try:
            found = shipped.load(name)
        except (LookupError, ValueError):  # not shipped (or unreadable): brownie's build may have it
            found = None
        if found is not None and len(found.bytecode) > 2:
            return Artifact(name, found.abi, _hex(found.bytecode), "sectoken.artifacts")
    path = (root or project_root()) / "build" / "contracts" / f"{name}.json"
    if not path.is_file():
        raise BenchError(
            f"No compiled artifact for {name}: run `brownie compile` in the repository root (looked for {path})."
        )
    data = json.loads(path.read_text())
    bytecode = str(data.get("bytecode", ""))
    if not bytecode.removeprefix("0x"):
        raise BenchError(f"{path} has no bytecode: {name} is abstract or an interface.")
    return Artifact(name, cast(ABI, data["abi"]), _hex(bytecode), str(path))


@dataclass
class NpmPackage:
    """An npm package that ships Hardhat artifacts (``artifacts/contracts/**/<Name>.json``).

    Attributes:
        name: The package name, e.g. ``"@tokenysolutions/t-rex"``.
        root: The package folder inside ``node_modules``.
    """

    name: str
    root: Path
    _index: dict[str, Path] = field(default_factory=dict, repr=False)

    @classmethod
    def find(cls, name: str, expected_version: str, start: Path | None = None) -> NpmPackage:
        """Locate ``name`` in ``node_modules`` and check its version.

        Raises:
            BenchError: the package is missing or has another version.
        """
        root = (start or project_root()) / "node_modules" / name
        manifest = root / "package.json"
        if not manifest.is_file():
            raise BenchError(f"{name} is not installed (looked in {root}); run `make setup` (npm ci).")
        version = str(json.loads(manifest.read_text()).get("version", "?"))
        if version != expected_version:
            raise BenchError(f"{name} is version {version}; the benchmark expects {expected_version} (npm ci).")
        return cls(name, root)

    @property
    def version(self) -> str:
        """The installed version."""
        return str(json.loads((self.root / "package.json").read_text())["version"])

    def _build_index(self) -> None:
        base = self.root / "artifacts" / "contracts"
        for path in base.rglob("*.json"):
            if path.name.endswith(".dbg.json"):
                continue
            self._index.setdefault(path.stem, path)

    def load(self, contract: str) -> Artifact:
        """Load the artifact of ``contract`` (its own, not a copy compiled into another package).

        Raises:
            BenchError: the package has no deployable artifact of that name.
        """
        if not self._index:
            self._build_index()
        path = self._index.get(contract)
        if path is None:
            raise BenchError(f"{self.name} ships no artifact named {contract}")
        data: dict[str, Any] = json.loads(path.read_text())
        if data.get("linkReferences"):
            raise BenchError(f"{contract} needs linked libraries, which the benchmark does not deploy")
        bytecode = str(data.get("bytecode", ""))
        if not bytecode.removeprefix("0x"):
            raise BenchError(f"{contract} in {self.name} has no bytecode (abstract or interface)")
        relative = path.relative_to(self.root.parent.parent if self.name.startswith("@") else self.root.parent)
        return Artifact(contract, cast(ABI, data["abi"]), _hex(bytecode), f"{relative} {self.version}")
