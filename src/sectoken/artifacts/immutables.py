"""Where each immutable of a contract sits in its runtime code: solc's ``immutableReferences``, for the artifacts.

The compiler leaves 32 bytes of zeros in the runtime code at each place an immutable is read (the argument of
a ``PUSH32``); the constructor writes the value there. solc reports these places in its standard-JSON output
(``evm.deployedBytecode.immutableReferences``: runtime offsets and lengths by the declaration's AST id), which
brownie's build folder does not keep. :func:`references` gives them for every artifact whose runtime code has
such places, keyed by the variable's name (``"SecurityToken._admin"``, ``"UUPSUpgradeable.__self"``) rather
than by an AST id that any edit renumbers:

- from the artifacts shipped already, for a contract whose runtime code is byte for byte the shipped one (the
  same compile: the code ends with the hash of its sources and settings);
- else by compiling the project's sources again with the settings of its ``brownie-config.yaml`` (what
  brownie compiles with, so the runtime code must come out equal to brownie's build; about 25 s).

Either way the places must be exactly the ``PUSH32`` arguments of zeros in the runtime code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sectoken.errors import ConfigError

if TYPE_CHECKING:
    from sectoken.artifacts import Artifact, ImmutableReferences

__all__ = ["dump", "load", "placeholders", "references"]

_PUSH1, _PUSH32 = 0x60, 0x7F
_WORD = 32
REGENERATE = "brownie compile && python -m sectoken.artifacts build"


def placeholders(runtime: bytes) -> list[int]:
    """The offsets of the immutables' places in ``runtime`` code: each ``PUSH32`` argument of 32 zero bytes.

    The instructions are walked from the start (a push's argument is no instruction) up to the compiler's
    metadata at the end (its length is in the code's last two bytes).
    """
    end = len(runtime)
    if end >= 2:
        metadata = int.from_bytes(runtime[-2:], "big") + 2
        end = end - metadata if metadata <= end else end
    found: list[int] = []
    pc = 0
    while pc < end:
        op = runtime[pc]
        size = op - _PUSH1 + 1 if _PUSH1 <= op <= _PUSH32 else 0
        if op == _PUSH32 and runtime[pc + 1 : pc + 1 + _WORD] == bytes(_WORD):
            found.append(pc + 1)
        pc += 1 + size
    return found


def _runtime(artifact: Artifact) -> bytes:
    return bytes.fromhex(artifact.deployed_bytecode.removeprefix("0x"))


def _fits(artifact: Artifact, refs: ImmutableReferences) -> bool:
    """Whether ``refs`` name exactly the immutables' places in the artifact's runtime code."""
    starts = sorted(start for places in refs.values() for start, length in places if length == _WORD)
    lengths_ok = all(length == _WORD for places in refs.values() for _, length in places)
    return lengths_ok and starts == placeholders(_runtime(artifact))


def references(
    found: Mapping[str, Artifact], build_dir: Path, shipped: Mapping[str, Artifact]
) -> dict[str, ImmutableReferences]:
    """The immutables' places in the runtime code of each artifact of ``found`` that has any, by name.

    Args:
        found: The artifacts read from brownie's build folder (without their immutables' places).
        build_dir: brownie's build folder, in the project whose sources are compiled if need be.
        shipped: The artifacts shipped so far, whose places are reused for an unchanged runtime code.

    Returns:
        For each artifact with an immutable, its places by variable name; none for the others.

    Raises:
        ConfigError: the project cannot be compiled, compiles to another runtime code than brownie's build
            (the build is stale), or the places do not match the runtime code.
    """
    wanted = {name: artifact for name, artifact in found.items() if placeholders(_runtime(artifact))}
    result: dict[str, ImmutableReferences] = {}
    for name, artifact in wanted.items():
        old = shipped.get(name)
        if old is not None and old.deployed_bytecode == artifact.deployed_bytecode and _fits(artifact, old.immutable_references):
            result[name] = old.immutable_references
    missing = {name: artifact for name, artifact in wanted.items() if name not in result}
    if missing:
        result.update(_compiled(missing, build_dir.resolve().parent))
    for name, refs in result.items():
        if not _fits(wanted[name], refs):
            raise ConfigError(
                f"The immutables' places solc gives for {name} are not the PUSH32 placeholders of its runtime code; "
                f"regenerate the artifacts with `{REGENERATE}`."
            )
    return dict(sorted(result.items()))


def _compiled(wanted: Mapping[str, Artifact], project: Path) -> dict[str, ImmutableReferences]:
    """Compile the sources of ``wanted`` as brownie does (the project's ``brownie-config.yaml``) and read
    solc's ``immutableReferences``, named after the variables' declarations."""
    import solcx  # the compiler's driver: only the builder needs it

    settings_file = project / "brownie-config.yaml"
    try:
        compiler = (yaml.safe_load(settings_file.read_text(encoding="utf-8")) or {}).get("compiler") or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"Cannot read the compiler settings in {settings_file}: {error}") from None
    solc = compiler.get("solc") or {}
    paths = sorted({artifact.source_path for artifact in wanted.values()})
    settings: dict[str, Any] = {
        "outputSelection": {
            "*": {"": ["ast"]},
            **{
                path: {
                    artifact.name: ["evm.deployedBytecode.object", "evm.deployedBytecode.immutableReferences"]
                    for artifact in wanted.values()
                    if artifact.source_path == path
                }
                for path in paths
            },
        },
        "evmVersion": solc.get("evm_version", compiler.get("evm_version")),
        "remappings": list(solc.get("remappings") or []),
        "optimizer": solc.get("optimizer") or {"enabled": True, "runs": 200},
    }
    with contextlib.chdir(project):  # source names and remappings are relative to the project, as brownie has them
        try:
            sources = {path: {"content": Path(path).read_text(encoding="utf-8")} for path in paths}
            output = solcx.compile_standard(
                {"language": "Solidity", "sources": sources, "settings": settings},
                solc_version=solc.get("version"), allow_paths=str(project),
            )
        except (OSError, solcx.exceptions.SolcError, solcx.exceptions.SolcNotInstalled) as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ConfigError(f"Compiling {project}'s contracts for their immutables failed: {first}") from None
    names = dict(_immutable_declarations(source["ast"] for source in output.get("sources", {}).values()))
    result: dict[str, ImmutableReferences] = {}
    for artifact in wanted.values():
        compiled = output["contracts"][artifact.source_path][artifact.name]["evm"]["deployedBytecode"]
        if "0x" + compiled["object"] != artifact.deployed_bytecode:
            raise ConfigError(
                f"{artifact.name} compiles to another runtime code than brownie's build folder holds: the build is "
                f"stale; regenerate the artifacts with `{REGENERATE}`."
            )
        result[artifact.name] = {
            names[int(ident)]: tuple((int(place["start"]), int(place["length"])) for place in places)
            for ident, places in sorted(compiled["immutableReferences"].items(), key=lambda item: names[int(item[0])])
        }
    return result


def _immutable_declarations(asts: Iterable[Any]) -> Iterator[tuple[int, str]]:
    """(AST id, ``"Contract.variable"``) of every immutable declared in ``asts``."""
    for ast in asts:
        for contract in ast.get("nodes", []):
            if contract.get("nodeType") != "ContractDefinition":
                continue
            for node in contract.get("nodes", []):
                if node.get("nodeType") == "VariableDeclaration" and node.get("mutability") == "immutable":
                    yield int(node["id"]), f"{contract['name']}.{node['name']}"


def dump(refs: ImmutableReferences) -> dict[str, list[dict[str, int]]]:
    """The places as the artifact's JSON keeps them (solc's shape: ``{"start": ..., "length": ...}``)."""
    return {name: [{"start": start, "length": length} for start, length in places] for name, places in refs.items()}


def load(data: Any) -> ImmutableReferences:
    """The places from the artifact's JSON (raises ``KeyError``/``TypeError``/``ValueError`` if malformed)."""
    return {str(name): tuple((int(p["start"]), int(p["length"])) for p in places) for name, places in dict(data).items()}
