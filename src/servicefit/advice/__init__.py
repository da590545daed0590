"""The advice engine: rules to points to scores, the blend, the staffing choice, counterfactuals,
explanations, diffs, rule test cases and batch runs. Pure: no terminal, no files written."""
