"""One module per command: parse what the declaration passed, call the core, hand the result
to report/ and return an exit code."""
