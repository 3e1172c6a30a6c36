"""Layer 2: the Api model (operations, parameters, responses, fields) built from a loaded document."""
