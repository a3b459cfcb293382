"""Onboard and issue to the investors of a CSV file, resumably:
`brownie run scripts/onboard.py main examples/investors.csv uk-us-bond`."""

from __future__ import annotations

from pathlib import Path

from brownie import web3

from scripts._common import require_lasting_chain, signer
from sectoken.deployments import Deployments
from sectoken.investors import OnboardingContracts, OnboardingSummary, onboard, open_journal, parse_csv
from sectoken.suite import Suite


def main(csv: str = "examples/investors.csv", suite: str = "uk-us-bond", deployments: str = "deployments") -> OnboardingSummary:
    require_lasting_chain("scripts/onboard.py")
    record = Deployments(deployments).find(int(web3.eth.chain_id), suite)
    token = Suite.from_record(web3, None, record).token
    rows = parse_csv(Path(csv), token.decimals())
    with open_journal(Path(csv), record) as journal:
        summary = onboard(web3, signer(), OnboardingContracts.from_suite(web3, record), rows, journal=journal)
    print(
        f"{summary.registered} registered, {summary.claims_added} claims, {summary.minted} issued "
        f"({summary.transactions} transactions, {summary.gas_used:,} gas)"
    )
    return summary
