"""`sectoken distribute ...` end to end: the deployer pays stUSD coupons to the bond holders at a record
block (alice 100, bob 200, carol 50 bonds), holders are paid by pushed claims, and the unclaimed rest
returns after the deadline."""

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import ALICE, BOB, CAROL, DEPLOYER, one_red_line, pending_nonce

USD = 10**6
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def ready(onboarded, sectoken):
    """alice, bob and carol (made a UK professional) hold bonds; the deployer holds 10,000 stUSD (done once, as
    the module starts: every test starts from here)."""
    onboarded.storage.add_claim("0x" + CAROL[2:].lower()[::-1], "professional")
    for wallet, amount in ((ALICE, 100), (BOB, 200), (CAROL, 50)):
        onboarded.token.mint(wallet, amount)
    sectoken.ok("stablecoin", "mint", DEPLOYER, "10000")


def coin_balances(suite, *wallets):
    return [suite.stablecoin.balance_of(wallet) for wallet in wallets]


def test_create_per_token_with_an_exclusion_and_claim_all(sectoken, onboarded, tmp_path):
    tree_file = tmp_path / "coupon.json"
    created = sectoken.json("distribute", "create", "--per-token", "2.5", "--exclude", CAROL, "--out", tree_file)
    assert (created["distributionId"], created["holders"], created["allocated"], created["dust"]) == (1, 2, "750", "0")
    assert created["excluded"] == [CAROL] and created["signer"] == DEPLOYER
    written = json.loads(tree_file.read_text())
    assert written["root"] == created["root"] and {c["account"] for c in written["claims"]} == {ALICE, BOB}
    assert onboarded.distribution.info(1).funded == 750 * USD
    claimed = sectoken.json("distribute", "claim", "1", "--all", "--tree", tree_file)
    assert (claimed["paid"], claimed["skipped"], claimed["amount"], claimed["batches"]) == (2, 0, "750", 1)
    assert coin_balances(onboarded, ALICE, BOB, CAROL) == [250 * USD, 500 * USD, 0]


def test_total_with_dust_at_a_record_block_to_the_default_file(sectoken, onboarded, web3, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record = web3.eth.block_number
    onboarded.token.mint(ALICE, 1000)  # after the record block: does not count
    text = sectoken.ok("distribute", "create", "--total", "100", "--record-block", record, "--exclude", CAROL).stdout
    default = tmp_path / ".sectoken" / "distributions" / f"{web3.eth.chain_id}-uk-us-bond-1.json"
    assert "created distribution 1: 2 holders" in text and "dust 0.000001 stUSD (1 base units)" in text
    written = json.loads(default.read_text())
    assert (written["recordBlock"], written["allocated"], written["dustBaseUnits"]) == (record, "99.999999", 1)
    assert {c["account"]: c["amount"] for c in written["claims"]} == {ALICE: "33333333", BOB: "66666666"}


def test_claims_in_batches_skip_what_was_already_claimed(sectoken, onboarded, tmp_path):
    tree_file = tmp_path / "coupon.json"
    sectoken.ok("distribute", "create", "--per-token", "1", "--out", tree_file)
    first = sectoken.json("distribute", "claim", "1", "--holder", BOB, "--tree", tree_file)
    assert (first["paid"], first["skipped"]) == (1, 0)
    text = sectoken.ok("distribute", "claim", "1", "--all", "--batch-size", "1", "--tree", tree_file).stdout
    assert "paid 2 claims of distribution 1 (150 stUSD) in 2 transactions" in text and "1 already claimed" in text
    again = sectoken.json("distribute", "claim", "1", "--all", "--tree", tree_file)
    assert (again["paid"], again["skipped"], again["batches"]) == (0, 3, 0)
    assert coin_balances(onboarded, ALICE, BOB, CAROL) == [100 * USD, 200 * USD, 50 * USD]


def test_reclaim_after_the_deadline(sectoken, onboarded, web3, tmp_path):
    tree_file = tmp_path / "coupon.json"
    sectoken.ok("distribute", "create", "--total", "350", "--deadline", "1 hour", "--out", tree_file)
    sectoken.ok("distribute", "claim", "1", "--holder", ALICE, "--tree", tree_file)
    assert "DistributionClaimWindowOpen" in one_red_line(sectoken("distribute", "reclaim", "1"))
    web3.provider.make_request("evm_increaseTime", [3601])
    web3.provider.make_request("evm_mine", [])
    before = onboarded.stablecoin.balance_of(DEPLOYER)
    reclaimed = sectoken.json("distribute", "reclaim", "1")
    assert (reclaimed["amount"], reclaimed["issuer"]) == ("250", DEPLOYER)
    assert onboarded.stablecoin.balance_of(DEPLOYER) == before + 250 * USD
    assert "DistributionClaimWindowClosed" in one_red_line(
        sectoken("distribute", "claim", "1", "--holder", BOB, "--tree", tree_file))


def test_refusals_send_nothing(web3, sectoken, tmp_path):
    before = pending_nonce(web3, DEPLOYER)
    usage = sectoken("distribute", "create", "--per-token", "1", "--total", "5")
    assert usage.exit_code == 2 and "either --per-token or --total" in usage.stderr
    error = one_red_line(sectoken("distribute", "create", "--per-token", "10000"))
    assert "holds 10,000 stUSD, less than the 3,500,000 stUSD to fund" in error
    error = one_red_line(sectoken("distribute", "create", "--total", "5", "--exclude", ALICE, "--exclude", BOB,
                                  "--exclude", CAROL))
    assert "No holder is eligible" in error
    assert "DistributionNotFound" in one_red_line(sectoken("distribute", "claim", "1", "--all"))
    assert pending_nonce(web3, DEPLOYER) == before
    sectoken.ok("distribute", "create", "--total", "5", "--out", tmp_path / "coupon.json")
    assert "No tree file at" in one_red_line(sectoken("distribute", "claim", "1", "--all", "--tree", tmp_path / "x.json"))
    (tmp_path / "other.json").write_text(json.dumps({"claims": [{"account": ALICE, "amount": "1"}]}))
    assert "is not distribution 1's" in one_red_line(
        sectoken("distribute", "claim", "1", "--all", "--tree", tmp_path / "other.json"))
    usage = sectoken("distribute", "claim", "1", "--tree", tmp_path / "coupon.json")
    assert usage.exit_code == 2 and "either --all or one or more --holder" in usage.stderr


def test_export_writes_a_tree_openzeppelins_package_loads_and_verifies(sectoken, onboarded, tmp_path):
    tree_file = tmp_path / "coupon.json"
    created = sectoken.json("distribute", "create", "--total", "350", "--out", tree_file)
    exported = sectoken.json("distribute", "export", "1", "--tree", tree_file)
    path = tmp_path / "coupon.openzeppelin.json"
    assert exported == {"action": "export", "distributionId": 1, "root": created["root"], "claims": 3,
                        "out": str(path), "format": "standard-v1"}
    assert "0x" + onboarded.distribution.info(1).root.hex() == created["root"]
    script = (
        "const {StandardMerkleTree} = require('@openzeppelin/merkle-tree');"
        "const t = StandardMerkleTree.load(JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')));"
        "const ok = [...t.entries()].every(([i, v]) => StandardMerkleTree.verify(t.root, t.leafEncoding, v, t.getProof(i)));"
        "console.log(JSON.stringify({root: t.root, ok, holders: [...t.entries()].map(([, v]) => v[1])}));"
    )
    out = subprocess.run(["node", "-e", script, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"root": created["root"], "ok": True, "holders": sorted([ALICE, BOB, CAROL],
                                                                                              key=lambda a: int(a, 16))}
    other = tmp_path / "elsewhere" / "coupon.json"
    assert sectoken.json("distribute", "export", "1", "--tree", tree_file, "--out", other)["out"] == str(other)
    assert json.loads(other.read_text()) == json.loads(path.read_text())


def test_create_refuses_blacklisted_holders_and_says_how_to_leave_them_out(web3, sectoken, onboarded, tmp_path):
    sectoken.ok("stablecoin", "blacklist", BOB)
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("distribute", "create", "--per-token", "1", "--out", tmp_path / "c.json"))
    assert f"1 holder is blacklisted by the stablecoin, which cannot pay it: {BOB}. Nothing was sent." in error
    assert f"--exclude {BOB}" in error
    assert pending_nonce(web3, DEPLOYER) == before and not (tmp_path / "c.json").exists()
    created = sectoken.json("distribute", "create", "--per-token", "1", "--exclude", BOB, "--out", tmp_path / "c.json")
    assert created["holders"] == 2


def test_claim_all_skips_holders_blacklisted_after_create_and_ends_with_a_summary(sectoken, onboarded, tmp_path):
    tree_file = tmp_path / "coupon.json"
    sectoken.ok("distribute", "create", "--per-token", "1", "--out", tree_file)
    sectoken.ok("stablecoin", "blacklist", BOB)  # after the tree was built: its claim cannot be paid now
    claimed = sectoken.json("distribute", "claim", "1", "--all", "--batch-size", "2", "--tree", tree_file)
    assert (claimed["paid"], claimed["amount"], claimed["complete"]) == (2, "150", True)
    assert claimed["blacklisted"] == [{"holder": BOB, "amount": "200"}]
    assert coin_balances(onboarded, ALICE, BOB, CAROL) == [100 * USD, 0, 50 * USD]
    text = sectoken.ok("distribute", "claim", "1", "--all", "--tree", tree_file).stdout
    assert f"not paid: {BOB} (200 stUSD) is blacklisted" in text and "paid 0 claims" in text
    sectoken.ok("stablecoin", "blacklist", BOB, "--remove")
    assert sectoken.json("distribute", "claim", "1", "--all", "--tree", tree_file)["paid"] == 1


def test_claim_ends_with_a_summary_when_it_stops_part_way(sectoken, onboarded, tmp_path):
    tree_file = tmp_path / "coupon.json"
    sectoken.ok("distribute", "create", "--per-token", "1", "--out", tree_file)
    sectoken.ok("stablecoin", "pause")
    result = sectoken("distribute", "claim", "1", "--all", "--tree", tree_file, "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert (summary["paid"], summary["complete"]) == (0, False) and "StablecoinPaused" in summary["error"]["message"]
