"""sectoken's cash leg in the benchmark: the stablecoin (behind its proxy), delivery-versus-payment
against the security token, and a Merkle distribution paid in the stablecoin.

Signatures (EIP-2612 permit, EIP-3009 authorization) are made with eth-account's typed-data encoding and
submitted by a relayer, as wallets and payment services use them. The distribution's tree is built by
:mod:`sectoken.distribution` from the security token's ``Transfer`` events at the record block.
"""

from __future__ import annotations

import secrets
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from web3.contract import Contract
from web3.logs import DISCARD

from bench.artifacts import load_project
from bench.evm import BenchError, Chain, Signer, gas_used
from bench.model import Measurement
from bench.scenario import Cast

__all__ = ["CASH_CONTRACTS", "CashLeg"]

CASH_CONTRACTS = ("Stablecoin", "StablecoinProxy", "DvPSettlement", "Distribution")
USD = 10**6
RESERVES = 10**9 * USD
MINTER_ALLOWANCE = 10**8 * USD
PERMIT_FIELDS = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]
AUTHORIZATION_FIELDS = [
    {"name": "from", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "validAfter", "type": "uint256"},
    {"name": "validBefore", "type": "uint256"},
    {"name": "nonce", "type": "bytes32"},
]
DOMAIN_FIELDS = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]


class CashLeg:
    """Deploys the cash-leg contracts and measures their operations for one security token.

    Args:
        chain: The connection.
        cast: The side's accounts: the deployer holds the stablecoin's roles, the agent mints it and
            publishes distributions, the spender relays signed messages.
        security: The security token whose holders trade and receive distributions.
    """

    def __init__(self, chain: Chain, cast: Cast, security: Contract) -> None:
        self.chain = chain
        self.cast = cast
        self.security = security
        self.artifacts = {name: load_project(name) for name in CASH_CONTRACTS}
        self._coin: Contract | None = None
        self._dvp: Contract | None = None
        self._distribution: Contract | None = None

    @property
    def coin(self) -> Contract:
        """The stablecoin, at its proxy."""
        if self._coin is None:
            raise RuntimeError("deploy() first")
        return self._coin

    def _now(self) -> int:
        return int(self.chain.w3.eth.get_block("latest")["timestamp"])

    def _sign_typed(self, signer: Signer, primary: str, fields: list[dict[str, str]], message: dict[str, Any]) -> Any:
        data = {
            "types": {"EIP712Domain": DOMAIN_FIELDS, primary: fields},
            "primaryType": primary,
            "domain": {
                "name": self.coin.functions.name().call(),
                "version": "2",
                "chainId": self.chain.chain_id,
                "verifyingContract": self.coin.address,
            },
            "message": message,
        }
        return Account.sign_message(encode_typed_data(full_message=data), signer.key)

    def deploy(self) -> Measurement:
        """Deploy the stablecoin (implementation and initialising proxy), the settlement and distribution
        contracts; attest reserves and make the agent a minter."""
        chain, cast = self.chain, self.cast
        deployer = cast.deployer
        implementation = chain.deploy(deployer, self.artifacts["Stablecoin"])
        init = implementation.contract.encode_abi("initialize", args=[
            "USD Coin", "USDC", "USD", 6, deployer.address, deployer.address, deployer.address, deployer.address,
            deployer.address, deployer.address,
        ])
        proxy = chain.deploy(deployer, self.artifacts["StablecoinProxy"], implementation.address, init)
        self._coin = chain.at(self.artifacts["Stablecoin"], proxy.address)
        dvp = chain.deploy(deployer, self.artifacts["DvPSettlement"])
        distribution = chain.deploy(deployer, self.artifacts["Distribution"])
        self._dvp, self._distribution = dvp.contract, distribution.contract
        attest = chain.send(deployer, self.coin.functions.attestReserves(RESERVES, self._now(), b"\x11" * 32, ""))
        minter = chain.send(deployer, self.coin.functions.configureMinter(cast.agent.address, MINTER_ALLOWANCE))
        parts = {
            "Stablecoin (implementation)": implementation.gas,
            "StablecoinProxy (initialize)": proxy.gas,
            "DvPSettlement": dvp.gas,
            "Distribution": distribution.gas,
            "Stablecoin.attestReserves": gas_used(attest),
            "Stablecoin.configureMinter": gas_used(minter),
        }
        return Measurement(sum(parts.values()), len(parts), parts)

    def stablecoin(self, alice: Signer, bob: Signer, relayer: Signer) -> dict[str, Measurement]:
        """Mint to alice (a fresh holder), transfers from alice to bob (zero, then non-zero balance), a permit
        and a ``transferWithAuthorization`` signed by alice and relayed."""
        chain, coin, agent = self.chain, self.coin, self.cast.agent
        out: dict[str, Measurement] = {}
        out["stablecoin.mint"] = _one(chain.send(agent, coin.functions.mint(alice.address, 10_000 * USD)))
        out["stablecoin.transfer.fresh"] = _one(chain.send(alice, coin.functions.transfer(bob.address, 100 * USD)))
        out["stablecoin.transfer.existing"] = _one(chain.send(alice, coin.functions.transfer(bob.address, 100 * USD)))

        deadline = self._now() + 3_600
        nonce = int(coin.functions.nonces(alice.address).call())
        signed = self._sign_typed(alice, "Permit", PERMIT_FIELDS, {
            "owner": alice.address, "spender": relayer.address, "value": 500 * USD, "nonce": nonce,
            "deadline": deadline,
        })
        permit = coin.get_function_by_signature("permit(address,address,uint256,uint256,uint8,bytes32,bytes32)")(
            alice.address, relayer.address, 500 * USD, deadline, signed.v, signed.r.to_bytes(32, "big"),
            signed.s.to_bytes(32, "big"),
        )
        out["stablecoin.permit"] = _one(chain.send(relayer, permit))

        auth_nonce = secrets.token_bytes(32)
        signed = self._sign_typed(alice, "TransferWithAuthorization", AUTHORIZATION_FIELDS, {
            "from": alice.address, "to": bob.address, "value": 50 * USD, "validAfter": 0,
            "validBefore": deadline, "nonce": auth_nonce,
        })
        transfer = coin.get_function_by_signature(
            "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"
        )(alice.address, bob.address, 50 * USD, 0, deadline, auth_nonce, signed.v, signed.r.to_bytes(32, "big"),
          signed.s.to_bytes(32, "big"))
        out["stablecoin.transfer_with_authorization"] = _one(chain.send(relayer, transfer))
        return out

    def duties(self, holder: Signer, frozen: Signer) -> dict[str, Measurement]:
        """The issuer's duties: a mint under a rate limit (opening its window), a redemption request by
        ``holder`` acknowledged and completed by the minter, and lawful orders against ``frozen`` (blacklisted
        with a balance): seize to the deployer, then, funded and frozen again, wipe. ``frozen`` ends
        unblacklisted and empty."""
        chain, coin, agent, deployer = self.chain, self.coin, self.cast.agent, self.cast.deployer
        out: dict[str, Measurement] = {}
        chain.send(deployer, coin.functions.configureMinterRateLimit(agent.address, MINTER_ALLOWANCE, 86_400))
        out["stablecoin.mint.rate_limited"] = _one(chain.send(agent, coin.functions.mint(holder.address, 100 * USD)))
        request = chain.send(holder, coin.functions.requestRedemption(10 * USD, b"\x01" * 32))
        out["stablecoin.redemption.request"] = _one(request)
        rid = int(coin.functions.redemptionCount().call())
        acknowledge = gas_used(chain.send(agent, coin.functions.acknowledgeRedemption(rid)))
        complete = gas_used(chain.send(agent, coin.functions.completeRedemption(rid)))
        out["stablecoin.redemption.settle"] = Measurement(
            acknowledge + complete, 2, {"acknowledgeRedemption": acknowledge, "completeRedemption": complete}
        )
        chain.send(deployer, coin.functions.updateEnforcer(deployer.address))
        order = b"bench-order".ljust(32, b"\x00")
        for key in ("stablecoin.seize", "stablecoin.wipe"):
            chain.send(agent, coin.functions.mint(frozen.address, 5 * USD))
            chain.send(deployer, coin.functions.blacklist(frozen.address))
            action = (coin.functions.seize(frozen.address, deployer.address, order) if key == "stablecoin.seize"
                      else coin.functions.wipe(frozen.address, order))
            out[key] = _one(chain.send(deployer, action))
            chain.send(deployer, coin.functions.unBlacklist(frozen.address))
        return out

    def settle(self, seller: Signer, buyer: Signer, quantity: int) -> dict[str, Measurement]:
        """``quantity`` security tokens from ``seller`` against stablecoin from ``buyer``: the seller
        proposes, the buyer accepts (both legs move in that transaction)."""
        chain, coin = self.chain, self.coin
        dvp = self._dvp
        if dvp is None:
            raise RuntimeError("deploy() first")
        price = 250 * USD
        chain.send(self.cast.agent, coin.functions.mint(buyer.address, price))
        chain.send(seller, self.security.functions.approve(dvp.address, quantity))
        chain.send(buyer, coin.functions.approve(dvp.address, price))
        terms = (seller.address, buyer.address, self.security.address, quantity, coin.address, price,
                 self._now() + 3_600)
        proposed = chain.send(seller, dvp.functions.propose(terms))
        (event,) = dvp.events.TradeProposed().process_receipt(proposed, errors=DISCARD)
        terms_hash = dvp.functions.hashTerms(terms).call()
        accepted = chain.send(buyer, dvp.functions.accept(event.args["tradeId"], terms_hash))
        return {
            "dvp.propose": _one(proposed),
            "dvp.settle": Measurement(gas_used(accepted), 1, note="accept: security and payment legs"),
        }

    def distribute(self, claimant: Signer) -> dict[str, Measurement]:
        """Publish a distribution over every holder of the security token at the latest block and let
        ``claimant`` claim its share."""
        from sectoken.distribution import allocate, balances_at, build_tree

        chain, coin, agent = self.chain, self.coin, self.cast.agent
        distribution = self._distribution
        if distribution is None:
            raise RuntimeError("deploy() first")
        record_block = int(chain.w3.eth.block_number)
        # Balances rebuilt from Transfer events; the cross-check against historical balanceOf would cost
        # one call per holder (10,000 in the full run) and measures nothing on chain.
        balances = balances_at(chain.w3, self.security.address, record_block, verify=False)
        total = 1_000_000 * USD
        tree = build_tree(allocate(balances, total))
        if claimant.address not in tree:
            raise BenchError("the claimant holds no security tokens at the record block")
        chain.send(agent, coin.functions.mint(agent.address, total))
        chain.send(agent, coin.functions.approve(distribution.address, total))
        created = chain.send(agent, distribution.functions.createDistribution(
            self.security.address, coin.address, tree.root, total, record_block, self._now() + 30 * 86_400
        ))
        (event,) = distribution.events.DistributionCreated().process_receipt(created, errors=DISCARD)
        entry = tree.claim(claimant.address)
        claimed = chain.send(claimant, distribution.functions.claim(
            event.args["distributionId"], entry.index, entry.account, entry.amount, list(entry.proof)
        ))
        note = f"{len(tree):,} holders in the tree, proof of {len(entry.proof)} hashes"
        return {
            "distribution.create": Measurement(gas_used(created), 1, note=note),
            "distribution.claim": Measurement(gas_used(claimed), 1, note=note),
        }


def _one(receipt: Any) -> Measurement:
    return Measurement(gas_used(receipt), 1)

