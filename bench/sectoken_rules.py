"""sectoken under its flagship rules: the compliance of ``examples/uk-us-bond.yaml`` (country allow list,
eligibility by country, US lock-up, a daily transfer limit, a maximum balance, holder caps overall and for
the US, a supply limit), deployed as one more offering on the benchmark's shared registry.

Three UK professional investors (KYC and professional claims) take part: ``sender`` is issued tokens and
moves them once to ``holder`` (so the measured transfers find the transfer window open and the recipient
holding), then to a zero-balance recipient, to ``holder`` again, and through an allowance. Gas from
receipts, as every other row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from bench.artifacts import project_root
from bench.evm import Signer, gas_used
from bench.model import Measurement

if TYPE_CHECKING:
    from bench.sectoken_suite import Sectoken

__all__ = ["EXAMPLE", "measure_full_rules"]

EXAMPLE = "examples/uk-us-bond.yaml"
UK = 826
ETHER = 10**18


def measure_full_rules(side: Sectoken) -> dict[str, Measurement]:
    """Deploy an offering with the example's rules and measure issuance and transfers under them."""
    from sectoken.claims import TOPICS
    from sectoken.config import load_config

    chain, cast = side.chain, side.cast
    config = load_config(project_root() / EXAMPLE)
    composed = config.compliance()
    deployer = cast.deployer

    # One more offering on the shared storage, registry, implementations and factory: the factory's one
    # transaction (two proxies, the built-in rules switched on and set) and the registry's binding.
    calls = [(f"{c.module}", c.function, tuple(c.args)) for c in composed.module_calls()]
    token_contract, spent = side.deploy_offering(composed.modules(), calls, record=False)

    # The investors: UK professionals, whose claims come from an issuer of their own. Trusting a new issuer
    # keeps the storage's trust epoch (changing an issuer's topics would advance it and make every cached
    # identity record stale, so the benchmark's later rows would pay the registry's slow path).
    topics = [TOPICS["kyc"], TOPICS["professional"]]
    issuer, sender, holder, fresh, spender = (Signer.derived(f"rules {who}", f"sectoken bench rules {who}")
                                              for who in ("issuer", "sender", "holder", "fresh", "spender"))
    chain.fund(cast.funder, [issuer.address, sender.address, spender.address], ETHER)
    chain.send(deployer, side.storage.functions.addTrustedIssuer(issuer.address, topics), label="addTrustedIssuer")
    for investor in (sender, holder, fresh):
        identity = to_checksum_address(keccak(text=f"rules identity {investor.address}")[:20])
        chain.send(cast.agent, side.registry.functions.registerIdentity(investor.address, identity, UK),
                   label="registerIdentity")
        for topic in topics:
            chain.send(issuer, side.storage.functions.addClaim(identity, topic, side.claim_expiry()),
                       label="addClaim")

    functions = token_contract.functions
    minted = chain.send(cast.agent, functions.mint(sender.address, 1_000), label="mint")
    chain.send(cast.agent, functions.mint(holder.address, 10), label="mint")
    chain.send(sender, functions.transfer(holder.address, 10), label="transfer")  # opens the window
    to_fresh = chain.send(sender, functions.transfer(fresh.address, 10), label="transfer")
    to_holder = chain.send(sender, functions.transfer(holder.address, 10), label="transfer")
    chain.send(sender, functions.approve(spender.address, 100), label="approve")
    moved = chain.send(spender, functions.transferFrom(sender.address, holder.address, 10), label="transferFrom")

    note = f"rules of {EXAMPLE}: {', '.join(composed.modules())}"
    side.info["full_rules"] = {"example": EXAMPLE, "modules": list(composed.modules())}
    return {
        "rules.deploy.offering": Measurement(sum(spent), len(spent), note=f"factory transaction and registry binding; {note}"),
        "rules.mint.fresh": Measurement(gas_used(minted), 1),
        "rules.transfer.fresh": Measurement(gas_used(to_fresh), 1),
        "rules.transfer.existing": Measurement(gas_used(to_holder), 1),
        "rules.transfer_from": Measurement(gas_used(moved), 1),
    }
