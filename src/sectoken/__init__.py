"""sectoken: deploy and run permissioned security tokens, a reserve-backed stablecoin, DvP settlement
and distributions on any EVM chain, with UK and US jurisdiction rules enforced on every transfer."""

from __future__ import annotations

__version__ = "0.1.0"
