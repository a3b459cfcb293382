"""Funding: only an agent of the security creates a distribution, the sum paid never exceeds the funding,
and the rounding dust is what remains once everyone has claimed."""

import brownie


def test_creation_transfers_the_funding_and_records_it(distributor, publish, payment, security, cast):
    before = payment.balanceOf(cast.issuer)
    published = publish()
    coupon = published.allocation.total
    assert before - payment.balanceOf(cast.issuer) == coupon
    ev = published.tx.events["DistributionCreated"]
    assert (
        ev["distributionId"],
        ev["security"],
        ev["paymentToken"],
        ev["issuer"],
        ev["root"],
        ev["funded"],
        ev["recordBlock"],
        ev["deadline"],
    ) == (
        published.id,
        security,
        payment,
        cast.issuer,
        "0x" + published.tree.root.hex(),
        coupon,
        published.record_block,
        published.deadline,
    )
    info = distributor.distribution(published.id)
    assert (info["issuer"], info["funded"], info["claimed"], info["reclaimed"]) == (
        cast.issuer,
        coupon,
        0,
        False,
    )
    assert distributor.distributionCount() == 1


def test_sum_paid_is_the_allocation_and_the_dust_stays(distributor, publish, payment):
    published = publish()
    allocation = published.allocation
    coupon = allocation.total
    assert allocation.dust > 0  # the coupon does not divide evenly among these holdings
    distributor.batchClaim(published.id, [c.as_tuple() for c in published.tree.claims()])
    assert (
        distributor.distribution(published.id)["claimed"] == allocation.allocated == coupon - allocation.dust
    )
    assert payment.balanceOf(distributor) == allocation.dust


def test_underfunded_distribution_never_pays_more_than_its_funding(distributor, publish, payment, cast, err):
    coupon = 10**9
    published = publish(total=coupon, fund=coupon // 2)
    paid, refused = 0, 0
    for claim in published.tree.claims():
        remaining = coupon // 2 - paid
        if claim.amount > remaining:
            with brownie.reverts(err("DistributionExceedsFunding", published.id, remaining, claim.amount)):
                distributor.claim(published.id, claim.index, claim.account, claim.amount, claim.proof)
            refused += 1
        else:
            distributor.claim(published.id, claim.index, claim.account, claim.amount, claim.proof)
            paid += claim.amount
    assert refused > 0
    assert distributor.distribution(published.id)["claimed"] == paid <= coupon // 2
    assert payment.balanceOf(distributor) == coupon // 2 - paid


def test_one_distribution_cannot_spend_another_ones_funds(distributor, publish, payment, err):
    big = publish()
    small = publish(fund=10)  # the same tree, funded with almost nothing
    claim = small.tree.claims()[0]
    with brownie.reverts(err("DistributionExceedsFunding", small.id, 10, claim.amount)):
        distributor.claim(small.id, claim.index, claim.account, claim.amount, claim.proof)
    assert payment.balanceOf(distributor) == big.allocation.total + 10
    assert big.id != small.id


def test_only_an_agent_of_the_security_creates(distributor, security, payment, cast, chain, err):
    with brownie.reverts(err("DistributionNotAgent", security, cast.outsider)):
        distributor.createDistribution(
            security, payment, b"\x01" * 32, 100, 1, chain.time() + 100, {"from": cast.outsider}
        )


def test_invalid_parameters_are_refused(distributor, security, payment, cast, chain, err):
    now = chain.time()
    future_block = chain.height + 1_000  # reverted transactions are mined too, so leave room
    bad = [
        (security, payment, b"\x00" * 32, 100, 1, now + 100),  # no root
        (security, payment, b"\x01" * 32, 0, 1, now + 100),  # nothing funded
        (security, payment, b"\x01" * 32, 2**128, 1, now + 100),  # beyond uint128
        (security, payment, b"\x01" * 32, 100, future_block, now + 100),  # record block not in the past
        (security, payment, b"\x01" * 32, 100, 1, chain[-1].timestamp),  # deadline not in the future
        (security, "0x" + "00" * 20, b"\x01" * 32, 100, 1, now + 100),  # no payment token
    ]
    for args in bad:
        with brownie.reverts(err("DistributionInvalidParameters")):
            distributor.createDistribution(*args, {"from": cast.issuer})


def test_unknown_distribution_is_reported(distributor, err):
    with brownie.reverts(err("DistributionNotFound", 9)):
        distributor.distribution(9)
    with brownie.reverts(err("DistributionNotFound", 9)):
        distributor.claim(9, 0, "0x" + "00" * 20, 1, [])
