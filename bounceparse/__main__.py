"""`python -m bounceparse`: the same as the `bounceparse` command."""

import sys

from .cli.defer import for_one_message

for_one_message(sys.argv[1:])  # before the imports it defers

from .cli.main import main  # noqa: E402

sys.exit(main())
