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
from bench.evm import BenchError, Signer, gas_used
from bench.model import Measurement

if TYPE_CHECKING:
    from bench.sectoken_suite import Sectoken

__all__ = ["EXAMPLE", "SECOND_EDITION", "measure_full_rules"]

EXAMPLE = "examples/uk-us-bond.yaml"
UK = 826
ETHER = 10**18
ZERO = "0x0000000000000000000000000000000000000000"


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
    issuer, sender, holder, fresh, spender, later, bound_fresh = (
        Signer.derived(f"rules {who}", f"sectoken bench rules {who}")
        for who in ("issuer", "sender", "holder", "fresh", "spender", "later", "bound")
    )
    chain.fund(cast.funder, [issuer.address, sender.address, spender.address], ETHER)
    chain.send(deployer, side.storage.functions.addTrustedIssuer(issuer.address, topics), label="addTrustedIssuer")
    for investor in (sender, holder, fresh, later, bound_fresh):
        identity = to_checksum_address(keccak(text=f"rules identity {investor.address}")[:20])
        chain.send(cast.agent, side.registry.functions.registerIdentity(investor.address, identity, UK),
                   label="registerIdentity")
        for topic in topics:
            chain.send(issuer, side.storage.functions.addClaim(identity, topic, side.claim_expiry()),
                       label="addClaim")

    functions = token_contract.functions
    # The offering's first issuance also opens its supply word and its UK holder count (zero to non-zero
    # writes, once per offering); the second is a fresh UK holder's mint on an issued offering.
    first = chain.send(cast.agent, functions.mint(sender.address, 1_000), label="mint")
    minted = chain.send(cast.agent, functions.mint(holder.address, 10), label="mint")
    chain.send(sender, functions.transfer(holder.address, 10), label="transfer")  # opens the window
    to_fresh = chain.send(sender, functions.transfer(fresh.address, 10), label="transfer")
    to_holder = chain.send(sender, functions.transfer(holder.address, 10), label="transfer")
    chain.send(sender, functions.approve(spender.address, 100), label="approve")
    moved = chain.send(spender, functions.transferFrom(sender.address, holder.address, 10), label="transferFrom")

    note = f"rules of {EXAMPLE}: {', '.join(composed.modules())}"
    side.info["full_rules"] = {"example": EXAMPLE, "modules": list(composed.modules())}
    second = _second_edition(side, token_contract, (sender, holder, spender, later),
                             gas_used(to_holder), gas_used(to_fresh))
    bounds = _structural_floor(side, sender, holder, spender, bound_fresh, later,
                               sum(1 << topic for topic in topics))
    return second | bounds | {
        "rules.deploy.offering": Measurement(sum(spent), len(spent), note=f"factory transaction and registry binding; {note}"),
        "rules.mint.first": Measurement(gas_used(first), 1, note="the offering's first issuance, to a fresh UK holder"),
        "rules.mint.fresh": Measurement(gas_used(minted), 1, note="a fresh UK holder, the offering already issued"),
        "rules.transfer.fresh": Measurement(gas_used(to_fresh), 1),
        "rules.transfer.existing": Measurement(gas_used(to_holder), 1),
        "rules.transfer_from": Measurement(gas_used(moved), 1),
    }


#: The second edition's rules not in the example, each switched on alone over the full rules, with a
#: setting under which the measured transfer (UK holder to UK holder) passes: (module, [(function, args)]).
SECOND_EDITION: tuple[tuple[str, tuple[tuple[str, tuple[object, ...]], ...]], ...] = (
    ("FlowbackModule", (("setFlowbackEnd", (2**40 - 1,)),)),
    ("MinimumHoldingModule", (("setMinimumHolding", (5,)),)),
    ("MinimumTransferModule", (("setCountryMinimumTransfer", (UK, 5)),)),
)
#: The second edition's rules the example's packs switch on (12(g) non-accredited count, entity rules).
IN_EXAMPLE = ("NonAccreditedHoldersModule", "InvestorTypeModule")


def _second_edition(side: Sectoken, token: object, investors: tuple[Signer, Signer, Signer, Signer],
                    existing: int, fresh: int) -> dict[str, Measurement]:
    """Each second-edition rule the example lacks switched on alone over the full rules: the same
    holder-to-holder transfer (then the rule switched off again); the spender rule on a transferFrom by a
    listed operator; then the full rules without the second edition's rules the example has (``IN_EXAMPLE``):
    a transfer to a holder and one to a zero-balance recipient, to compare with the full rules' rows."""
    from sectoken.contracts.compliance import BUILTIN_MODULES

    chain, cast = side.chain, side.cast
    sender, holder, spender, later = investors
    functions = token.functions  # type: ignore[attr-defined]
    compliance = chain.at(side._artifact("ModularCompliance"), functions.compliance().call())
    shared = dict(zip(BUILTIN_MODULES, compliance.functions.builtinModules().call(), strict=True))
    out: dict[str, Measurement] = {}

    def switch(module: str, on: bool, settings: tuple[tuple[str, tuple[object, ...]], ...] = ()) -> None:
        address = shared[module]
        if not on:
            chain.send(cast.deployer, compliance.functions.removeModule(address), label="removeModule")
            return
        chain.send(cast.deployer, compliance.functions.addModule(address), label="addModule")
        contract = chain.at(side._artifact(module), address)
        for function, args in settings:
            data = bytes.fromhex(contract.encode_abi(function, args=list(args))[2:])
            chain.send(cast.deployer, compliance.functions.callModuleFunction(data, address),
                       label="callModuleFunction")

    def transfer(to: Signer) -> int:
        return gas_used(chain.send(sender, functions.transfer(to.address, 10), label="transfer"))

    for module, settings in SECOND_EDITION:
        switch(module, True, settings)
        used = transfer(holder)
        switch(module, False)
        out[f"rules2.{module}"] = Measurement(used, 1, note=f"{used - existing:+,} gas over the full rules")
    switch("SpenderModule", True, (("setOperator", (spender.address, True)),))
    chain.send(sender, functions.approve(spender.address, 100), label="approve")
    checked = chain.send(spender, functions.transferFrom(sender.address, holder.address, 10), label="transferFrom")
    switch("SpenderModule", False)
    chain.send(sender, functions.approve(spender.address, 100), label="approve")
    unchecked = chain.send(spender, functions.transferFrom(sender.address, holder.address, 10), label="transferFrom")
    out["rules2.SpenderModule"] = Measurement(
        gas_used(checked), 1, note=f"{gas_used(checked) - gas_used(unchecked):+,} gas over the same transferFrom unchecked"
    )
    for module in IN_EXAMPLE:
        if compliance.functions.isModuleBound(shared[module]).call():
            switch(module, False)
    to_holder, to_later = transfer(holder), transfer(later)
    out["rules2.without.existing"] = Measurement(
        to_holder, 1, note=f"the full rules' row is {existing - to_holder:+,} gas with them")
    out["rules2.without.fresh"] = Measurement(
        to_later, 1, note=f"the full rules' row is {fresh - to_later:+,} gas with them (the recipient is counted)")
    return out


def _structural_floor(side: Sectoken, sender: Signer, holder: Signer, spender: Signer, fresh: Signer,
                      minted: Signer, required: int) -> dict[str, Measurement]:
    """What the token's architecture costs before any rule: an OpenZeppelin ERC-20 behind the offering's
    ERC-1967 proxy (``contracts/test/StructuralFloorToken.sol``), alone, then reading both parties' records
    from the shared registry storage in one call (the registered UK investors of the rows above, verified
    against their claim topics): the same transfers as the full rules' rows, and a mint by the owner to a
    registered wallet holding nothing there (a fresh holder of a token already issued)."""
    chain, cast = side.chain, side.cast
    implementation = chain.deploy(cast.deployer, side.artifact("StructuralFloorToken")).contract
    proxy_artifact = side.artifact("OfferingProxy")
    out: dict[str, Measurement] = {}
    for variant, store in (("proxy", ZERO), ("registry", side.storage.address)):
        init = implementation.encode_abi(
            "initialize", args=[cast.deployer.address, sender.address, 10**6, store, required])
        proxy = chain.deploy(cast.deployer, proxy_artifact, implementation.address, bytes.fromhex(init[2:]))
        token = chain.at(side.artifact("StructuralFloorToken"), proxy.address).functions
        chain.send(sender, token.transfer(holder.address, 10), label="transfer")
        out[f"bound.{variant}.existing"] = Measurement(
            gas_used(chain.send(sender, token.transfer(holder.address, 10), label="transfer")), 1)
        out[f"bound.{variant}.fresh"] = Measurement(
            gas_used(chain.send(sender, token.transfer(fresh.address, 10), label="transfer")), 1)
        chain.send(sender, token.approve(spender.address, 100), label="approve")
        out[f"bound.{variant}.transfer_from"] = Measurement(gas_used(
            chain.send(spender, token.transferFrom(sender.address, holder.address, 10), label="transferFrom")), 1)
        out[f"bound.{variant}.mint"] = Measurement(
            gas_used(chain.send(cast.deployer, token.mint(minted.address, 10), label="mint")), 1)
        refused = chain.revert_of(sender, token.transfer(cast.stranger.address, 1))
        expected = "none" if variant == "proxy" else f"FloorNotVerified({cast.stranger.address.lower()})"
        got = refused.describe() if refused is not None else "none"
        if got != expected:  # the registry variant must really judge its parties to be a floor
            raise BenchError(f"structural floor ({variant}): a transfer to an unregistered wallet gave {got}, "
                             f"expected {expected}")
    return out
