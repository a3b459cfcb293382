"""`ape run onboard`: onboard two investors of a deployed suite and try two transfers, with Ape's test accounts
signing. The suite is found by name in the deployment records (``SECTOKEN_SUITE``, default ``uk-us-bond``;
``SECTOKEN_DEPLOYMENTS``, default ``./deployments``), as `sectoken deploy` wrote them."""

import os

from ape import accounts, chain

from sectoken.deployments import Deployments
from sectoken.errors import TransferRestrictedError
from sectoken.suite import Suite


def main() -> None:
    issuer, alice, bob, carol = accounts.test_accounts[0:4]  # Anvil's development accounts 0-3
    records = Deployments(os.environ.get("SECTOKEN_DEPLOYMENTS", "deployments"))
    suite = Suite.load(chain.provider.web3, issuer, os.environ.get("SECTOKEN_SUITE", "uk-us-bond"), records)
    for investor in (alice, bob):  # UK professional investors: wallet = identity here
        suite.registry.register(investor.address, investor.address, "GB")
        for claim in ("kyc", "professional"):
            suite.storage.add_claim(investor.address, claim)
    suite.token.mint(alice.address, 100)
    receipt = suite.token.with_signer(alice).transfer(bob.address, 10)  # signed by Ape's account
    print("transferred 10 to bob in block", receipt.block_number, "balance", suite.token.balance_of(bob.address))
    try:
        suite.token.with_signer(alice).transfer(carol.address, 10)  # carol is not registered
    except TransferRestrictedError as refused:  # simulated before sending: nothing was sent
        print("refused", refused.code, refused.message)
