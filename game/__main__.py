"""``python -m game`` runs the ``brink`` command."""

import sys

from .cli import main

sys.exit(main())
