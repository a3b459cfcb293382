// A third-party client's view of a sectoken security token: ethers v6 with only the standards' own ABIs
// (OpenZeppelin's ERC-20 and ERC-6093 errors, ERC-165, ERC-1404, ERC-7943, and T-REX 4.1.6's IToken from its
// npm package). Reads a JSON request on stdin, prints a JSON answer on stdout. Used by
// tests/token/test_third_party_client.py.
"use strict";
const fs = require("fs");
const path = require("path");
const { ethers } = require("ethers");

const STANDARD_ABI = [
  // ERC-20 (OpenZeppelin IERC20) and its ERC-6093 errors
  "function balanceOf(address) view returns (uint256)",
  "function transfer(address to, uint256 value) returns (bool)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
  // ERC-165
  "function supportsInterface(bytes4 interfaceId) view returns (bool)",
  // ERC-1404
  "function detectTransferRestriction(address from, address to, uint256 value) view returns (uint8)",
  "function messageForTransferRestriction(uint8 restrictionCode) view returns (string)",
  // ERC-7943 (fungible)
  "function canTransfer(address from, address to, uint256 amount) view returns (bool)",
  "function getFrozenTokens(address account) view returns (uint256)",
  "event Frozen(address indexed account, uint256 amount)",
  "error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen)",
];

async function revertOf(contract, from, to, amount) {
  try {
    await contract.transfer.staticCall(to, amount, { from });
    return null;
  } catch (err) {
    if (!err.revert) return { undecoded: err.data || String(err.message) };
    return { name: err.revert.name, args: err.revert.args.map((a) => a.toString()) };
  }
}

async function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const provider = new ethers.JsonRpcProvider(request.rpc, undefined, { staticNetwork: true });
  const token = new ethers.Contract(request.token, STANDARD_ABI, provider);
  const trexPath = path.join(
    request.root, "node_modules/@tokenysolutions/t-rex/artifacts/contracts/token/IToken.sol/IToken.json");
  const trex = new ethers.Contract(request.token, JSON.parse(fs.readFileSync(trexPath, "utf8")).abi, provider);

  const answer = { interfaces: {}, reverts: {}, codes: {}, trex: {}, events: [] };
  for (const id of request.interfaces) answer.interfaces[id] = await token.supportsInterface(id);
  for (const [label, [from, to, amount]] of Object.entries(request.transfers)) {
    answer.reverts[label] = await revertOf(token, from, to, amount);
    answer.codes[label] = Number(await token.detectTransferRestriction(from, to, amount));
  }
  answer.trex = {
    getFrozenTokens: (await trex.getFrozenTokens(request.holder)).toString(),
    isFrozen: await trex.isFrozen(request.holder),
    paused: await trex.paused(),
    identityRegistry: await trex.identityRegistry(),
    compliance: await trex.compliance(),
    decimals: Number(await trex.decimals()),
  };
  const receipt = await provider.getTransactionReceipt(request.receipt);
  for (const log of receipt.logs) {
    const parsed = token.interface.parseLog(log);
    if (parsed) answer.events.push({ name: parsed.name, args: parsed.args.map((a) => a.toString()) });
  }
  process.stdout.write(JSON.stringify(answer));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
