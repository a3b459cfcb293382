"""Each holder claims their share with a proof; a claim pays once, only with a valid proof, and only the holder."""

import brownie


def test_every_holder_claims_with_their_proof(distributor, publish, payment, cast):
    published = publish()
    tree = published.tree
    assert len(tree) == len(cast.holders)
    for holder in cast.holders:
        claim = tree.claim(holder.address)
        before = payment.balanceOf(holder)

        tx = distributor.claim(published.id, claim.index, holder, claim.amount, claim.proof, {"from": holder})

        assert payment.balanceOf(holder) - before == claim.amount
        ev = tx.events["Claimed"]
        assert (ev["distributionId"], ev["index"], ev["account"], ev["amount"], ev["caller"]) == (
            published.id,
            claim.index,
            holder,
            claim.amount,
            holder,
        )
        assert distributor.isClaimed(published.id, claim.index)
    assert distributor.distribution(published.id)["claimed"] == published.allocation.allocated


def test_contract_leaf_matches_the_python_leaf(distributor, publish):
    from sectoken.distribution import leaf_hash

    claim = publish().tree.claims()[2]
    assert bytes(distributor.leaf(claim.index, claim.account, claim.amount)) == leaf_hash(
        claim.index, claim.account, claim.amount
    )


def test_second_claim_is_refused(distributor, publish, payment, cast, err):
    published = publish()
    holder = cast.holders[1]
    claim = published.tree.claim(holder.address)
    distributor.claim(published.id, claim.index, holder, claim.amount, claim.proof, {"from": holder})
    before = payment.balanceOf(holder)
    with brownie.reverts(err("DistributionAlreadyClaimed", published.id, claim.index)):
        distributor.claim(published.id, claim.index, holder, claim.amount, claim.proof, {"from": holder})
    assert payment.balanceOf(holder) == before


def test_wrong_proof_or_inflated_amount_is_refused(distributor, publish, cast, err):
    published = publish()
    holder, other = cast.holders[0], cast.holders[1]
    claim = published.tree.claim(holder.address)
    wrong_proof = published.tree.proof(other.address)
    with brownie.reverts(err("DistributionInvalidProof", published.id, claim.index, holder, claim.amount)):
        distributor.claim(published.id, claim.index, holder, claim.amount, wrong_proof, {"from": holder})
    with brownie.reverts(
        err("DistributionInvalidProof", published.id, claim.index, holder, claim.amount * 2)
    ):
        distributor.claim(published.id, claim.index, holder, claim.amount * 2, claim.proof, {"from": holder})


def test_anyone_can_push_a_claim_but_only_the_holder_is_paid(distributor, publish, payment, cast):
    published = publish()
    holder = cast.holders[2]
    claim = published.tree.claim(holder.address)
    relayer_before, holder_before = payment.balanceOf(cast.outsider), payment.balanceOf(holder)

    tx = distributor.claim(
        published.id, claim.index, holder, claim.amount, claim.proof, {"from": cast.outsider}
    )

    assert payment.balanceOf(holder) - holder_before == claim.amount
    assert payment.balanceOf(cast.outsider) == relayer_before
    assert tx.events["Claimed"]["caller"] == cast.outsider
    assert tx.events["Transfer"]["to"] == holder


def test_a_relayer_cannot_redirect_a_claim_to_itself(distributor, publish, cast, err):
    published = publish()
    claim = published.tree.claim(cast.holders[2].address)
    with brownie.reverts(
        err("DistributionInvalidProof", published.id, claim.index, cast.outsider, claim.amount)
    ):
        distributor.claim(
            published.id, claim.index, cast.outsider, claim.amount, claim.proof, {"from": cast.outsider}
        )


def test_excluded_treasury_has_no_claim(publish, cast):
    published = publish()
    assert cast.issuer.address not in published.tree
    assert published.allocation.excluded == (cast.issuer.address,)


def test_claims_of_one_distribution_do_not_count_in_another(distributor, publish, cast):
    first, second = publish(), publish(total=5_000)
    holder = cast.holders[0]
    claim = first.tree.claim(holder.address)
    distributor.claim(first.id, claim.index, holder, claim.amount, claim.proof, {"from": holder})
    assert not distributor.isClaimed(second.id, claim.index)
    claim2 = second.tree.claim(holder.address)
    distributor.claim(second.id, claim2.index, holder, claim2.amount, claim2.proof, {"from": holder})
