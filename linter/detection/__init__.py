"""Layer 3: what a field or value holds: names, values (Presidio and own recognizers), masking."""
