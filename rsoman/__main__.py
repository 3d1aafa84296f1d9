"""`python -m rsoman`, and the entry script of the PyInstaller build: the same command as `rsoman`.

An absolute import, because PyInstaller runs this file as a top-level script (no package), where
a relative import would fail.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: in the frozen build a spawned process (the scan's helper) re-runs this
    # executable, and must run the helper, not the command line.
    multiprocessing.freeze_support()

    from rsoman.cli import main

    sys.exit(main())
