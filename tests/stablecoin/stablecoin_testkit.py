"""The stablecoin tests' toolkit: EIP-712 signing with eth-account typed data (what wallets and
relayers produce), the revert strings brownie decodes from custom errors, and deployment behind the proxy."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from brownie import Contract, Stablecoin, StablecoinProxy, chain, web3
from eth_account import Account
from eth_account.messages import encode_typed_data
from web3.logs import DISCARD

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
MAX_UINT256 = 2**256 - 1
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
USD = 10**6  # one token in base units at 6 decimals
RESERVES = 1_000_000 * USD
ALLOWANCE = 100_000 * USD
ALICE_BALANCE = 1_000 * USD

EIP712_DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
AUTHORIZATION_FIELDS = [
    {"name": "from", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "validAfter", "type": "uint256"},
    {"name": "validBefore", "type": "uint256"},
    {"name": "nonce", "type": "bytes32"},
]
TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ],
    "TransferWithAuthorization": AUTHORIZATION_FIELDS,
    "ReceiveWithAuthorization": AUTHORIZATION_FIELDS,
    "CancelAuthorization": [
        {"name": "authorizer", "type": "address"},
        {"name": "nonce", "type": "bytes32"},
    ],
}


# brownie's Anvil accounts are Anvil's own unlocked accounts, derived from this mnemonic.
DEV_MNEMONIC = "test test test test test test test test test test test junk"


@functools.cache
def _dev_keys() -> dict[str, bytes]:
    Account.enable_unaudited_hdwallet_features()
    keys = {}
    for i in range(10):
        local = Account.from_mnemonic(DEV_MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}")
        keys[local.address] = bytes(local.key)
    return keys


def private_key(account: Any) -> bytes:
    """The private key of a brownie account: a local account's own, or the dev mnemonic's for Anvil's."""
    key = getattr(account, "private_key", None)
    return bytes.fromhex(key[2:]) if isinstance(key, str) else key or _dev_keys()[account.address]


def err(name: str, *args: Any) -> str:
    """The revert message brownie decodes from the custom error `name(args)`: addresses lower-case,
    bytes32 values as Python bytes reprs, and `"Name: "` (with the separator) for an error without
    arguments."""
    shown = [str(a).lower() if isinstance(a, str) else str(a) for a in args]
    return f"{name}: {', '.join(shown)}"


@dataclass(frozen=True)
class Sig:
    """One ECDSA signature in the three shapes the token accepts."""

    v: int
    r: bytes
    s: bytes

    @property
    def vrs(self) -> tuple[int, bytes, bytes]:
        return self.v, self.r, self.s

    @property
    def packed(self) -> bytes:
        """The 65-byte `r ‖ s ‖ v` form of the `bytes signature` overloads."""
        return self.r + self.s + bytes([self.v])

    def high_s(self) -> Sig:
        """The malleable twin: same signer, `s' = n - s` and the other `v`."""
        s = SECP256K1_N - int.from_bytes(self.s, "big")
        return Sig(55 - self.v, self.r, s.to_bytes(32, "big"))


class Signer:
    """Signs the token's EIP-712 messages with an account's private key, for a given domain."""

    def __init__(self, token: Any) -> None:
        self.token = token

    def domain(self, chain_id: int | None = None, name: str | None = None) -> dict[str, Any]:
        return {
            "name": name if name is not None else self.token.name(),
            "version": "2",
            "chainId": chain_id if chain_id is not None else chain.id,
            "verifyingContract": self.token.address,
        }

    def sign(
        self,
        account: Any,
        primary: str,
        message: dict[str, Any],
        chain_id: int | None = None,
        name: str | None = None,
    ) -> Sig:
        """Sign `message` of type `primary` with `account`'s key, for this token's domain or a variant."""
        data = {
            "types": {"EIP712Domain": EIP712_DOMAIN_TYPE, primary: TYPES[primary]},
            "primaryType": primary,
            "domain": self.domain(chain_id=chain_id, name=name),
            "message": message,
        }
        signed = Account.sign_message(encode_typed_data(full_message=data), private_key(account))
        return Sig(signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big"))

    def permit(
        self,
        owner: Any,
        spender: Any,
        value: int,
        deadline: int,
        nonce: int | None = None,
        key: Any = None,
        **domain: Any,
    ) -> Sig:
        """A permit for `owner`, signed by `key` (default: the owner)."""
        message = {
            "owner": str(owner),
            "spender": str(spender),
            "value": value,
            "nonce": self.token.nonces(owner) if nonce is None else nonce,
            "deadline": deadline,
        }
        return self.sign(key or owner, "Permit", message, **domain)

    def authorization(
        self,
        kind: str,
        payer: Any,
        to: Any,
        value: int,
        valid_after: int,
        valid_before: int,
        nonce: bytes,
        key: Any = None,
        **domain: Any,
    ) -> Sig:
        """A `TransferWithAuthorization` or `ReceiveWithAuthorization` from `payer`, signed by `key`
        (default: the payer)."""
        message = {
            "from": str(payer),
            "to": str(to),
            "value": value,
            "validAfter": valid_after,
            "validBefore": valid_before,
            "nonce": nonce,
        }
        return self.sign(key or payer, kind, message, **domain)

    def cancel(self, authorizer: Any, nonce: bytes, key: Any = None, **domain: Any) -> Sig:
        """A `CancelAuthorization` for `authorizer`, signed by `key` (default: the authorizer)."""
        message = {"authorizer": str(authorizer), "nonce": nonce}
        return self.sign(key or authorizer, "CancelAuthorization", message, **domain)


def decode_events(tx: Any, abi: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The `name` events of `tx` decoded with `abi`, for logs brownie cannot attribute (a proxy's
    constructor runs the implementation's code at an address brownie knows only as the proxy)."""
    receipt = web3.eth.get_transaction_receipt(tx.txid)
    event = web3.eth.contract(abi=abi).events[name]()
    return [dict(log["args"]) for log in event.process_receipt(receipt, errors=DISCARD)]


def block_time() -> int:
    """The latest block's timestamp: the next block's is never earlier (unlike `chain.time()`, which can
    run ahead of the chain after a snapshot revert)."""
    return int(web3.eth.get_block("latest")["timestamp"])


def pending_time() -> int:
    """The pending block's timestamp: the chain's present, including any `chain.sleep` not yet mined."""
    return int(web3.eth.get_block("pending")["timestamp"])


def fresh_as_of() -> int:
    """An as-of time later than any attestation made so far and not after the next block."""
    chain.sleep(1)
    chain.mine()
    return block_time()


def new_nonce() -> bytes:
    """A fresh random EIP-3009 nonce."""
    return secrets.token_bytes(32)


def deploy_stablecoin(
    deployer: Any,
    roles: Any,
    name: str = "USD Coin",
    symbol: str = "USDC",
    currency: str = "USD",
    decimals: int = 6,
) -> Any:
    """Deploy an implementation and a proxy initialised in its constructor; return the proxy as a
    Stablecoin."""
    implementation = Stablecoin.deploy({"from": deployer})
    data = implementation.initialize.encode_input(
        name,
        symbol,
        currency,
        decimals,
        roles.owner,
        roles.master_minter,
        roles.pauser,
        roles.blacklister,
        roles.rescuer,
        roles.attester,
    )
    proxy = StablecoinProxy.deploy(implementation, data, {"from": deployer})
    return Contract.from_abi("Stablecoin", proxy.address, Stablecoin.abi)


def prepared_paths(s: Any) -> dict[str, Callable[[], Any]]:
    """Every path that moves tokens or allowances, ready to run once, alice paying bob where there is a
    payment: approvals, funds and signatures are made first, so a test can change one thing (pause,
    blacklist a party) and run the path. Parties: transferFrom is bob spending alice's allowance to
    carol; permit and transferWithAuthorization are submitted by carol; mint and burn are the minter's;
    alice asks to redeem, and the minter completes or rejects a request of alice's made beforehand."""
    token = s.token
    token.approve(s.bob, 10 * USD, {"from": s.alice})
    token.mint(s.minter, 10 * USD, {"from": s.minter})
    valid_before = block_time() + 3600
    permit = s.sign.permit(s.alice, s.bob, 7 * USD, valid_before)
    transfer_nonce, receive_nonce, cancel_nonce = new_nonce(), new_nonce(), new_nonce()
    auth = [s.alice, s.bob, USD, 0, valid_before]
    transfer_auth = s.sign.authorization("TransferWithAuthorization", *auth, transfer_nonce)
    receive_auth = s.sign.authorization("ReceiveWithAuthorization", *auth, receive_nonce)
    cancel = s.sign.cancel(s.alice, cancel_nonce)
    to_complete = token.requestRedemption(USD, b"\x01" * 32, {"from": s.alice}).events["RedemptionRequested"]["id"]
    to_reject = token.requestRedemption(USD, b"\x02" * 32, {"from": s.alice}).events["RedemptionRequested"]["id"]
    token.acknowledgeRedemption(to_complete, {"from": s.minter})
    return {
        "transfer": lambda: token.transfer(s.bob, USD, {"from": s.alice}),
        "transferFrom": lambda: token.transferFrom(s.alice, s.carol, USD, {"from": s.bob}),
        "approve": lambda: token.approve(s.bob, 5 * USD, {"from": s.alice}),
        "increaseAllowance": lambda: token.increaseAllowance(s.bob, USD, {"from": s.alice}),
        "decreaseAllowance": lambda: token.decreaseAllowance(s.bob, USD, {"from": s.alice}),
        "requestRedemption": lambda: token.requestRedemption(USD, b"\x03" * 32, {"from": s.alice}),
        "completeRedemption": lambda: token.completeRedemption(to_complete, {"from": s.minter}),
        "rejectRedemption": lambda: token.rejectRedemption(to_reject, {"from": s.minter}),
        "permit": lambda: token.permit(s.alice, s.bob, 7 * USD, valid_before, *permit.vrs, {"from": s.carol}),
        "mint": lambda: token.mint(s.bob, USD, {"from": s.minter}),
        "burn": lambda: token.burn(USD, {"from": s.minter}),
        "transferWithAuthorization": lambda: token.transferWithAuthorization(
            *auth, transfer_nonce, *transfer_auth.vrs, {"from": s.carol}
        ),
        "receiveWithAuthorization": lambda: token.receiveWithAuthorization(
            *auth, receive_nonce, *receive_auth.vrs, {"from": s.bob}
        ),
        "cancelAuthorization": lambda: token.cancelAuthorization(
            s.alice, cancel_nonce, *cancel.vrs, {"from": s.carol}
        ),
        "configureMinter": lambda: token.configureMinter(s.carol, USD, {"from": s.master_minter}),
    }
