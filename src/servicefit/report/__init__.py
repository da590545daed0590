"""Every renderer: the recommendation as terminal text, JSON and Markdown, and the output of
every other command (catalog, staffing, explain, diff, rules, batch, schemas)."""
