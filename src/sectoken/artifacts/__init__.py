"""Precompiled contract artifacts shipped in the package, so deploying needs no compiler.

One slim JSON file per project contract and interface (ABI, creation and runtime bytecode, their
SHA-256, compiler version, and where the runtime code holds each immutable: solc's ``immutableReferences``,
by variable name) lives beside this module. They are generated from brownie's build folder::

    brownie compile && python -m sectoken.artifacts build

and a test checks they equal a fresh compile.

Example:
    >>> from sectoken import artifacts
    >>> token = artifacts.load("SmokeToken")
    >>> token.deployable
    True
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias, cast

from eth_typing import ABI, HexStr

from sectoken.artifacts import immutables
from sectoken.errors import ArtifactNotFoundError, ConfigError

__all__ = [
    "ARTIFACTS_DIR",
    "EXTERNAL_CONTRACTS",
    "Artifact",
    "ArtifactKind",
    "ImmutableReferences",
    "collect",
    "load",
    "load_all",
    "names",
    "write",
]

#: Where the shipped artifacts live (this package's folder).
ARTIFACTS_DIR = Path(__file__).resolve().parent

#: Contracts from outside the project (OpenZeppelin) that are shipped because suites deploy them.
EXTERNAL_CONTRACTS: frozenset[str] = frozenset({"ERC1967Proxy"})

#: Source folders whose contracts and interfaces belong to the project.
PROJECT_SOURCES = ("contracts/", "interfaces/")

ArtifactKind = Literal["contract", "interface", "library"]

#: Where the runtime code holds each immutable: ``(offset, length)`` of each place its value is written, by the
#: variable's name (``"SecurityToken._admin"``); the artifact's runtime code has zeros there.
ImmutableReferences: TypeAlias = Mapping[str, tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class Artifact:
    """A compiled contract or interface.

    Attributes:
        name: The contract's name, e.g. ``"SmokeToken"``.
        kind: ``"contract"``, ``"interface"`` or ``"library"``.
        source_path: The Solidity file it was compiled from, relative to the project.
        abi: The contract ABI.
        bytecode: Creation bytecode as ``0x``-hex (``""`` for interfaces and abstract contracts).
        deployed_bytecode: Runtime bytecode as ``0x``-hex (``""`` when there is none).
        bytecode_sha256: SHA-256 of the creation bytecode's bytes, hex (``""`` when there is none).
        deployed_bytecode_sha256: SHA-256 of the runtime bytecode's bytes, hex (``""`` when none).
        compiler: The solc version that compiled it (``""`` for interfaces compiled on their own).
        immutable_references: Where the runtime code holds each immutable (none for most contracts).
    """

    name: str
    kind: ArtifactKind
    source_path: str
    abi: ABI
    bytecode: HexStr
    deployed_bytecode: HexStr
    bytecode_sha256: str
    deployed_bytecode_sha256: str
    compiler: str
    immutable_references: ImmutableReferences = dataclasses.field(default_factory=dict)

    @property
    def deployable(self) -> bool:
        """Whether the artifact has creation bytecode and so can be deployed."""
        return self.kind == "contract" and len(self.bytecode) > 2

    def immutables_in(self, code: bytes) -> dict[str, bytes] | None:
        """Read the immutables' values from runtime ``code`` that is this artifact's.

        Args:
            code: Runtime code, as the chain holds it (``eth_getCode``).

        Returns:
            Each immutable's value (32 bytes), by name, if ``code`` equals the artifact's runtime code
            everywhere but at the immutables' places (each immutable with one value at all its places);
            ``None`` if it differs anywhere else (another contract or another version of this one).
        """
        expected = bytes.fromhex(self.deployed_bytecode.removeprefix("0x"))
        if len(code) != len(expected) or not expected:
            return None
        masked = bytearray(code)
        values: dict[str, bytes] = {}
        for name, places in self.immutable_references.items():
            found = {bytes(code[start : start + length]) for start, length in places}
            if len(found) != 1:
                return None
            values[name] = found.pop()
            for start, length in places:
                masked[start : start + length] = expected[start : start + length]
        return values if masked == expected else None

    def to_json(self) -> dict[str, Any]:
        """Return the artifact as the JSON object written to disk."""
        return {
            "contractName": self.name,
            "kind": self.kind,
            "sourcePath": self.source_path,
            "compiler": self.compiler,
            "bytecodeSha256": self.bytecode_sha256,
            "deployedBytecodeSha256": self.deployed_bytecode_sha256,
            "abi": list(self.abi),
            "bytecode": self.bytecode,
            "deployedBytecode": self.deployed_bytecode,
            "immutableReferences": immutables.dump(self.immutable_references),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Artifact:
        """Build an artifact from its JSON object.

        Raises:
            ConfigError: a field is missing.
        """
        try:
            return cls(
                name=str(data["contractName"]),
                kind=cast(ArtifactKind, data["kind"]),
                source_path=str(data["sourcePath"]),
                abi=cast(ABI, data["abi"]),
                bytecode=HexStr(data["bytecode"]),
                deployed_bytecode=HexStr(data["deployedBytecode"]),
                bytecode_sha256=str(data["bytecodeSha256"]),
                deployed_bytecode_sha256=str(data["deployedBytecodeSha256"]),
                compiler=str(data["compiler"]),
                immutable_references=immutables.load(data["immutableReferences"]),
            )
        except KeyError as missing:
            raise ConfigError(
                f"Artifact {data.get('contractName', '?')} lacks the field {missing}; regenerate the "
                "artifacts with `brownie compile && python -m sectoken.artifacts build`."
            ) from None


def _hex(code: str) -> HexStr:
    code = code.removeprefix("0x")
    return HexStr("0x" + code) if code else HexStr("")


def _sha256(code: HexStr) -> str:
    return hashlib.sha256(bytes.fromhex(code[2:])).hexdigest() if code else ""


def _from_build(data: Mapping[str, Any]) -> Artifact:
    bytecode = _hex(str(data.get("bytecode", "")))
    deployed = _hex(str(data.get("deployedBytecode", "")))
    compiler = data.get("compiler") or {}
    return Artifact(
        name=str(data["contractName"]),
        kind=cast(ArtifactKind, data["type"]),
        source_path=str(data.get("sourcePath", "")),
        abi=cast(ABI, data["abi"]),
        bytecode=bytecode,
        deployed_bytecode=deployed,
        bytecode_sha256=_sha256(bytecode),
        deployed_bytecode_sha256=_sha256(deployed),
        compiler=str(compiler.get("version", "")),
    )


#: Contracts whose calls they do not implement run a companion's code in their storage (to stay within the
#: EIP-170 size limit): their shipped ABI is theirs plus the companion's, as clients call them.
COMPANIONS: dict[str, str] = {"SecurityToken": "TokenAdmin"}


def _entry_key(entry: Mapping[str, Any]) -> tuple[str, str, str]:
    types = ",".join(str(i.get("type")) for i in entry.get("inputs", []))
    return (str(entry.get("type")), str(entry.get("name", "")), types)


def _with_companion(artifact: Artifact, companion: Artifact) -> Artifact:
    """``artifact`` with the ABI entries of ``companion`` it lacks (its own code and hashes unchanged)."""
    seen = {_entry_key(entry) for entry in artifact.abi}
    extra = [entry for entry in companion.abi if _entry_key(entry) not in seen and entry.get("type") != "constructor"]
    return dataclasses.replace(artifact, abi=cast(ABI, [*artifact.abi, *extra]))


def _shipped(data: Mapping[str, Any]) -> bool:
    name = str(data.get("contractName", ""))
    if name in EXTERNAL_CONTRACTS:
        return True
    source = str(data.get("sourcePath", ""))
    if not source.startswith(PROJECT_SOURCES):
        return False
    kind = data.get("type")
    if kind == "interface":
        return True
    if kind == "library":
        # Libraries of internal functions are inlined; only ones with an external ABI are deployed.
        return bool(data.get("abi"))
    return kind == "contract" and bool(data.get("bytecode"))


def collect(build_dir: Path, shipped_dir: Path = ARTIFACTS_DIR) -> dict[str, Artifact]:
    """Read brownie's build folder and return the artifacts the package ships, by name.

    brownie's build keeps no ``immutableReferences``: they are taken from the artifacts in ``shipped_dir`` for
    a runtime code that did not change, else the project is compiled again for them (see
    :mod:`sectoken.artifacts.immutables`).

    Args:
        build_dir: brownie's ``build`` folder (holding ``contracts/`` and ``interfaces/``).
        shipped_dir: The artifacts shipped so far (the package's by default).

    Returns:
        Project contracts that can be deployed, project interfaces, libraries with an external ABI and
        the :data:`EXTERNAL_CONTRACTS`, sorted by name.

    Raises:
        ConfigError: the folder holds no compiled contracts; the immutables' places cannot be found (the
            project does not compile to brownie's build).
    """
    found: dict[str, Artifact] = {}
    files = sorted((build_dir / "contracts").glob("*.json")) + sorted((build_dir / "interfaces").glob("*.json"))
    if not files:
        raise ConfigError(f"No compiled contracts in {build_dir}; run `brownie compile` in the project first.")
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if "type" not in data and path.parent.name == "interfaces":
            data["type"] = "interface"
        data.setdefault("sourcePath", f"interfaces/{path.stem}.sol" if path.parent.name == "interfaces" else "")
        if _shipped(data) and data["contractName"] not in found:
            found[data["contractName"]] = _from_build(data)
    for name, companion in COMPANIONS.items():
        if name in found and companion in found:
            found[name] = _with_companion(found[name], found[companion])
    for name, refs in immutables.references(found, build_dir, _readable(shipped_dir)).items():
        found[name] = dataclasses.replace(found[name], immutable_references=refs)
    return dict(sorted(found.items()))


def _readable(directory: Path) -> dict[str, Artifact]:
    """The artifacts in ``directory`` that load (one of an older format is not)."""
    found: dict[str, Artifact] = {}
    for name in names(directory):
        with contextlib.suppress(ConfigError, ValueError, TypeError):
            found[name] = load(name, directory)
    return found


def _dump(artifact: Artifact) -> str:
    return json.dumps(artifact.to_json(), indent=1, sort_keys=False) + "\n"


def write(artifacts: Iterable[Artifact], out_dir: Path = ARTIFACTS_DIR) -> list[Path]:
    """Write artifacts as ``<name>.json`` into ``out_dir`` and remove JSON files no longer generated.

    Each file is written atomically (a temporary file renamed over the old one).

    Args:
        artifacts: The artifacts to write.
        out_dir: The destination folder (the package folder by default).

    Returns:
        The paths written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for artifact in artifacts:
        target = out_dir / f"{artifact.name}.json"
        fd, tmp = tempfile.mkstemp(prefix=f".{artifact.name}.", suffix=".tmp", dir=out_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_dump(artifact))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        written.append(target)
    keep = set(written)
    for stale in out_dir.glob("*.json"):
        if stale not in keep:
            stale.unlink()
    return written


def names(directory: Path = ARTIFACTS_DIR) -> list[str]:
    """Return the names of the artifacts in ``directory`` (the shipped ones by default), sorted."""
    return sorted(path.stem for path in directory.glob("*.json"))


def load(name: str, directory: Path = ARTIFACTS_DIR) -> Artifact:
    """Load one artifact by contract name.

    Args:
        name: The contract or interface name, e.g. ``"SmokeToken"``.
        directory: Where to look (the shipped artifacts by default).

    Returns:
        The :class:`Artifact`.

    Raises:
        ArtifactNotFoundError: no artifact has that name; the message suggests close names and lists
            the known ones.
    """
    path = directory / f"{name}.json"
    if not path.is_file():
        known = names(directory)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        listing = ", ".join(known) if known else "none"
        raise ArtifactNotFoundError(f"No artifact named '{name}'.{hint} Known artifacts: {listing}.")
    return Artifact.from_json(json.loads(path.read_text(encoding="utf-8")))


def load_all(directory: Path = ARTIFACTS_DIR) -> dict[str, Artifact]:
    """Load every artifact in ``directory`` (the shipped ones by default), by name."""
    return {name: load(name, directory) for name in names(directory)}
