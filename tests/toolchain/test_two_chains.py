"""One artifact, two chains: the smoke contract compiled for shanghai deploys and transfers on Anvil and on
Ganache, with transactions signed locally."""

import pytest
from eth_account import Account

from sectoken.chain import LocalNode

# First development account of the well-known mnemonic both nodes are started with.
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"


@pytest.mark.parametrize("engine", ["anvil", "ganache"])
def test_compile_deploy_transfer(engine, SmokeToken):
    signer = Account.from_key(DEV_KEY)
    with LocalNode.start(engine) as node:
        w3 = node.web3()
        factory = w3.eth.contract(abi=SmokeToken.abi, bytecode=SmokeToken.bytecode)

        def send(tx_fn):
            tx = tx_fn.build_transaction(
                {"from": signer.address, "nonce": w3.eth.get_transaction_count(signer.address)}
            )
            raw = signer.sign_transaction(tx).raw_transaction
            return w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(raw))

        receipt = send(factory.constructor(1_000))
        assert receipt.status == 1
        token = w3.eth.contract(address=receipt.contractAddress, abi=SmokeToken.abi)
        receiver = Account.create().address
        receipt = send(token.functions.transfer(receiver, 250))
        assert receipt.status == 1
        assert token.functions.balanceOf(receiver).call() == 250
        assert token.functions.balanceOf(signer.address).call() == 750
        (event,) = token.events.Transfer().process_receipt(receipt)
        assert (event.args["from"], event.args["to"], event.args["value"]) == (signer.address, receiver, 250)
