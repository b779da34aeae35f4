"""The command line: `main` dispatches to one module per command; `defer` and `deadline`
serve the commands a delivery agent runs once per message (`filter`, `check`).

May import: everything (it is the top layer), `store` included.
"""
