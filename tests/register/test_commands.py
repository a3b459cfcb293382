"""`sectoken register sync|verify`, and `captable` and `distribute create` reading the register when it
is synced to their block (the chain otherwise)."""

import json

from sqlalchemy import update

from sectoken.register.schema import balances
from tests.cli.conftest import one_red_line
from tests.register.conftest import ALICE, BOB, CAROL, DEPLOYER
from tests.register.helpers import activity, opened


def test_sync_then_verify(web3, sectoken, onboarded, database):
    activity(onboarded)
    synced = sectoken.json("register", "sync", "--database", database)
    assert synced["syncedBlock"] == web3.eth.block_number and synced["events"] > 20 and synced["reorg"] is None
    assert "up to date at block" in sectoken.ok("register", "sync", "--database", database).stdout
    checked = sectoken.json("register", "verify", "--database", database)
    assert checked["ok"] is True and checked["differences"] == [] and checked["totalSupply"] == "1480"
    assert "matches the chain" in sectoken.ok("register", "verify", "--database", database).stdout


def test_verify_exits_1_on_a_difference(sectoken, onboarded, tmp_path):
    database = f"sqlite:///{tmp_path / 'r.sqlite'}"
    activity(onboarded)
    sectoken.ok("register", "sync", "--database", database)
    with opened(database) as register, register.writing() as connection:
        connection.execute(update(balances).where(balances.c.wallet == ALICE).values(balance=1))
    result = sectoken("register", "verify", "--database", database, "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert found["ok"] is False
    assert {"what": "balance", "wallet": ALICE, "register": "1", "chain": "830"} in found["differences"]
    text = sectoken("register", "verify", "--database", database)
    assert text.exit_code == 1 and "differences between the register of 'uk-us-bond' and the chain" in text.stdout
    assert f"balance of {ALICE}: register 1, chain 830" in text.stdout


def test_captable_reads_the_register_up_to_its_synced_block(web3, sectoken, onboarded, tmp_path):
    database = f"sqlite:///{tmp_path / 'r.sqlite'}"
    activity(onboarded)
    synced = sectoken.json("register", "sync", "--database", database)["syncedBlock"]
    from_register = sectoken.json("captable", "--database", database)
    from_chain = sectoken.json("captable", "--database", database, "--source", "chain")
    assert from_register["source"] == "register" and from_chain["source"] == "chain"
    assert {k: v for k, v in from_register.items() if k != "source"} == {
        k: v for k, v in from_chain.items() if k != "source"}
    assert "(from the register)" in sectoken.ok("captable", "--database", database).stdout
    assert {h["wallet"]: h["type"] for h in from_register["holdings"]} == {ALICE: "entity", BOB: "individual"}
    csv = sectoken.ok("captable", "--database", database, "--format", "csv").stdout.splitlines()
    assert csv[0] == "wallet,identity,country,alpha2,balance,type" and csv[1].startswith(ALICE)
    assert csv[1].endswith(",GB,830,entity")

    onboarded.token.mint(ALICE, 5)  # a block the register has not synced
    assert sectoken.json("captable", "--database", database)["source"] == "chain"
    assert sectoken.json("captable", "--database", database, "--at-block", synced)["source"] == "register"
    refused = one_red_line(sectoken("captable", "--database", database, "--source", "register"))
    assert f"has not synced block {synced + 1} of this chain for suite 'uk-us-bond'" in refused


def test_the_default_register_is_a_sqlite_file_under_dot_sectoken(web3, sectoken, onboarded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    onboarded.token.mint(ALICE, 40)
    assert sectoken.json("captable")["source"] == "chain"  # no register yet, and none is created
    assert not (tmp_path / ".sectoken").exists()
    sectoken.ok("register", "sync")
    assert (tmp_path / ".sectoken" / "register.sqlite").is_file()
    assert sectoken.json("captable")["source"] == "register"


def test_distribute_create_takes_record_date_balances_from_the_register(web3, sectoken, onboarded, tmp_path):
    database = f"sqlite:///{tmp_path / 'r.sqlite'}"
    onboarded.storage.add_claim("0x" + CAROL[2:].lower()[::-1], "professional")
    for wallet, amount in ((ALICE, 100), (BOB, 200), (CAROL, 50)):
        onboarded.token.mint(wallet, amount)
    sectoken.ok("stablecoin", "mint", DEPLOYER, "1000")
    record = sectoken.json("register", "sync", "--database", database)["syncedBlock"]
    # The register's copy says bob held nothing at the record block: the distribution follows the register.
    with opened(database) as register, register.writing() as connection:
        connection.execute(update(balances).where(balances.c.wallet == BOB, balances.c.asset == "token")
                           .values(balance=0))
    created = sectoken.json("distribute", "create", "--total", "150", "--record-block", record,
                            "--database", database, "--out", tmp_path / "tree.json")
    claims = {c["account"]: c["amount"] for c in json.loads((tmp_path / "tree.json").read_text())["claims"]}
    assert created["holders"] == 2 and claims == {ALICE: "100000000", CAROL: "50000000"}


def test_bad_database_urls_are_refused_in_one_line_without_the_password(sectoken, onboarded):
    unsupported = one_red_line(sectoken("register", "sync", "--database", "mysql://u@localhost/db"))
    assert "Unsupported register database" in unsupported and "postgresql://" in unsupported
    unreachable = one_red_line(sectoken("register", "sync", "--database", "postgresql://me:s3cret@127.0.0.1:1/db"))
    assert "Cannot open the register at postgresql://" in unreachable and "Connection refused" in unreachable
    assert "s3cret" not in unreachable
    memory = one_red_line(sectoken("register", "sync", "--database", "sqlite://"))
    assert "needs a SQLite file" in memory
