"""The command line: the typer app and its commands, the interview's prompts, where output goes,
and the mapping of errors to exit codes."""
