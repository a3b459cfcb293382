"""The UK-US scenario end to end on an embedded Anvil (``make demo``, ``sectoken demo``).

A UK issuer deploys a bond under the ``uk-us-bridge`` rule pack with a USD stablecoin; onboards UK and US
investors and a French one; issues bonds; shows refused transfers with their ERC-1404 reasons; settles a
delivery-versus-payment trade from a UK seller to a US buyer in one transaction; pays a coupon to the
holders at a record block through Merkle claims; and prints the cap table by jurisdiction, with a chart.
Every transaction is signed locally and sent raw; the chain is stopped at the end.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from web3 import Web3

from sectoken.captable import cap_table, write_chart
from sectoken.chain import LocalNode
from sectoken.config import load_config
from sectoken.contracts.settlement import Terms, TradeStatus
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.distribution import allocate, balances_at, build_tree
from sectoken.errors import SectokenError, TransferRestrictedError
from sectoken.investors import OnboardingContracts, make_investor, onboard
from sectoken.signers import LocalSigner, dev_account
from sectoken.suite import Suite, compliance_explain
from sectoken.toolchain import find_project_root

__all__ = ["main", "run_demo"]

USD = 10**6  # the stablecoin has 6 decimals
DAY = 86_400


@dataclass(frozen=True)
class Cast:
    """Who plays what: dev accounts of the embedded chain."""

    issuer: LocalSigner  # a UK firm: owner, agent, claim issuer, stablecoin minter
    alice: LocalSigner  # UK professional client
    bob: LocalSigner  # UK certified high-net-worth
    carol: LocalSigner  # US accredited investor
    dave: LocalSigner  # US, KYC only (not accredited)
    francois: LocalSigner  # France: outside the offering

    @classmethod
    def dev(cls) -> Cast:
        return cls(*(dev_account(i) for i in range(6)))


def example_config() -> Path:
    """The worked example the demo deploys (``examples/uk-us-bond.yaml`` in the project)."""
    return find_project_root(Path(__file__).parent) / "examples" / "uk-us-bond.yaml"


def _step(console: Console, title: str) -> None:
    console.rule(f"[bold cyan]{title}")


def run_demo(console: Console, w3: Web3, workdir: Path) -> Suite:
    """Play the scenario on a connected dev chain; return the deployed suite.

    Args:
        console: Where to tell the story.
        w3: A dev chain whose first six accounts are funded (the development mnemonic).
        workdir: Where the deployment record and the chart are written.
    """
    cast = Cast.dev()
    names = {
        cast.issuer.address: "issuer (UK)", cast.alice.address: "Alice (UK, professional)",
        cast.bob.address: "Bob (UK, high-net-worth)", cast.carol.address: "Carol (US, accredited)",
        cast.dave.address: "Dave (US, KYC only)", cast.francois.address: "François (FR)",
    }

    _step(console, "1. A UK issuer deploys a bond under the uk-us-bridge rules, with a USD stablecoin")
    config = load_config(example_config())
    suite = deploy_suite(
        w3, cast.issuer, config, deployments=Deployments(workdir / "deployments"),
        progress=lambda step: console.print(f"  [dim]{step.describe()}[/]"), overwrite=True,
    )
    console.print(f"deployed [bold]{suite.name}[/] on chain {suite.chain_id}: token {suite.token.address}")
    for rule in compliance_explain(suite):
        console.print(f"  • {rule}")

    _step(console, "2. Investors are onboarded: identity, country and claims, checked once at onboarding")
    contracts = OnboardingContracts.from_suite(w3, suite.record)
    investors = [
        make_investor(wallet=cast.alice.address, country="GB", claims="kyc,professional", amount="1000"),
        make_investor(wallet=cast.bob.address, country="UK", claims="kyc,hnw", amount="600"),
        make_investor(wallet=cast.carol.address, country="US", claims="kyc,accredited", amount="800"),
        make_investor(wallet=cast.dave.address, country="840", claims="kyc"),
        make_investor(wallet=cast.francois.address, country="FR", claims="kyc"),
    ]
    summary = onboard(w3, cast.issuer, contracts, investors, batch_size=10)
    console.print(
        f"registered {summary.registered} wallets, added {summary.claims_added} claims, issued "
        f"{summary.minted_amount:,} bonds to {summary.minted} investors in {summary.transactions} transactions "
        f"({summary.gas_used:,} gas)"
    )
    console.print("François is registered with a KYC claim, but the offering is for UK and US investors only:")
    issuance = suite.token.with_signer(cast.issuer)
    try:
        issuance.mint(cast.francois.address, 10)
    except TransferRestrictedError as refused:
        console.print(f"  mint 10 to François [red]refused[/], code {refused.code}: {refused.message} (nothing sent)")

    _step(console, "3. Transfers are checked against both regimes; refusals say why, before anything is sent")
    table = Table("Transfer", "Code", "Reason")
    cases = [
        ("Alice → Bob, 100", cast.alice, cast.bob.address, 100),
        ("Alice → François, 10", cast.alice, cast.francois.address, 10),
        ("Alice → Dave, 10", cast.alice, cast.dave.address, 10),
        ("Carol → Alice, 10 (issued to a US investor)", cast.carol, cast.alice.address, 10),
        ("Alice → an unregistered wallet, 10", cast.alice, dev_account(9).address, 10),
    ]
    for label, sender, to, amount in cases:
        result = suite.token.check_transfer(sender.address, to, amount)
        style = "green" if result.allowed else "red"
        table.add_row(label, f"[{style}]{result.code}[/]", result.message)
    console.print(table)
    suite.token.with_signer(cast.alice).transfer(cast.bob.address, 100)
    console.print("Alice → Bob, 100: [green]sent[/]")

    _step(console, "4. Delivery versus payment: Alice (UK) sells 200 bonds to Carol (US) for stUSD, atomically")
    assert suite.stablecoin is not None and suite.settlement is not None and suite.distribution is not None
    coin = suite.stablecoin.with_signer(cast.issuer)
    coin.mint(cast.carol.address, 250_000 * USD)
    console.print(f"the issuer mints 250,000 stUSD to Carol (reserves attested: {coin.reserve_attestation().amount / USD:,.0f})")
    price = 198_500 * USD
    now = int(w3.eth.get_block("latest")["timestamp"])
    terms = Terms(
        seller=cast.alice.address, buyer=cast.carol.address, security_token=suite.token.address,
        security_amount=200, payment_token=coin.address, payment_amount=price, expiry=now + DAY,
    )
    suite.token.with_signer(cast.alice).approve(suite.settlement.address, 200)
    trade_id, _ = suite.settlement.with_signer(cast.alice).propose(terms)
    terms_hash = suite.settlement.hash_terms(terms)
    authorization = coin.sign_authorization(
        cast.carol, suite.settlement.address, price, valid_before=now + DAY,
        nonce=suite.settlement.authorization_nonce(trade_id, terms_hash), receive=True,
    )
    receipt = suite.settlement.with_signer(cast.carol).accept_with_authorization(trade_id, authorization, terms_hash)
    assert suite.settlement.status(trade_id) == TradeStatus.SETTLED
    console.print(
        f"trade {trade_id} settled in one transaction ({receipt.gas_used:,} gas): Carol signed an EIP-3009 "
        f"authorization, Alice got {price / USD:,.0f} stUSD, Carol got 200 bonds"
    )

    _step(console, "5. A coupon of 2.50 stUSD per bond is paid to the holders at a record block")
    record_block = int(w3.eth.block_number)
    balances = balances_at(w3, suite.token.address, record_block, from_block=suite.record.contracts["token"].block_number)
    supply = suite.token.total_supply()
    coupon = supply * 5 * USD // 2
    allocation = allocate(balances, coupon, exclude=[cast.issuer.address])
    tree = build_tree(allocation)
    coin.mint(cast.issuer.address, coupon)
    coin.approve(suite.distribution.address, coupon)
    dist = suite.distribution.with_signer(cast.issuer)
    distribution_id, _ = dist.create(
        suite.token.address, coin.address, tree, record_block=record_block, deadline=now + 90 * DAY
    )
    paid, receipt = dist.batch_claim(distribution_id, tree.claims())
    console.print(
        f"record block {record_block}: {len(allocation.amounts)} holders, {allocation.allocated / USD:,.2f} stUSD "
        f"allocated, dust {allocation.dust} base units; {paid} claims pushed in one batch ({receipt.gas_used:,} gas)"
    )
    for holder, amount in allocation.amounts.items():
        console.print(f"  {names.get(holder, holder)}: {amount / USD:,.2f} stUSD")

    _step(console, "6. Cap table by jurisdiction")
    table_now = cap_table(w3, suite.token.address, suite.registry.address)
    view = Table("Country", "Holders", "Bonds", "Share", title=f"{table_now.symbol} at block {table_now.block}")
    for row in table_now.by_country:
        view.add_row(f"{row.alpha2} {row.name}", str(row.holders), table_now.units(row.balance), f"{row.share:.1%}")
    console.print(view)
    chart = write_chart(table_now, workdir / "captable.png")
    console.print(f"chart: {chart}")
    return suite


def main(argv: list[str] | None = None, *, console: Console | None = None) -> int:
    """Run the demo on an embedded Anvil that it starts and stops.

    Args:
        argv: ``[OUTPUT_DIR]``: where the deployment record and chart go (``.sectoken/demo`` by default).
        console: Where to print (stdout by default).
    """
    console = console or Console(width=None if sys.stdout.isatty() else 110)
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(".sectoken") / "demo"
    out.mkdir(parents=True, exist_ok=True)
    try:
        with LocalNode.start() as node:
            console.print(f"[bold]embedded Anvil[/] at {node.url} (chain id {node.chain_id})")
            run_demo(console, node.web3(), out)
        console.print("[bold green]demo complete[/]: chain stopped")
    except SectokenError as error:
        console.print(f"[red]error:[/] {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
