"""`python -m gazette.importer import SOURCE.txt --out content/2023/01 [--force]`."""

import sys

from .cli import main

raise SystemExit(main(sys.argv[1:]))
