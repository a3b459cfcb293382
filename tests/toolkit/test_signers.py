"""Signers: dev accounts, private keys and keystores; the key never shows."""

import json

import pytest
from eth_account import Account

from sectoken.errors import SectokenError, SignerError
from sectoken.signers import (
    KEYSTORE_PASSWORD_ENV,
    PRIVATE_KEY_ENV,
    LocalSigner,
    Signer,
    dev_account,
    resolve_signer,
)
from sectoken.tx import send

KEY = "0x" + "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
KEY_ADDRESS = Account.from_key(KEY).address


@pytest.fixture
def keystore(tmp_path):
    path = tmp_path / "key.json"
    path.write_text(json.dumps(Account.encrypt(KEY, "correct horse", kdf="pbkdf2", iterations=1000)))
    return path


def test_dev_accounts_are_the_nodes_funded_accounts(accounts):
    for index in range(3):
        assert dev_account(index).address == accounts[index].address


def test_local_account_and_local_signer_are_signers():
    assert isinstance(Account.from_key(KEY), Signer)
    assert isinstance(LocalSigner.from_key(KEY), Signer)


def test_repr_and_str_show_the_address_not_the_key():
    signer = LocalSigner.from_key(KEY, source=PRIVATE_KEY_ENV)
    for text in (repr(signer), str(signer), f"{signer}"):
        assert KEY_ADDRESS in text
        assert KEY.removeprefix("0x") not in text.lower()
    assert not hasattr(signer, "key")
    with pytest.raises(TypeError, match="cannot be pickled"):
        __import__("pickle").dumps(signer)


@pytest.mark.parametrize("bad", ["0x1234", KEY + "00", "zz" * 32, "0x" + "00" * 32])
def test_malformed_keys_are_refused_without_echoing_them(bad):
    with pytest.raises(SignerError) as info:
        LocalSigner.from_key(bad, source=PRIVATE_KEY_ENV)
    assert PRIVATE_KEY_ENV in str(info.value)
    assert bad.removeprefix("0x") not in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None or info.value.__suppress_context__


def test_keystore_with_the_right_password(keystore):
    assert LocalSigner.from_keystore(keystore, "correct horse").address == KEY_ADDRESS


def test_keystore_password_from_environment_or_prompt(keystore):
    assert LocalSigner.from_keystore(keystore, env={KEYSTORE_PASSWORD_ENV: "correct horse"}).address == KEY_ADDRESS
    asked = []
    signer = LocalSigner.from_keystore(keystore, env={}, prompt=lambda q: asked.append(q) or "correct horse")
    assert signer.address == KEY_ADDRESS and asked == ["Password for keystore key.json"]


def test_wrong_keystore_password_is_a_clear_error(keystore):
    with pytest.raises(SignerError, match="Wrong password for keystore .*key.json"):
        LocalSigner.from_keystore(keystore, "battery staple")


def test_keystore_without_password_or_prompt(keystore):
    with pytest.raises(SignerError, match=f"needs a password: set {KEYSTORE_PASSWORD_ENV}"):
        LocalSigner.from_keystore(keystore, env={})


def test_missing_or_invalid_keystore(tmp_path):
    with pytest.raises(SignerError, match="not found"):
        LocalSigner.from_keystore(tmp_path / "nope.json", "x")
    (tmp_path / "junk.json").write_text("{not json")
    with pytest.raises(SignerError, match="not a readable JSON keystore"):
        LocalSigner.from_keystore(tmp_path / "junk.json", "x")
    (tmp_path / "plain.json").write_text("{}")
    with pytest.raises(SignerError, match="no 'crypto' section"):
        LocalSigner.from_keystore(tmp_path / "plain.json", "x")


def test_resolution_on_a_dev_chain():
    assert resolve_signer(31337, env={}, embedded=True).source == "dev account 0"
    assert resolve_signer(1337, account_index=4, env={}).address == dev_account(4).address
    assert resolve_signer(1337, env={PRIVATE_KEY_ENV: KEY}).address == KEY_ADDRESS
    # An explicit dev account wins over a key in the environment.
    assert resolve_signer(1337, account_index=2, env={PRIVATE_KEY_ENV: KEY}).source == "dev account 2"


def test_resolution_on_another_chain_needs_a_key_or_keystore(keystore):
    with pytest.raises(SignerError, match=f"No signer for chain 11155111: set {PRIVATE_KEY_ENV} or pass --keystore"):
        resolve_signer(11155111, env={})
    with pytest.raises(SignerError, match="only on dev chains"):
        resolve_signer(11155111, account_index=0, env={})
    assert resolve_signer(11155111, env={PRIVATE_KEY_ENV: KEY}).address == KEY_ADDRESS
    signer = resolve_signer(11155111, keystore=keystore, env={KEYSTORE_PASSWORD_ENV: "correct horse"})
    assert signer.address == KEY_ADDRESS and signer.source == "keystore key.json"


def test_signer_errors_are_sectoken_and_value_errors():
    assert issubclass(SignerError, SectokenError) and issubclass(SignerError, ValueError)


def test_keystore_signer_sends_a_transaction(web3, accounts, keystore):
    signer = LocalSigner.from_keystore(keystore, "correct horse")
    accounts[0].transfer(signer.address, 10**18)
    receipt = send(web3, signer, {"to": accounts[3].address}, value=1000)
    assert receipt.sender == KEY_ADDRESS


def test_typed_data_signature_recovers_to_the_signer():
    signer = dev_account(1)
    message = {
        "types": {
            "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint256"}],
            "Mail": [{"name": "contents", "type": "string"}],
        },
        "primaryType": "Mail",
        "domain": {"name": "sectoken", "chainId": 1337},
        "message": {"contents": "hello"},
    }
    from eth_account.messages import encode_typed_data

    signed = signer.sign_typed_data(full_message=message)
    assert Account.recover_message(encode_typed_data(full_message=message), signature=signed.signature) == (
        signer.address
    )


def test_brownie_accounts_work_as_signers_in_the_library(accounts, web3, SmokeToken):
    """brownie's development accounts (keys kept by the node) and its local accounts (keys it holds) both
    send through the typed clients; an account whose key the node keeps and that is not a development
    account is refused with a clear error."""
    from sectoken.artifacts import load
    from sectoken.contracts import ContractClient
    from sectoken.signers import as_signer

    assert as_signer(accounts[3]).address == accounts[3].address == dev_account(3).address
    local = accounts.add(KEY)
    accounts[0].transfer(local, "1 ether")
    assert as_signer(local).address == KEY_ADDRESS
    token = SmokeToken.deploy(100, {"from": accounts[0]})
    token.transfer(local, 10, {"from": accounts[0]})
    for sender, recipient in ((accounts[0], accounts[5]), (local, accounts[6])):
        client = ContractClient(web3, token.address, sender, artifact=load("SmokeToken"))
        assert client.transact("transfer", recipient.address, 3).status == 1
        assert token.balanceOf(recipient) == 3

    class Stranger:  # what brownie gives for an account the node keeps, outside the development mnemonic
        address = "0x" + "12" * 20

    with pytest.raises(SignerError, match="holds no key sectoken can sign with"):
        as_signer(Stranger())
