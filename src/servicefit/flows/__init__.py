"""Command flows: one module per command, between the command line and the engine.

Each flow takes a keyword-only request (every field has its default) and the knowledge base,
reads the files and standard input the request names, runs the pure engine (advice, staffing,
forecast) and the audit, and returns a typed result for a renderer in report/. Process pools,
signals of the workers and the batch worker's rule set live here too, so that advice/ and
staffing/ never touch a file, a process, a signal or the terminal (import-linter checks it).
"""
