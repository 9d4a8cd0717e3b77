#!/usr/bin/env python3
"""包头市人民政府公报 archive generator: `python build.py --help` lists the commands."""

import sys

if __name__ == "__main__":
    try:
        from gazette.cli import main  # inside the handler: Ctrl-C while the modules load is a message too
    except KeyboardInterrupt:
        print("已中断 interrupted; site/ 未改动 site/ was not changed", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())
