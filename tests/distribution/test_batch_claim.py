"""The tooling pushes claims for many holders in one `batchClaim`; claims already paid are skipped."""

import brownie

from sectoken.distribution import claim_batches


def test_one_batch_pays_every_holder(distributor, publish, payment, cast):
    published = publish()
    before = {h: payment.balanceOf(h) for h in cast.holders}

    tx = distributor.batchClaim(
        published.id, [c.as_tuple() for c in published.tree.claims()], {"from": cast.outsider}
    )

    assert tx.return_value == len(cast.holders)
    for holder in cast.holders:
        assert payment.balanceOf(holder) - before[holder] == published.allocation.amounts[holder.address]
    paid = [(e["account"], e["amount"]) for e in tx.events["Claimed"]]
    assert paid == [(c.account, c.amount) for c in published.tree.claims()]


def test_batches_resume_after_holders_claimed_themselves(distributor, publish, payment, cast):
    published = publish()
    early = published.tree.claim(cast.holders[3].address)
    distributor.claim(
        published.id, early.index, early.account, early.amount, early.proof, {"from": cast.holders[3]}
    )

    paid, indexes = 0, []
    for batch in claim_batches(published.tree, size=2):
        tx = distributor.batchClaim(published.id, [c.as_tuple() for c in batch], {"from": cast.issuer})
        paid += tx.return_value
        indexes += [e["index"] for e in tx.events["Claimed"]] if "Claimed" in tx.events else []

    assert paid == len(cast.holders) - 1
    assert sorted(indexes) == [c.index for c in published.tree.claims() if c.index != early.index]
    info = distributor.distribution(published.id)
    assert info["claimed"] == published.allocation.allocated
    assert payment.balanceOf(distributor) == published.allocation.dust


def test_batch_with_a_bad_claim_reverts_entirely(distributor, publish, payment, cast, err):
    published = publish()
    claims = [c.as_tuple() for c in published.tree.claims()]
    index, account, amount, proof = claims[-1]
    claims[-1] = (index, account, amount + 1, proof)
    before = [payment.balanceOf(h) for h in cast.holders]
    with brownie.reverts(err("DistributionInvalidProof", published.id, index, account, amount + 1)):
        distributor.batchClaim(published.id, claims, {"from": cast.outsider})
    assert [payment.balanceOf(h) for h in cast.holders] == before
