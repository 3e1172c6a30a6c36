"""Layer 7: a run: options and results, the per-file checker, the engine, the cache, worker processes."""
