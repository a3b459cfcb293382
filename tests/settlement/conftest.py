"""Fixtures for delivery-versus-payment: a security token with agents and restrictions, a payment token
with permit, EIP-3009 and a blacklist, the settlement contract, and the two parties funded and approved.

The contracts are deployed once per module; the autouse `fn_isolation` reverts every test's changes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data

from tests.conftest import revert_msg

SECURITY_SUPPLY = 1_000_000
PAYMENT_SUPPLY = 10**12
SECURITY_AMOUNT = 100
PRICE = 2_500 * 10**6


class Status:
    """Mirror of `IDvPSettlement.Status` (plain ints, which brownie's return values compare with)."""

    NONE = 0
    PENDING = 1
    SETTLED = 2
    CANCELLED = 3
    EXPIRED = 4
    REJECTED = 5


@pytest.fixture
def status() -> type[Status]:
    """The status values of a trade."""
    return Status


@dataclass
class Parties:
    agent: Any
    seller: Any
    buyer: Any
    outsider: Any


@pytest.fixture(scope="session")
def signer_account():
    """A local account (one with a private key, to sign typed data) derived from `label`, funded with ether."""

    def make(label: str) -> Any:
        from brownie import accounts, web3

        account = accounts.add(web3.keccak(text=f"sectoken settlement {label}").hex())
        return account

    return make


@pytest.fixture(scope="module")
def parties(accounts, signer_account):
    seller, buyer, outsider = (signer_account(name) for name in ("seller", "buyer", "outsider"))
    for account in (seller, buyer, outsider):
        accounts[0].transfer(account, "10 ether")
    return Parties(agent=accounts[0], seller=seller, buyer=buyer, outsider=outsider)


@pytest.fixture(scope="module")
def security(TestSettlementSecurityToken, parties):
    token = TestSettlementSecurityToken.deploy(SECURITY_SUPPLY, {"from": parties.agent})
    token.transfer(parties.seller, 10_000, {"from": parties.agent})
    return token


@pytest.fixture(scope="module")
def payment(TestSettlementPaymentToken, parties):
    token = TestSettlementPaymentToken.deploy(PAYMENT_SUPPLY, {"from": parties.agent})
    token.transfer(parties.buyer, 100_000 * 10**6, {"from": parties.agent})
    return token


@pytest.fixture(scope="module")
def dvp(DvPSettlement, security, payment, parties):
    contract = DvPSettlement.deploy({"from": parties.agent})
    security.approve(contract, 2**256 - 1, {"from": parties.seller})
    payment.approve(contract, 2**256 - 1, {"from": parties.buyer})
    return contract


@pytest.fixture
def make_terms(chain, security, payment, parties) -> Callable[..., tuple]:
    """Terms tuple in the order of `IDvPSettlement.Terms`, with defaults for a standard trade."""

    def make(**overrides: Any) -> tuple:
        values = {
            "seller": parties.seller.address,
            "buyer": parties.buyer.address,
            "securityToken": security.address,
            "securityAmount": SECURITY_AMOUNT,
            "paymentToken": payment.address,
            "paymentAmount": PRICE,
            "expiry": chain.time() + 3600,
        }
        values.update(overrides)
        return tuple(
            values[k]
            for k in (
                "seller",
                "buyer",
                "securityToken",
                "securityAmount",
                "paymentToken",
                "paymentAmount",
                "expiry",
            )
        )

    return make


@pytest.fixture
def propose(dvp, make_terms, parties):
    """Propose a trade (by the seller unless `by` is given); return (trade id, terms, terms hash)."""

    def do(by: Any = None, **overrides: Any) -> tuple[int, tuple, str]:
        terms = make_terms(**overrides)
        tx = dvp.propose(terms, {"from": by or parties.seller})
        trade_id = tx.events["TradeProposed"]["tradeId"]
        return trade_id, terms, dvp.hashTerms(terms)

    return do


@pytest.fixture
def balances(security, payment, parties):
    """A snapshot of both parties' balances on both tokens, to show that nothing moved."""

    def snap() -> dict[str, int]:
        return {
            "seller_sec": security.balanceOf(parties.seller),
            "buyer_sec": security.balanceOf(parties.buyer),
            "seller_pay": payment.balanceOf(parties.seller),
            "buyer_pay": payment.balanceOf(parties.buyer),
        }

    return snap


DEV_MNEMONIC = "test test test test test test test test test test test junk"


def _key(account: Any) -> Any:
    """The account's private key: its own for a local account, else derived from the dev chain's mnemonic."""
    key = getattr(account, "private_key", None)
    if key:
        return key
    from brownie import accounts

    Account.enable_unaudited_hdwallet_features()
    index = list(accounts).index(account)
    derived = Account.from_mnemonic(DEV_MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}")
    assert derived.address == account.address, "the dev chain does not use the standard mnemonic"
    return derived.key


def _sign(account: Any, domain: dict, types: dict, primary: str, message: dict) -> tuple[int, bytes, bytes]:
    typed = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            **types,
        },
        "primaryType": primary,
        "domain": domain,
        "message": message,
    }
    signed = Account.sign_message(encode_typed_data(full_message=typed), _key(account))
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


@pytest.fixture
def sign_permit(chain):
    """EIP-2612 permit signature (v, r, s) of `owner` for `spender` on `token`."""

    def sign(token: Any, owner: Any, spender: Any, value: int, deadline: int) -> tuple[int, bytes, bytes]:
        domain = {
            "name": token.name(),
            "version": "1",
            "chainId": chain.id,
            "verifyingContract": token.address,
        }
        types = {
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ]
        }
        message = {
            "owner": owner.address,
            "spender": str(spender),
            "value": value,
            "nonce": token.nonces(owner),
            "deadline": deadline,
        }
        return _sign(owner, domain, types, "Permit", message)

    return sign


@pytest.fixture
def sign_receive(chain):
    """EIP-3009 ReceiveWithAuthorization signature (v, r, s) of `payer` on `token`."""

    def sign(
        token: Any, payer: Any, to: Any, value: int, valid_after: int, valid_before: int, nonce: bytes
    ) -> tuple[int, bytes, bytes]:
        domain = {
            "name": token.name(),
            "version": "1",
            "chainId": chain.id,
            "verifyingContract": token.address,
        }
        types = {
            "ReceiveWithAuthorization": [
                {"name": "from", "type": "address"},
                {"name": "to", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "validAfter", "type": "uint256"},
                {"name": "validBefore", "type": "uint256"},
                {"name": "nonce", "type": "bytes32"},
            ]
        }
        message = {
            "from": payer.address,
            "to": str(to),
            "value": value,
            "validAfter": valid_after,
            "validBefore": valid_before,
            "nonce": bytes(nonce),
        }
        return _sign(payer, domain, types, "ReceiveWithAuthorization", message)

    return sign


@pytest.fixture
def err() -> Callable[..., str]:
    """The revert message brownie decodes for custom error `name` with `args`."""
    return revert_msg
