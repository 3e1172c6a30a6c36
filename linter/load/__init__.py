"""Layer 1: files to documents: JSON/YAML with positions, `$ref` resolution, discovery, validation."""
