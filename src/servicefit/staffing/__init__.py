"""Contact-centre staffing math: Erlang B/C/A, deferred channels, pooling, and sizing a
workload. Pure numbers: no YAML, no answers, no terminal."""
