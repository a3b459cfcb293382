// Builds distributions with @openzeppelin/merkle-tree's StandardMerkleTree, for
// tests/distribution/test_openzeppelin_tree.py: reads {"distributions": [[[index, account, amount], ...], ...],
// "dumps": [dump, ...]} on stdin; prints, per distribution, the root, the dump and every value's proof, and
// per given dump (sectoken's export) whether the package loads it and verifies every value against its root.
"use strict";
const fs = require("fs");
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");

const ENCODING = ["uint256", "address", "uint256"];
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const built = request.distributions.map((values) => {
  const tree = StandardMerkleTree.of(values, ENCODING);
  return { root: tree.root, dump: tree.dump(), proofs: values.map((_, i) => tree.getProof(i)) };
});
const loaded = request.dumps.map((dump) => {
  const tree = StandardMerkleTree.load(dump);
  const verified = [...tree.entries()].every(([i, value]) =>
    StandardMerkleTree.verify(tree.root, ENCODING, value, tree.getProof(i)));
  return { root: tree.root, verified };
});
process.stdout.write(JSON.stringify({ built, loaded }));
