"""Fixtures for the cross-contract properties: the contract containers of the compliance stack."""

from tests.compliance.conftest import containers  # noqa: F401  (re-exported fixture)
