"""What the standards define: RFC 3464/6533 delivery-status fields, RFC 3463 enhanced status
codes and SMTP reply codes, VERP.

May import: `base`, `model`, `mime`.
"""
