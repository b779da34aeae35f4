"""From raw message to Report and from many inputs to many reports: the pipeline, the
library API behind `bounceparse.parse*`, batches on worker processes.

May import: every layer below it (`base` .. `detectors`, `classify`, `inputs`).
"""
