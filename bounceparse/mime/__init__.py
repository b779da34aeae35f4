"""Messages: a fast MIME reader building the stdlib's `email.message.Message` tree, text
decoding in any charset, and `Mail`, one message with every per-message cache.

May import: `base`, `model`.
"""
