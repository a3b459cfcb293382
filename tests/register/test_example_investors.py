"""The example investors (`examples/investors.csv`, with its entities) onboarded into the example suite by
`sectoken investor import`: every issuance passes the uk-us-bridge rules, and the register's cap table
shows each holder's investor type as the file gives it."""

from pathlib import Path

from sectoken.investors import parse_csv

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "investors.csv"


def test_the_example_investors_and_their_types_reach_the_register(sectoken, deployed, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the import's journal goes to ./.sectoken
    rows = parse_csv(EXAMPLE, decimals=0)
    entities = {row.wallet for row in rows if row.investor_type == 1}
    assert len(entities) == 2 and all(row.investor_type in (None, 0, 1) for row in rows)
    imported = sectoken.json("investor", "import", EXAMPLE)
    assert imported["registered"] == 7 and imported["minted"] == 6  # the French investor is issued nothing

    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    sectoken.ok("register", "sync", "--database", database)
    table = sectoken.json("captable", "--database", database, "--source", "register")
    assert {h["wallet"]: h["balance"] for h in table["holdings"]} == {
        row.wallet: str(row.amount) for row in rows if row.amount}
    assert {h["wallet"] for h in table["holdings"] if h["type"] == "entity"} == entities
    assert {h["type"] for h in table["holdings"] if h["wallet"] not in entities} == {"individual"}
    assert sectoken.json("register", "verify", "--database", database)["ok"] is True
