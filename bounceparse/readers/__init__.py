"""Shared readers of bounce texts, what more than one format reads: the standard DSN
(`dsn`), a bounce's header signs (`signs`), free-text scanning (`textscan`: addresses,
replies, failure statements), SMTP transcripts (`smtp`), qmail-style blocks (`qmail`),
Exim-style recipient lists (`exim`), the text of an unknown format (`freetext`, with its
phrase tables in `phrases`) and a notification's text merged into its DSN part
(`enrich`).  Detectors read with these, never with another detector's module.

May import: `base`, `model`, `mime`, `standards`, `knowledge`.
"""
