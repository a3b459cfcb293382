"""The distribution tree is OpenZeppelin's standard Merkle tree: `@openzeppelin/merkle-tree` (npm, run in
Node) builds the same root, the same JSON dump and the same proofs from the same claims, and loads and
verifies sectoken's export (tests/clients/merkle_tree.js)."""

import json
import random
import subprocess
from pathlib import Path

from eth_utils import to_checksum_address

from sectoken.distribution import DistributionTree
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "clients" / "merkle_tree.js"


def _amounts(size: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    return {to_checksum_address(f"0x{rng.getrandbits(160):040x}"): rng.randint(1, 10**24) for _ in range(size)}


def _openzeppelin(distributions, dumps):
    out = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps({"distributions": distributions, "dumps": dumps}), cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_root_dump_and_every_proof_equal_the_openzeppelin_packages():
    trees = [DistributionTree(_amounts(size, seed)) for seed, size in enumerate((1, 2, 3, 4, 5, 7, 8, 33, 250))]
    values = [[[str(c.index), c.account, str(c.amount)] for c in tree.claims()] for tree in trees]
    answer = _openzeppelin(values, [tree.dump() for tree in trees])
    for tree, built, loaded in zip(trees, answer["built"], answer["loaded"], strict=True):
        assert built["root"] == "0x" + tree.root.hex()
        assert built["dump"] == tree.dump()
        assert built["proofs"] == [["0x" + p.hex() for p in c.proof] for c in tree.claims()]
        assert loaded == {"root": "0x" + tree.root.hex(), "verified": True}
