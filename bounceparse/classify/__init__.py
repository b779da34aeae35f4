"""Classification and annotation: the reason and hard/soft of a failure, what its status
means and who must act, from the knowledge base.

May import: `base`, `model`, `knowledge`.
"""
