"""Every contract of the project compiles with the offline compiler for shanghai, with the optimizer on."""

import json
from pathlib import Path

from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

ROOT = Path(__file__).resolve().parents[2]


def test_all_project_contracts_compiled_for_shanghai():
    # brownie compiles the project (only what changed) when the test session loads it
    sources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "contracts").rglob("*.sol"))
    assert sources, "no contracts found"
    compiled = {}
    for artifact in (ROOT / "build" / "contracts").glob("*.json"):
        data = json.loads(artifact.read_text())
        compiled.setdefault(data["sourcePath"], []).append(data)
    for source in sources:
        assert source in compiled, f"{source} was not compiled"
        for data in compiled[source]:
            assert data["compiler"]["evm_version"] == "shanghai"
            assert data["compiler"]["optimizer"]["enabled"] is True
            assert data["compiler"]["version"].startswith("0.8.30")
