"""An Ape account that is not a test account (a keyfile account, a hardware wallet) signs through Ape itself:
here a test account wrapped as one, so that Ape's own signing path is what signs."""

from eth_account import Account
from eth_account.messages import encode_typed_data

from sectoken.ape_support import ApeAccountSigner

TYPED = {
    "types": {
        "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint256"}],
        "Note": [{"name": "text", "type": "string"}],
    },
    "primaryType": "Note",
    "domain": {"name": "sectoken", "chainId": 31337},
    "message": {"text": "signed through Ape"},
}


def test_an_account_signing_through_ape_sends_and_signs_typed_data(suite, accounts):
    holder, bob = accounts[7], accounts[8]
    for investor in (holder, bob):
        suite.registry.register(investor.address, investor.address, "GB")
        for claim in ("kyc", "professional"):
            suite.storage.add_claim(investor.address, claim)
    suite.token.mint(holder.address, 5)
    through_ape = ApeAccountSigner(holder)
    receipt = suite.token.with_signer(through_ape).transfer(bob.address, 2)
    assert receipt.sender == holder.address and suite.token.balance_of(bob.address) == 2
    signed = through_ape.sign_typed_data(full_message=TYPED)
    assert Account.recover_message(encode_typed_data(full_message=TYPED), signature=signed.signature) == holder.address
