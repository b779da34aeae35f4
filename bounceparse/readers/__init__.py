"""Shared readers of bounce texts that every format uses: free-text scanning (addresses,
replies, failure statements) and merging a notification's text into its DSN part.

May import: `base`, `model`, `mime`, `standards`, `knowledge`.
"""
