"""``sectoken settle``: delivery versus payment of the chosen suite's security token against its
stablecoin, through the suite's settlement contract.

A trade is proposed by one party (the seller by default) and accepted by the other; both legs move in
the accepting transaction or neither does. Amounts are in tokens (``2.5``): the quantity with the
security token's decimals, the price with the payment token's. A security leg the token would refuse is
reported with its ERC-1404 code before anything is sent.
"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.table import Table

from sectoken.cli.commands._suite_commands import load_suite, plain, report, shown, stablecoin_of, tokens
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenGroup
from sectoken.cli.output import iso_time
from sectoken.contracts.settlement import DvPSettlement, Terms, Trade, TradeStatus
from sectoken.contracts.stablecoin import Stablecoin
from sectoken.contracts.token import SecurityToken
from sectoken.errors import ConfigError, TransferRestrictedError, ValidationError
from sectoken.inputs import parse_period
from sectoken.suite import Suite
from sectoken.tx import Receipt

__all__ = ["command"]

def settlement_of(suite: Suite) -> DvPSettlement:
    """The suite's settlement contract.

    Raises:
        ConfigError: the suite has none.
    """
    if suite.settlement is None:
        raise ConfigError(f"Suite '{suite.name}' has no settlement contract (its configuration has no 'settlement' "
                          "section).")
    return suite.settlement


def _latest_time(suite: Suite) -> int:
    return int(suite.token.w3.eth.get_block("latest")["timestamp"])


def _refuse_if_restricted(token: SecurityToken, seller: str, buyer: str, amount: int) -> None:
    """Raise the token's ERC-1404 refusal of the security leg, if it would refuse it now."""
    check = token.check_transfer(seller, buyer, amount)
    if check.code:
        raise TransferRestrictedError(check.code, check.reason, check.message)


def _ensure_allowance(client: SecurityToken | Stablecoin, owner: str, spender: str, amount: int) -> Receipt | None:
    """Approve ``spender`` for ``amount`` of the signer's tokens unless it may already spend that much."""
    if client.allowance(owner, spender) >= amount:
        return None
    return client.approve(spender, amount)


def _terms_data(terms: Terms, token: SecurityToken, coin: Stablecoin | None) -> dict[str, Any]:
    decimals = token.decimals()
    data: dict[str, Any] = {
        "seller": terms.seller,
        "buyer": terms.buyer,
        "securityToken": terms.security_token,
        "amount": plain(terms.security_amount, decimals),
        "amountBaseUnits": terms.security_amount,
        "paymentToken": terms.payment_token,
        "priceBaseUnits": terms.payment_amount,
        "expiry": terms.expiry,
    }
    if coin is not None and coin.address == terms.payment_token:
        data["price"] = plain(terms.payment_amount, coin.decimals())
    return data


def _price_text(terms: Terms, coin: Stablecoin | None) -> str:
    if coin is not None and coin.address == terms.payment_token:
        return shown(terms.payment_amount, coin.decimals(), coin.symbol())
    return f"{terms.payment_amount:,} base units of {terms.payment_token}"


@click.group(cls=SectokenGroup, name="settle")
def command() -> None:
    """Delivery versus payment: propose, accept, cancel and show trades of the security token against
    the stablecoin, settled atomically by the suite's settlement contract."""


@command.command()
@click.option("--buyer", type=ADDRESS, default=None, help="The buyer (when the signer sells).")
@click.option("--seller", type=ADDRESS, default=None, help="The seller (with --as-buyer).")
@click.option("--as-buyer", is_flag=True, help="Propose as the buyer: the signer pays, --seller delivers.")
@click.option("--amount", required=True, help="Security tokens delivered.")
@click.option("--price", required=True, help="Total paid, in the stablecoin.")
@click.option("--expiry", default="1 day", show_default=True,
              help="How long the offer stands: a period ('1 day', '6 hours') or seconds.")
@pass_cli
def propose(cli: CliContext, buyer: str | None, seller: str | None, as_buyer: bool, amount: str, price: str,
            expiry: str) -> None:
    """Propose a trade. The signer sells to --buyer by default (approving the settlement contract for the
    tokens if needed); with --as-buyer it buys from --seller (approving the payment)."""
    suite = load_suite(cli)
    dvp, coin, token = settlement_of(suite), stablecoin_of(suite), suite.token
    me = cli.signer().address
    seller_address: str
    buyer_address: str
    if as_buyer:
        if seller is None or buyer is not None:
            raise click.UsageError("With --as-buyer give --seller (the signer is the buyer), not --buyer.")
        seller_address, buyer_address = seller, me
    else:
        if buyer is None or seller is not None:
            raise click.UsageError("Give --buyer (the signer sells), or --as-buyer with --seller.")
        seller_address, buyer_address = me, buyer
    units = tokens(amount, token.decimals())
    payment = tokens(price, coin.decimals(), what="price")
    lasts = parse_period(expiry, "--expiry")
    terms = Terms(seller_address, buyer_address, token.address, units, coin.address, payment,
                  _latest_time(suite) + lasts)
    _refuse_if_restricted(token, seller_address, buyer_address, units)
    if as_buyer:
        _ensure_allowance(coin, me, dvp.address, payment)
    else:
        _ensure_allowance(token, me, dvp.address, units)
    trade_id, receipt = dvp.propose(terms)
    terms_hash = "0x" + dvp.hash_terms(terms).hex()
    symbol = token.symbol()
    counterparty = seller_address if as_buyer else buyer_address
    report(cli, f"proposed trade {trade_id}: {'buy' if as_buyer else 'sell'} {shown(units, token.decimals(), symbol)} "
                f"{'from' if as_buyer else 'to'} {counterparty} for {_price_text(terms, coin)} (terms {terms_hash})",
           receipt, action="propose", tradeId=trade_id, termsHash=terms_hash, terms=_terms_data(terms, token, coin))


@command.command()
@click.argument("trade_id", type=click.IntRange(min=1))
@click.option("--pay", type=click.Choice(["authorization", "permit", "allowance"]), default=None,
              help="How the buyer pays: an EIP-3009 authorization bound to the trade, an EIP-2612 permit, or an "
                   "allowance (approved first if short). [default: authorization for the suite's stablecoin]")
@pass_cli
def accept(cli: CliContext, trade_id: int, pay: str | None) -> None:
    """Accept trade TRADE_ID as its counterparty, committing to its current terms: both legs settle in
    this transaction or neither does."""
    suite = load_suite(cli)
    dvp, token = settlement_of(suite), suite.token
    coin = suite.stablecoin
    signer = cli.signer()
    trade = dvp.trade(trade_id)
    terms = trade.terms
    if trade.status != TradeStatus.PENDING:
        raise ValidationError(f"Trade {trade_id} is {trade.status.name.lower()}, not pending.")
    terms_hash = dvp.hash_terms(terms)
    _refuse_if_restricted(token, terms.seller, terms.buyer, terms.security_amount)
    buyer_accepts = trade.proposer == terms.seller
    if signer.address != (terms.buyer if buyer_accepts else terms.seller):
        raise ValidationError(f"Trade {trade_id} is accepted by its {'buyer' if buyer_accepts else 'seller'} "
                              f"{terms.buyer if buyer_accepts else terms.seller}, not {signer.address}.")
    is_stablecoin = coin is not None and coin.address == terms.payment_token
    if not buyer_accepts:
        if pay is not None:
            raise click.UsageError("--pay is for a buyer accepting; the seller delivers with an allowance.")
        _ensure_allowance(token, signer.address, dvp.address, terms.security_amount)
        method, receipt = "allowance", dvp.accept(trade_id, terms_hash)
    else:
        method = pay or ("authorization" if is_stablecoin else "allowance")
        if method != "allowance" and (coin is None or not is_stablecoin):
            raise ValidationError(f"--pay {method} needs the payment token to be the suite's stablecoin.")
        valid_before = min(terms.expiry + 1, 2**64 - 1)
        if method == "authorization":
            assert coin is not None
            authorization = coin.sign_authorization(
                signer, dvp.address, terms.payment_amount, valid_before=valid_before,
                nonce=dvp.authorization_nonce(trade_id, terms_hash), receive=True,
            )
            receipt = dvp.accept_with_authorization(trade_id, authorization, terms_hash)
        elif method == "permit":
            assert coin is not None
            permit = coin.sign_permit(signer, dvp.address, terms.payment_amount, valid_before)
            receipt = dvp.accept_with_permit(trade_id, permit, terms_hash)
        else:
            if is_stablecoin:
                assert coin is not None
                _ensure_allowance(coin, signer.address, dvp.address, terms.payment_amount)
            receipt = dvp.accept(trade_id, terms_hash)
    decimals, symbol = cli.units(token)
    report(cli, f"settled trade {trade_id}: {shown(terms.security_amount, decimals, symbol)} to {terms.buyer}, "
                f"{_price_text(terms, coin)} to {terms.seller} (paid by {method})",
           receipt, action="accept", tradeId=trade_id, termsHash="0x" + terms_hash.hex(), pay=method,
           terms=_terms_data(terms, token, coin))


@command.command()
@click.argument("trade_id", type=click.IntRange(min=1))
@pass_cli
def cancel(cli: CliContext, trade_id: int) -> None:
    """Cancel pending trade TRADE_ID (its proposer)."""
    dvp = settlement_of(load_suite(cli))
    receipt = dvp.cancel(trade_id)
    report(cli, f"cancelled trade {trade_id}", receipt, action="cancel", tradeId=trade_id)


def _show_data(trade: Trade, terms_hash: bytes, token: SecurityToken, coin: Stablecoin | None) -> dict[str, Any]:
    terms = trade.terms
    return {
        "tradeId": trade.trade_id,
        "status": trade.status.name.lower(),
        "proposer": trade.proposer,
        "proposedBy": "seller" if trade.proposer == terms.seller else "buyer",
        "approved": trade.approved,
        "termsHash": "0x" + terms_hash.hex(),
        "terms": _terms_data(terms, token, coin),
    }


@command.command()
@click.argument("trade_id", type=click.IntRange(min=1))
@pass_cli
def show(cli: CliContext, trade_id: int) -> None:
    """Show trade TRADE_ID: parties, terms in tokens, status."""
    suite = load_suite(cli, read_only=True)
    dvp, token, coin = settlement_of(suite), suite.token, suite.stablecoin
    trade = dvp.trade(trade_id)
    terms_hash = dvp.hash_terms(trade.terms)
    data = _show_data(trade, terms_hash, token, coin)

    def render(console: Console) -> None:
        terms = trade.terms
        colour = {"settled": "green", "pending": "yellow"}.get(data["status"], "red")
        table = Table(title=f"Trade {trade_id} · [{colour}]{data['status']}[/]", show_header=False)
        table.add_row("seller", terms.seller + (" (proposer)" if data["proposedBy"] == "seller" else ""))
        table.add_row("buyer", terms.buyer + (" (proposer)" if data["proposedBy"] == "buyer" else ""))
        table.add_row("delivers", shown(terms.security_amount, token.decimals(), token.symbol()))
        table.add_row("pays", _price_text(terms, coin))
        table.add_row("expiry", str(iso_time(terms.expiry)))
        table.add_row("terms hash", data["termsHash"])
        if dvp.approval_required(terms.security_token):
            table.add_row("agent approval", "given" if trade.approved else "required, not given")
        console.print(table)

    cli.emit(data, render)
