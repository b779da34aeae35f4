"""Foundations with no knowledge of mail: regular expressions compiled on first use, ASCII
case folding, an unlocked cached_property, the one error bounceparse raises.

May import: the standard library only.
"""
