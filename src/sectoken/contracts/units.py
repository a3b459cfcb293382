"""Token amounts: what people type (``2.5`` tokens) and what contracts store (base units). The functions
live in :mod:`sectoken.inputs` (a module light enough for the configuration to import); they are
re-exported here, where the typed clients' users find them (see that module for examples).
"""

from __future__ import annotations

from sectoken.inputs import MAX_UINT256, format_amount, parse_amount, scale_exact, to_base_units

__all__ = ["MAX_UINT256", "format_amount", "parse_amount", "scale_exact", "to_base_units"]
