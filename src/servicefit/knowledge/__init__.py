"""The knowledge base read from rules/: questions, the condition language, scoring rules, models,
blend, advice and workforce settings, rule-set overlays, lint and the load cache."""
