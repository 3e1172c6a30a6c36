"""Layer 4: facts about fields, parameters and operations: what the rules are written against."""
