"""The typed clients check amounts against the contract fields they land in, through the input layer's widths
(:data:`sectoken.inputs.BALANCE_BITS`, :data:`sectoken.inputs.TRANSFER_LIMIT_BITS`), as the command line, the CSV
rows and the configuration do: one above a field's largest value is refused with a clear error before anything is
sent, and the largest value itself goes through on the chain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sectoken.errors import ValidationError
from sectoken.inputs import BALANCE_BITS, TRANSFER_LIMIT_BITS, uint_max

from .conftest import nonce

MAX_BALANCE = uint_max(BALANCE_BITS)  # 2**112 - 1
MAX_LIMIT = uint_max(TRANSFER_LIMIT_BITS)  # 2**88 - 1
DAY = 86_400  # the example's transfer-limit window

# (the client call with an amount, its field's width, who signs it)
CHECKS: dict[str, tuple[Callable[[Any, Any, int], Any], int, str]] = {
    "mint": (lambda s, c, n: s.token.mint(c.alice.address, n), BALANCE_BITS, "deployer"),
    "batch_mint": (lambda s, c, n: s.token.batch_mint([c.alice.address], [n]), BALANCE_BITS, "deployer"),
    "burn": (lambda s, c, n: s.token.burn(c.alice.address, n), BALANCE_BITS, "deployer"),
    "batch_burn": (lambda s, c, n: s.token.batch_burn([c.alice.address], [n]), BALANCE_BITS, "deployer"),
    "transfer": (lambda s, c, n: s.token.with_signer(c.alice).transfer(c.bob.address, n), BALANCE_BITS, "alice"),
    "transfer_from": (lambda s, c, n: s.token.transfer_from(c.alice.address, c.bob.address, n), BALANCE_BITS, "deployer"),
    "batch_transfer": (
        lambda s, c, n: s.token.with_signer(c.alice).batch_transfer([c.bob.address], [n]), BALANCE_BITS, "alice"
    ),
    "forced_transfer": (
        lambda s, c, n: s.token.forced_transfer(c.alice.address, c.bob.address, n), BALANCE_BITS, "deployer"
    ),
    "batch_forced_transfer": (
        lambda s, c, n: s.token.batch_forced_transfer([c.alice.address], [c.bob.address], [n]), BALANCE_BITS, "deployer"
    ),
    "freeze_partial": (lambda s, c, n: s.token.freeze_partial(c.alice.address, n), BALANCE_BITS, "deployer"),
    "batch_freeze_partial": (
        lambda s, c, n: s.token.batch_freeze_partial([c.alice.address], [n]), BALANCE_BITS, "deployer"
    ),
    "set_max_balance": (lambda s, c, n: s.module("MaxBalance").set_max_balance(n), BALANCE_BITS, "deployer"),
    "set_supply_limit": (lambda s, c, n: s.module("SupplyLimit").set_supply_limit(n), BALANCE_BITS, "deployer"),
    "set_transfer_limit": (
        lambda s, c, n: s.module("TransferLimits").set_transfer_limit(DAY, n), TRANSFER_LIMIT_BITS, "deployer"
    ),
}


@pytest.mark.parametrize("name", CHECKS)
def test_one_above_the_field_is_refused_before_sending(web3, suite, cast, name):
    action, bits, who = CHECKS[name]
    signer = getattr(cast, who)
    sent, block = nonce(web3, signer), web3.eth.block_number
    with pytest.raises(ValidationError) as refused:
        action(suite, cast, uint_max(bits) + 1)
    assert str(refused.value).endswith(f" {uint_max(bits) + 1} does not fit in {bits} bits (at most {uint_max(bits)}).")
    assert nonce(web3, signer) == sent and web3.eth.block_number == block


def lift_caps(suite) -> None:
    """The largest maximum balance and supply limit, and no transfer limit: nothing but the field width binds."""
    suite.module("MaxBalance").set_max_balance(MAX_BALANCE)
    suite.module("SupplyLimit").set_supply_limit(MAX_BALANCE)
    suite.module("TransferLimits").set_transfer_limit(DAY, 0)


def test_the_largest_caps_and_transfer_limit_are_set_on_chain(suite):
    lift_caps(suite)
    assert suite.module("MaxBalance").max_balance() == MAX_BALANCE
    assert suite.module("SupplyLimit").supply_limit() == MAX_BALANCE
    suite.module("TransferLimits").set_transfer_limit(DAY, MAX_LIMIT)
    assert suite.module("TransferLimits").transfer_limits() == {DAY: MAX_LIMIT}


@pytest.mark.parametrize("batch", [False, True], ids=["one", "batch"])
def test_the_largest_balance_is_minted_moved_frozen_and_burnt(suite, cast, batch):
    token, alice, bob = suite.token, cast.alice.address, cast.bob.address
    lift_caps(suite)
    (token.batch_mint([alice], [MAX_BALANCE]) if batch else token.mint(alice, MAX_BALANCE))
    assert token.balance_of(alice) == token.total_supply() == MAX_BALANCE
    (token.batch_freeze_partial([alice], [MAX_BALANCE]) if batch else token.freeze_partial(alice, MAX_BALANCE))
    assert token.frozen_tokens(alice) == MAX_BALANCE
    token.unfreeze_partial(alice, MAX_BALANCE)
    holder = token.with_signer(cast.alice)
    (holder.batch_transfer([bob], [MAX_BALANCE]) if batch else holder.transfer(bob, MAX_BALANCE))
    assert token.balance_of(bob) == MAX_BALANCE
    if batch:
        token.batch_forced_transfer([bob], [alice], [MAX_BALANCE])
    else:
        token.forced_transfer(bob, alice, MAX_BALANCE)
    assert token.balance_of(alice) == MAX_BALANCE
    token.with_signer(cast.alice).approve(cast.deployer.address, MAX_BALANCE)
    token.transfer_from(alice, bob, MAX_BALANCE)
    (token.batch_burn([bob], [MAX_BALANCE]) if batch else token.burn(bob, MAX_BALANCE))
    assert token.total_supply() == 0
