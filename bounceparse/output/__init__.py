"""Reports for the outside: JSON-ready dicts and text, summaries, the table form and Parquet,
the progress line, `X-Bounce-*` header stamping.

May import: `base`, `model`, `knowledge`, and `engine`/`detectors` for names only.
"""
