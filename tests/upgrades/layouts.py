"""The storage layout of the upgradeable contracts' ERC-7201 namespaced state, from the compiler.

`contracts/test/TestStorageLayouts.sol` declares each namespaced state struct as ordinary state, so that
solc's `storageLayout` output describes it: every member with its slot (relative to the namespace), offset
and type, nested structs included. Run `python -m tests.upgrades.layouts` to print the current layout
(the snapshot in `data/storage-layout.json` is the layout of the released implementations).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PROBE = "contracts/test/TestStorageLayouts.sol"
SNAPSHOT = Path(__file__).parent / "data" / "storage-layout.json"
REMAPPINGS = [
    "@openzeppelin/contracts=node_modules/@openzeppelin/contracts",
    "@openzeppelin/contracts-upgradeable=node_modules/@openzeppelin/contracts-upgradeable",
]


def _type_name(label: str) -> str:
    """A type's name without the compiler's AST ids (`t_struct(Lot)1599_storage` -> `t_struct(Lot)_storage`)."""
    return re.sub(r"\)\d+", ")", label)


def _members(types: dict[str, Any], type_id: str) -> list[dict[str, Any]]:
    members = []
    for member in types[type_id].get("members", []):
        entry = {
            "label": member["label"],
            "slot": int(member["slot"]),
            "offset": int(member["offset"]),
            "type": _type_name(member["type"]),
        }
        if types[member["type"]].get("members"):
            entry["members"] = _members(types, member["type"])
        members.append(entry)
    return members


def current() -> dict[str, list[dict[str, Any]]]:
    """Each namespaced state struct (by the probe's variable name) and its members, as compiled now."""
    import solcx
    from brownie.project import compiler

    source = (ROOT / PROBE).read_text()
    data = compiler.generate_input_json(
        {PROBE: source}, optimize=True, runs=200, evm_version="shanghai", remappings=REMAPPINGS
    )
    data["settings"]["outputSelection"] = {PROBE: {"TestStorageLayouts": ["storageLayout"]}}
    solcx.set_solc_version("0.8.30", silent=True)
    output = solcx.compile_standard(data, allow_paths=str(ROOT))
    layout = output["contracts"][PROBE]["TestStorageLayouts"]["storageLayout"]
    return {item["label"]: _members(layout["types"], item["type"]) for item in layout["storage"]}


def incompatible(released: list[dict[str, Any]], now: list[dict[str, Any]], where: str = "") -> list[str]:
    """What breaks between a released layout and the current one: a member moved, retyped, renamed or
    removed (new members after the released ones are fine)."""
    problems = []
    for index, old in enumerate(released):
        path = f"{where}{old['label']}"
        if index >= len(now):
            problems.append(f"{path}: removed")
            continue
        new = now[index]
        for key in ("label", "slot", "offset", "type"):
            if old[key] != new[key]:
                problems.append(f"{path}: {key} {old[key]!r} is now {new[key]!r}")
        if "members" in old:
            problems += incompatible(old["members"], new.get("members", []), f"{path}.")
    return problems


if __name__ == "__main__":
    json.dump(current(), sys.stdout, indent=1)
    print()
