"""`python -m bounceparse`: the same as the `bounceparse` command."""

import sys

from ._cli import main

sys.exit(main())
