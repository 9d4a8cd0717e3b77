#!/usr/bin/env python3
"""包头市人民政府公报 archive generator: `python build.py --help` lists the commands."""

import sys

from gazette.cli import main

if __name__ == "__main__":
    sys.exit(main())
