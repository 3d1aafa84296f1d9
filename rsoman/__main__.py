"""`python -m rsoman`: the same command as `rsoman`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
