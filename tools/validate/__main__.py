"""`python -m tools.validate`: every claim on simulated worlds (see cli.py)."""

import sys

from .cli import main

sys.exit(main())
