"""Safe reading and writing of files: located YAML/JSON for untrusted answers and rule files,
and atomic writes. Knows nothing of servicefit's domain."""
