"""Layer 6: recorded traffic: HAR and exchange files, matched to operations and checked."""
