"""Layer 0: what every layer may use: the error type, limits, JSON pointers, redaction, safe regexes, text."""
