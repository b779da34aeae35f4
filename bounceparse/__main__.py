"""`python -m bounceparse`: the same as the `bounceparse` command."""

import sys

from ._defer import for_one_message

for_one_message(sys.argv[1:])  # before the imports it defers

from ._cli import main  # noqa: E402

sys.exit(main())
