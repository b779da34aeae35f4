"""Where messages come from: files, mboxes, Maildirs, directories, stdin, gzip, and pieces of
inputs on any fsspec filesystem.

May import: `base`.
"""
