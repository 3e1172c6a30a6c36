"""Layer 5: policy: rule packs and their conditions, findings, suppression, baselines, configuration."""
