"""``python -m momo_wrapper.cli``: the same as the ``momo`` console script."""

import sys

from . import main

sys.exit(main())
