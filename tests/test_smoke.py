def test_smoke_transfer(SmokeToken, accounts):
    token = SmokeToken.deploy(1000, {"from": accounts[0]})
    tx = token.transfer(accounts[1], 10, {"from": accounts[0]})
    assert token.balanceOf(accounts[1]) == 10
    assert tx.events["Transfer"]["value"] == 10
