"""`python -m rsoman`, and the entry script of the PyInstaller build: the same command as `rsoman`.

An absolute import, because PyInstaller runs this file as a top-level script (no package), where
a relative import would fail.
"""

import sys

from rsoman.cli import main

if __name__ == "__main__":
    sys.exit(main())
