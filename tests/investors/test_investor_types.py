"""Investor types in onboarding: the CSV's `type` column (individual|entity, per identity), applied once and
resumed after an interruption without doing anything twice; `investor add --type`, `investor type` and the
type in `investor show`."""

from __future__ import annotations

import pytest

from sectoken.investors import InvalidRowsError, onboard, open_journal, parse_csv

from .helpers import invoke, nonce, wallet, write_csv
from .helpers import summary_of as json_of

W = [wallet(i, "types") for i in range(8)]
SHARED = wallet(99, "types-identity")
HEADER = "wallet,country,claims,expires,identity,amount,type"
LINES = [
    f"{W[0]},UK,kyc;professional,,,100,entity",
    f"{W[1]},UK,kyc;hnw,,,50,individual",
    f"{W[2]},US,kyc;accredited,,,,",  # not given: an individual, as registered
    f"{W[3]},US,kyc;accredited,,{SHARED},10,Entity",
    f"{W[4]},US,kyc;accredited,,{SHARED},,",  # the identity's type, given on the line above
]
INDIVIDUAL, ENTITY = 0, 1


class Interrupted(Exception):
    """Stands for a crash or a Ctrl-C between two transactions."""


def types_on_chain(suite, wallets=W[:5]):
    return [suite.registry.functions.investorType(w).call() for w in wallets]


def type_events(suite, start):
    logs = suite.registry.events.InvestorTypeUpdated().get_logs(from_block=start)
    return sorted((log.args["identity"], log.args["investorType"]) for log in logs)


def test_the_type_column_is_optional_and_checked_per_identity(tmp_path):
    rows = parse_csv(write_csv(tmp_path / "a.csv", LINES, HEADER), 2)
    assert [row.investor_type for row in rows] == [ENTITY, INDIVIDUAL, None, ENTITY, None]
    without = parse_csv(write_csv(tmp_path / "b.csv", [line.rsplit(",", 1)[0] for line in LINES]), 2)
    assert {row.investor_type for row in without} == {None}
    bad = [f"{W[0]},UK,kyc,,,,company", f"{W[3]},US,kyc,,{SHARED},,entity", f"{W[4]},US,kyc,,{SHARED},,individual"]
    with pytest.raises(InvalidRowsError) as refused:
        parse_csv(write_csv(tmp_path / "c.csv", bad, HEADER), 2)
    assert [str(error) for error in refused.value.errors] == [
        "line 2 (type): Unknown investor type 'company': give individual (0) or entity (1).",
        f"line 4 (type): identity {SHARED} is individual here but entity on line 3 (the type is the identity's).",
    ]


def test_an_interrupted_import_sets_each_type_once_when_resumed(web3, suite, owner, tmp_path):
    csv = write_csv(tmp_path / "investors.csv", LINES, HEADER)
    rows = parse_csv(csv, 2)
    start = web3.eth.block_number + 1
    journals = tmp_path / "journals"

    def stop_after_registering(event):
        if event.step is not None and event.step.kind == "register":
            raise Interrupted

    with open_journal(csv, suite.record, directory=journals) as journal, pytest.raises(Interrupted):
        onboard(web3, owner, suite.contracts, rows, journal=journal, progress=stop_after_registering)
    assert suite.registry.functions.contains(W[0]).call() and types_on_chain(suite)[0] == INDIVIDUAL
    with open_journal(csv, suite.record, directory=journals) as journal:
        resumed = onboard(web3, owner, suite.contracts, rows, journal=journal)
    assert (resumed.types_set, resumed.skipped_types) == (2, 1)  # W[1]'s individual is the default already
    assert resumed.gas_by_kind["types"] > 0
    assert types_on_chain(suite) == [ENTITY, INDIVIDUAL, INDIVIDUAL, ENTITY, ENTITY]
    assert type_events(suite, start) == sorted([(W[0], ENTITY), (SHARED, ENTITY)])  # each once
    before = nonce(web3, owner.address)
    with open_journal(csv, suite.record, directory=journals) as journal:
        again = onboard(web3, owner, suite.contracts, rows, journal=journal)
    assert (again.transactions, again.types_set, again.skipped_types) == (0, 0, 3)
    assert nonce(web3, owner.address) == before
    # A later file sets an entity back to an individual; a row without a type leaves the chain's.
    later = [f"{W[0]},UK,kyc;professional,,,100,individual", f"{W[3]},US,kyc;accredited,,{SHARED},10,"]
    summary = onboard(web3, owner, suite.contracts, parse_csv(write_csv(tmp_path / "later.csv", later, HEADER), 2))
    assert (summary.transactions, summary.types_set, summary.skipped_types) == (1, 1, 0)
    assert types_on_chain(suite, [W[0], W[3], W[4]]) == [INDIVIDUAL, ENTITY, ENTITY]


def test_add_with_a_type_then_show_and_change_it(web3, suite, owner, url, workdir):
    args = ["investor", "add", W[5], "--country", "UK", "--claims", "kyc", "--type", "entity", "--json"]
    added = json_of(invoke(suite, url, *args))
    assert (added["registered"], added["typesSet"], added["transactions"]) == (1, 1, 2)
    assert json_of(invoke(suite, url, "investor", "show", W[5], "--json"))["type"] == "entity"
    before = nonce(web3, owner.address)
    again = json_of(invoke(suite, url, *args))
    assert (again["transactions"], again["skippedTypes"]) == (0, 1) and nonce(web3, owner.address) == before
    refused = invoke(suite, url, "investor", "add", W[6], "--country", "UK", "--type", "company")
    assert refused.exit_code == 2 and "Unknown investor type 'company'" in refused.stderr
    changed = json_of(invoke(suite, url, "investor", "type", W[5], "individual", "--json"))
    assert (changed["action"], changed["wallet"], changed["type"]) == ("investor-type", W[5], "individual")
    assert changed["gasUsed"] > 0 and suite.registry.functions.investorType(W[5]).call() == INDIVIDUAL
    table = invoke(suite, url, "investor", "show", W[5])
    assert "Type" in table.stdout and "individual" in table.stdout
    assert nonce(web3, owner.address) == before + 1
    unregistered = invoke(suite, url, "investor", "type", W[7], "entity")
    assert unregistered.exit_code == 1 and "StorageWalletNotStored" in unregistered.stderr
    assert json_of(invoke(suite, url, "investor", "show", W[7], "--json"))["type"] is None
