"""`sectoken serve` on a suite with a life: over HTTP, each page's content and its JSON twin, read-only
methods, the host check, the security headers and no secret in any page; in a real browser (Debian's
Chromium driven by Playwright), each page's content and a screenshot; and a clean stop on Ctrl-C (SIGINT).

One module: one chain, one suite, one server and one browser session for every test."""

import json
import os
import signal
from pathlib import Path

import pytest

from sectoken.serve import PAGES, Desk
from tests.cli.conftest import one_red_line
from tests.serve.conftest import ALICE, BOB, CAROL, ERIN, SECRET, chromium


def test_the_cap_table_by_jurisdiction_with_its_chart(served, activity):
    status, headers, html = served.get("/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "Cap table by jurisdiction" in html and "<svg" in html and 'data-country="GB"' in html
    assert 'data-country="US"' in html and "<script" not in html
    data = json.loads(served.get("/api/captable")[2])["data"]
    assert data["source"] == "chain"  # the register is synced to an earlier block
    assert data["totalSupply"] == "1500" and data["holders"] == 2
    rows = {row["alpha2"]: row for row in data["byCountry"]}
    assert rows["GB"]["balance"] == "930" and rows["US"]["balance"] == "570"
    assert abs(rows["GB"]["share"] - 0.62) < 1e-9
    assert {h["wallet"]: h["balance"] for h in data["holdings"]} == {ALICE: "930", BOB: "570"}
    assert {h["wallet"]: h["type"] for h in data["holdings"]} == {ALICE: "entity", BOB: "individual"}


def test_holders_and_their_eligibility(served):
    data = json.loads(served.get("/holders?format=json")[2])["data"]
    holders = {h["wallet"]: h for h in data["holders"]}
    assert list(holders)[:2] == [ALICE, BOB] and CAROL in holders
    alice, bob, carol = holders[ALICE], holders[BOB], holders[CAROL]
    assert (alice["verified"], alice["country"]["alpha2"], alice["frozenTokens"], alice["walletFrozen"]) == (
        True, "GB", "100", False)
    assert {c["name"] for c in alice["claims"]} == {"kyc", "professional"}
    assert (alice["type"], bob["type"]) == ("entity", "individual")
    # The uk-us-bridge pack locks bonds issued to US investors: bob's 500 minted, not the 70 he bought.
    assert bob["country"]["alpha2"] == "US" and bob["lockedTokens"] == "500" and alice["lockedTokens"] == "0"
    assert carol["walletFrozen"] is True and carol["balance"] == "0" and {c["name"] for c in carol["claims"]} == {"kyc"}
    html = served.get("/holders")[2]
    assert "wallet frozen" in html and "100 frozen" in html and "verified" in html
    assert all(h["claimRecordFresh"] for h in (alice, bob, carol)) and "claim record stale" not in html


def test_stale_claim_records_are_shown_until_refreshed(served, sectoken):
    """A trust change (an issuer trusted, then removed) leaves every investor's cached claim record stale: the
    holders page says so for each registered wallet, until `sectoken investor refresh`."""
    passing = "0x00000000000000000000000000000000000c1a13"
    sectoken.ok("issuer", "add", passing, "--topics", "kyc")
    sectoken.ok("issuer", "remove", passing)
    holders = json.loads(served.get("/holders?format=json")[2])["data"]["holders"]
    registered = [h for h in holders if h["registered"]]
    assert registered and not any(h["claimRecordFresh"] for h in registered)
    assert "claim record stale" in served.get("/holders")[2]
    assert sectoken.json("investor", "refresh")["refreshed"] >= len({h["identity"] for h in registered})
    holders = json.loads(served.get("/holders?format=json")[2])["data"]["holders"]
    assert all(h["claimRecordFresh"] for h in holders if h["registered"])
    assert "claim record stale" not in served.get("/holders")[2]


def test_the_rules_in_words_are_those_of_compliance_explain(served, sectoken):
    explained = sectoken.json("compliance", "explain")
    data = json.loads(served.get("/api/rules")[2])["data"]
    assert [r["rule"] for r in data["rules"]] == [r["rule"] for r in explained]
    html = served.get("/rules")[2]
    assert explained[0]["rule"].split(":")[0] in html


def test_enforcement_actions_and_what_the_chain_keeps_of_refusals(served, activity):
    data = json.loads(served.get("/api/enforcement")[2])["data"]
    assert data["source"] == "register+chain" and data["syncedBlock"] == activity.synced_block
    kinds = [a["action"] for a in data["actions"]]
    assert kinds[:3] == ["stablecoin seizure", "stablecoin blacklist", "tokens frozen"] or "stablecoin seizure" in kinds
    for kind in ("forced transfer", "wallet freeze", "tokens frozen", "stablecoin blacklist", "stablecoin seizure"):
        assert kind in kinds
    seizure = next(a for a in data["actions"] if a["action"] == "stablecoin seizure")
    assert seizure["detail"] == f"7 of {ERIN} seized to {seizure['detail'].split(' to ')[1].split(' ')[0]} under order CASE-2030-42"
    forced = next(a for a in data["actions"] if a["action"] == "forced transfer")
    assert forced["detail"] == f"50 moved from {ALICE} to {BOB} by the agent"
    assert [t["id"] for t in data["rejectedTrades"]] == [activity.rejected_trade]
    assert "leaves no event" in data["refusalsNote"]
    html = served.get("/enforcement")[2]
    assert "CASE-2030-42" in html and "no log of refused transfers" in html


def test_trades_and_distributions(served, activity):
    data = json.loads(served.get("/api/trades")[2])["data"]
    trades = {t["id"]: t for t in data["trades"]}
    settled, rejected = trades[activity.settled_trade], trades[activity.rejected_trade]
    assert (settled["status"], settled["seller"], settled["buyer"], settled["amount"], settled["price"]) == (
        "settled", ALICE, BOB, "20", "250")
    assert rejected["status"] == "rejected"
    (coupon,) = data["distributions"]
    assert (coupon["id"], coupon["funded"], coupon["claims"], coupon["reclaimed"]) == (1, "150", 1, "0")
    assert coupon["claimed"] == "93" and coupon["remaining"] == "57" and coupon["deadline"].endswith("Z")


def test_the_stablecoin_reserves_and_open_redemptions(served, sectoken):
    data = json.loads(served.get("/api/stablecoin")[2])["data"]
    reserves = data["reserves"]
    assert reserves["reserves"] == "25000000" and reserves["stale"] is False and len(reserves["reports"]) == 1
    assert reserves == {**sectoken.json("stablecoin", "reserves"), "reserves": "25000000",
                        "totalSupply": reserves["totalSupply"], "now": reserves["now"], "ageSeconds": reserves["ageSeconds"]}
    (request,) = data["redemptions"]["redemptions"]
    assert (request["holder"], request["amount"], request["status"]) == (BOB, "5", "requested")
    html = served.get("/stablecoin")[2]
    assert "reserves.example.org" in html and "fresh" in html and BOB in html


def test_a_register_synced_to_the_latest_block_is_read_alone(web3, sectoken, onboarded, activity, tmp_path,
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)  # no default register here: the chain alone, below
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    synced = sectoken.json("register", "sync", "--database", database)["syncedBlock"]
    desk = Desk(web3, onboarded.record, database=database)
    try:
        table = desk.captable()
        assert (table["source"], table["block"], table["total_supply"]) == ("register", synced, "1500")
        assert {h["wallet"]: h["type"] for h in table["holdings"]} == {ALICE: "entity", BOB: "individual"}
        enforcement = desk.enforcement()
        assert (enforcement["source"], enforcement["synced_block"]) == ("register", synced)
    finally:
        desk.close()
    from_chain = Desk(web3, onboarded.record).enforcement()
    assert from_chain["source"] == "chain" and from_chain["actions"] == enforcement["actions"]


def test_every_page_answers_get_only(served):
    for page in PAGES:
        assert served.get(f"/api/{page.name}")[0] == 200  # (the HTML pages: in the browser, below)
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            assert served.get(page.path, method=method)[0] == 405
    assert served.get("/nothing-here")[0] == 404
    index = json.loads(served.get("/api")[2])
    assert [p["name"] for p in index["pages"]] == [p.name for p in PAGES]


def test_headers_forbid_scripts_and_framing_and_other_hosts_are_refused(served):
    _status, headers, _ = served.get("/rules")
    assert "script-src" not in headers["content-security-policy"] and "default-src 'none'" in headers[
        "content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["cache-control"] == "no-store"
    assert served.get("/", host="attacker.example")[0] == 400  # a DNS-rebinding page cannot read it
    assert served.get("/", host="localhost")[0] == 200


def test_the_node_is_shown_without_its_secrets(served, sectoken):
    shown = json.loads(served.get("/api/rules")[2])["node"]
    assert shown == sectoken.url.rstrip("/") + "/…"  # the password and the key are gone
    status, _, html = served.get("/stablecoin")
    assert status == 200 and SECRET not in html and "officer" not in html and shown in html


def test_bad_page_numbers_are_a_clear_400(served):
    status, _, body = served.get("/api/holders?page=9")
    assert status == 400 and "page 9 does not exist" in json.loads(body)["error"]
    status, _, html = served.get("/holders?page=x")
    assert status == 400 and "page must be a whole number" in html


def test_a_port_in_use_is_one_clear_line(sectoken, served):
    port = int(served.url.rstrip("/").rsplit(":", 1)[1])
    refused = one_red_line(sectoken("serve", "--port", port))
    assert f"Cannot listen on 127.0.0.1:{port}" in refused and "in use" in refused


# ---------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def browser_page(served):
    """One headless Chromium (Debian's package, through Playwright) and one tab, for every page."""
    executable = chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): the browser checks did not run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
            yield context.new_page()
        finally:
            browser.close()


#: What each page shows a person: (page, selector, text in it).
SEEN = {
    "captable": [("svg.chart title", "UUB30 by jurisdiction at block"), ("#by-country", "United Kingdom"),
                 ("#by-country", "62.0%"), ("#holdings", ALICE), ("#holdings", "entity")],
    "holders": [("#holders", "wallet frozen"), ("#holders", "100 frozen"), ("#holders", "professional"),
                ("#holders", BOB), ("#holders", "entity")],
    "rules": [("#rules", "Every investor must be registered"), ("#rules", "locked for")],
    "enforcement": [("#actions", "CASE-2030-42"), ("#actions", "forced transfer"), ("#rejected-trades", "#2"),
                    ("#refusals-note", "no log of refused transfers")],
    "trades": [("#trades", "settled"), ("#trades", "rejected"), ("#distributions", "150")],
    "stablecoin": [("#reserves", "reserves.example.org"), ("#redemptions", "requested"), ("#attestation", "fresh")],
}


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_each_page_in_a_browser_with_a_screenshot(served, browser_page, page, tmp_path_factory):
    response = browser_page.goto(served.url.rstrip("/") + page.path)
    assert response is not None and response.status == 200
    assert browser_page.title() == f"{page.title} · uk-us-bond · sectoken"
    assert browser_page.locator("nav a.current").inner_text() == page.title
    for selector, text in SEEN[page.name]:
        assert text in (browser_page.locator(selector).first.text_content() or ""), (page.name, selector, text)
    assert SECRET not in browser_page.content()
    folder = Path(os.environ.get("SECTOKEN_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "screenshots")
    shot = folder / f"{page.name}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_the_links_between_pages_work_without_a_script(served, browser_page):
    browser_page.goto(served.url)
    browser_page.click("nav >> text=Enforcement")
    assert browser_page.url.endswith("/enforcement")
    browser_page.click("text=this page as JSON")
    assert json.loads(browser_page.locator("body").inner_text())["page"] == "enforcement"


# ---------------------------------------------------------------- last: Ctrl-C


def test_ctrl_c_stops_the_server_cleanly(served):
    served.process.send_signal(signal.SIGINT)
    _out, err = served.process.communicate(timeout=20)
    assert served.process.returncode == 0, err
    assert err.strip().endswith("stopped") and "Traceback" not in err and "Interrupted" not in err
