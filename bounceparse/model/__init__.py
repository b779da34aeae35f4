"""The vocabulary and the results: Reason, Kind, the immutable Report/Recipient records,
Options.

May import: `base`, the generated data of `knowledge` (`kb_reasons`); `options` checks
detector names against `detectors` when it is given some (a lazy import).
"""
