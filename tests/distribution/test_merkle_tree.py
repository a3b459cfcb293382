"""The Merkle tree: every holder's proof verifies with sorted-pair hashing, anything else does not."""

import pytest
from eth_abi.abi import encode
from eth_utils.crypto import keccak
from hypothesis import given
from hypothesis import strategies as st

from sectoken.distribution import (
    DistributionTree,
    allocate,
    build_tree,
    claim_batches,
    leaf_hash,
    verify_proof,
)
from sectoken.errors import ValidationError
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)


def _holders(n):
    return {"0x" + f"{i + 1:040x}": (i + 1) * 1_000 for i in range(n)}


def test_leaf_is_the_double_hash_of_the_abi_encoded_claim():
    account = "0x" + "ab" * 20
    expected = keccak(keccak(encode(["uint256", "address", "uint256"], [3, account, 42])))
    assert leaf_hash(3, account, 42) == expected


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13])
def test_every_holder_has_a_proof_that_verifies(n):
    tree = DistributionTree(_holders(n))
    assert len(tree) == n
    for claim in tree.claims():
        assert verify_proof(claim.proof, tree.root, leaf_hash(claim.index, claim.account, claim.amount))


def test_a_single_claim_is_its_own_root():
    tree = DistributionTree({"0x" + "01" * 20: 5})
    claim = tree.claims()[0]
    assert claim.proof == ()
    assert tree.root == leaf_hash(0, claim.account, 5)


def test_proof_does_not_verify_a_different_amount_account_or_index():
    tree = DistributionTree(_holders(5))
    claim, other = tree.claims()[1], tree.claims()[2]
    assert not verify_proof(claim.proof, tree.root, leaf_hash(claim.index, claim.account, claim.amount + 1))
    assert not verify_proof(claim.proof, tree.root, leaf_hash(claim.index, other.account, claim.amount))
    assert not verify_proof(claim.proof, tree.root, leaf_hash(other.index, claim.account, claim.amount))


def test_root_does_not_depend_on_input_order_or_address_case():
    holders = _holders(6)
    shuffled = {k.upper().replace("0X", "0x"): v for k, v in reversed(list(holders.items()))}
    assert DistributionTree(holders).root == DistributionTree(shuffled).root


def test_unknown_account_has_no_proof():
    tree = DistributionTree(_holders(3))
    with pytest.raises(ValidationError, match="has no claim"):
        tree.proof("0x" + "ee" * 20)
    assert "0x" + "ee" * 20 not in tree


def test_empty_or_zero_amounts_are_refused():
    with pytest.raises(ValidationError, match="at least one claim"):
        DistributionTree({})
    with pytest.raises(ValidationError, match="positive integer"):
        DistributionTree({"0x" + "01" * 20: 0})


def test_tree_of_an_allocation_totals_the_allocated_amount():
    allocation = allocate(_holders(7), 10**6 + 3)
    tree = build_tree(allocation)
    assert tree.total == allocation.allocated
    published = tree.as_dict()
    assert published["root"] == "0x" + tree.root.hex()
    assert [c["index"] for c in published["claims"]] == list(range(len(tree)))


def test_batches_cover_every_unpaid_claim_once():
    tree = DistributionTree(_holders(10))
    batches = claim_batches(tree, size=4, skip={0, 5})
    assert [len(b) for b in batches] == [4, 4]
    assert sorted(c.index for b in batches for c in b) == [1, 2, 3, 4, 6, 7, 8, 9]


@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=2**160 - 1),
        st.integers(min_value=1, max_value=2**128),
        min_size=1,
        max_size=30,
    )
)
def test_every_proof_verifies_for_any_set_of_claims(raw):
    tree = DistributionTree({"0x" + f"{a:040x}": amount for a, amount in raw.items()})
    for claim in tree.claims():
        assert verify_proof(claim.proof, tree.root, leaf_hash(claim.index, claim.account, claim.amount))
