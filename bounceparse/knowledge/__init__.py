"""The knowledge base: `codes/` read, validated and indexed (status codes, reasons, phrases,
providers), and the generated modules the classifier reads without parsing TOML.

May import: `base`.
"""
