"""The end-to-end demo on an embedded local chain (``make demo`` / ``python -m sectoken.demo``).

Until the full UK-US scenario lands, the demo proves the toolchain end to end: it compiles the smoke
contract with the offline compiler, starts an embedded Anvil, deploys, transfers and stops the chain.
"""

from __future__ import annotations

import sys
from pathlib import Path

import solcx
from eth_account import Account
from rich.console import Console

from sectoken.chain import LocalNode
from sectoken.toolchain import SOLC_VERSION, find_project_root

DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"


def main() -> int:
    console = Console()
    root = find_project_root(Path(__file__).parent)
    solcx.set_solc_version(SOLC_VERSION, silent=True)
    source = root / "contracts" / "test" / "SmokeToken.sol"
    oz = root / "node_modules" / "@openzeppelin" / "contracts"
    compiled = solcx.compile_files(
        [source], output_values=["abi", "bin"], import_remappings={"@openzeppelin/contracts": str(oz)},
        allow_paths=str(root), evm_version="shanghai", optimize=True, base_path=str(root),
    )
    smoke = next(v for k, v in compiled.items() if k.endswith(":SmokeToken"))
    console.print(f"[bold]compiled[/] SmokeToken with solc {SOLC_VERSION} (npm, offline) for shanghai")
    signer = Account.from_key(DEV_KEY)
    with LocalNode.start() as node:
        console.print(f"[bold]started[/] Anvil at {node.url} (chain id {node.chain_id})")
        w3 = node.web3()

        def send(fn: object) -> dict[str, object]:
            tx = fn.build_transaction({"from": signer.address, "nonce": w3.eth.get_transaction_count(signer.address)})  # type: ignore[attr-defined]
            raw = signer.sign_transaction(tx).raw_transaction
            return dict(w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(raw)))

        receipt = send(w3.eth.contract(abi=smoke["abi"], bytecode=smoke["bin"]).constructor(1_000_000))
        token = w3.eth.contract(address=receipt["contractAddress"], abi=smoke["abi"])  # type: ignore[call-overload]
        console.print(f"[bold]deployed[/] SmokeToken at {token.address} (gas {receipt['gasUsed']:,})")
        to = Account.create().address
        receipt = send(token.functions.transfer(to, 2_500))
        console.print(f"[bold]transferred[/] 2,500 to {to} (gas {receipt['gasUsed']:,}); "
                      f"balance {token.functions.balanceOf(to).call():,}")
    console.print("[bold green]done[/]: chain stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
