"""After the deadline claims close and whatever is left (unclaimed shares and dust) returns to the issuer."""

import brownie


def test_reclaim_before_the_deadline_is_refused(distributor, publish, cast, err):
    published = publish()
    with brownie.reverts(err("DistributionClaimWindowOpen", published.id, published.deadline)):
        distributor.reclaim(published.id, {"from": cast.issuer})


def test_unclaimed_funds_and_dust_return_to_the_issuer(distributor, publish, payment, cast, warp):
    published = publish()
    claimed = published.tree.claims()[:2]
    for c in claimed:
        distributor.claim(published.id, c.index, c.account, c.amount, c.proof)
    warp(published.deadline + 60)
    before = payment.balanceOf(cast.issuer)

    tx = distributor.reclaim(published.id, {"from": cast.outsider})

    expected = published.allocation.total - sum(c.amount for c in claimed)
    assert payment.balanceOf(cast.issuer) - before == expected
    ev = tx.events["Reclaimed"]
    assert (ev["distributionId"], ev["issuer"], ev["amount"]) == (published.id, cast.issuer, expected)
    assert tx.return_value == expected
    assert distributor.distribution(published.id)["reclaimed"] is True
    assert payment.balanceOf(distributor) == 0


def test_claims_close_at_the_deadline(distributor, publish, cast, warp, err):
    published = publish()
    c = published.tree.claims()[0]
    warp(published.deadline + 60)
    with brownie.reverts(err("DistributionClaimWindowClosed", published.id, published.deadline)):
        distributor.claim(published.id, c.index, c.account, c.amount, c.proof, {"from": cast.holders[0]})
    with brownie.reverts(err("DistributionClaimWindowClosed", published.id, published.deadline)):
        distributor.batchClaim(published.id, [c.as_tuple()])


def test_reclaim_happens_once(distributor, publish, cast, warp, err):
    published = publish()
    warp(published.deadline + 60)
    distributor.reclaim(published.id)
    with brownie.reverts(err("DistributionAlreadyReclaimed", published.id)):
        distributor.reclaim(published.id)


def test_reclaim_leaves_other_distributions_whole(distributor, publish, payment, warp):
    short, long_ = publish(days=1), publish(days=60)
    warp(short.deadline + 60)
    distributor.reclaim(short.id)
    assert payment.balanceOf(distributor) == long_.allocation.total
    for c in long_.tree.claims():
        distributor.claim(long_.id, c.index, c.account, c.amount, c.proof)
    assert payment.balanceOf(distributor) == long_.allocation.dust
