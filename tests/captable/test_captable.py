"""The cap table: holders by identity and jurisdiction, at the latest or a past block, as table, CSV,
JSON and chart."""

import json

from click.testing import CliRunner

from sectoken.captable import cap_table, write_chart
from sectoken.cli import cli
from sectoken.deployments import ContractRecord, Deployments, SuiteRecord

UK, US = 826, 840


def test_holders_grouped_by_country_and_counted_by_identity(suite, web3):
    second_wallet = suite.stranger
    suite.registry.registerIdentity(second_wallet, suite.registry.identity(suite.alice), UK, {"from": suite.agent})
    suite.token.mint(second_wallet, 300, {"from": suite.agent})
    suite.token.mint(suite.carol, 200, {"from": suite.agent})

    table = cap_table(web3, suite.token.address, suite.registry.address)

    assert table.total_supply == 2000
    assert table.holders == 3  # alice's two wallets are one investor
    rows = {row.alpha2: row for row in table.by_country}
    assert (rows["GB"].holders, rows["GB"].wallets, rows["GB"].balance) == (2, 3, 1500)
    assert (rows["US"].holders, rows["US"].wallets, rows["US"].balance) == (1, 1, 500)
    assert rows["GB"].share == 0.75 and rows["GB"].name == "United Kingdom"
    assert [row.alpha2 for row in table.by_country] == ["GB", "US"]  # largest first


def test_past_block_ignores_later_transfers(suite, web3):
    record_block = web3.eth.block_number
    suite.token.transfer(suite.bob, 400, {"from": suite.alice})
    then = cap_table(web3, suite.token.address, suite.registry.address, block=record_block)
    now = cap_table(web3, suite.token.address, suite.registry.address)
    assert {h.wallet: h.balance for h in then.holdings} == {suite.alice.address: 1000, suite.bob.address: 500}
    assert {h.wallet: h.balance for h in now.holdings} == {suite.alice.address: 600, suite.bob.address: 900}


def test_chart_is_a_png(suite, web3, tmp_path):
    table = cap_table(web3, suite.token.address, suite.registry.address)
    path = write_chart(table, tmp_path / "captable.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 5_000


def test_cli_captable_formats(suite, web3, tmp_path):
    store = Deployments(tmp_path / "deployments")
    block = suite.token.tx.block_number
    store.save(
        SuiteRecord(
            "bond", web3.eth.chain_id,
            {
                "token": ContractRecord("SecurityToken", suite.token.address, suite.token.tx.txid, block, ""),
                "identityRegistry": ContractRecord(
                    "IdentityRegistry", suite.registry.address, suite.registry.tx.txid, suite.registry.tx.block_number, ""
                ),
            },
        )
    )
    base = ["captable", "--rpc-url", web3.provider.endpoint_uri, "--suite", "bond", "--deployments", str(store.directory)]
    runner = CliRunner()

    csv_out = runner.invoke(cli, [*base, "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    lines = csv_out.stdout.strip().splitlines()
    assert lines[0] == "wallet,identity,country,alpha2,balance,type"
    assert lines[1].startswith(suite.alice.address) and lines[1].endswith(",826,GB,1000,individual")

    json_out = runner.invoke(cli, [*base, "--format", "json"])
    data = json.loads(json_out.stdout)
    assert data["total_supply"] == "1500" and len(data["holdings"]) == 2
    assert [h["type"] for h in data["holdings"]] == ["individual", "individual"]

    chart = tmp_path / "chart.png"
    table_out = runner.invoke(cli, [*base, "--chart", str(chart)])
    assert table_out.exit_code == 0, table_out.output
    assert "by jurisdiction" in table_out.stdout and "United States" in table_out.stdout
    assert chart.exists()
