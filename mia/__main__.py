"""Entry point for `python -m mia`."""
import sys

from mia.cli import main

sys.exit(main())
