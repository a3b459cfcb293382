"""Distribution tests: record-date balances, allocation, Merkle claims."""
