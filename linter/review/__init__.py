"""Layer 8: reviews over runs: the spec diff, the data inventory, the base version from git."""
