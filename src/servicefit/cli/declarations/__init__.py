"""The typer declarations of the commands, by group; cli/app.py registers them."""
