"""Answer questions about hustings from the index, citing the passages used."""
