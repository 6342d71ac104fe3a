"""PyInstaller entry point of the desktop app (the bundle's `nianbao`)."""
import multiprocessing
import sys

# First, before anything else: in the bundle the check workers (core.pool, multiprocessing
# "spawn") are this same program started again; freeze_support() runs the worker and exits.
multiprocessing.freeze_support()

if "--self-test" in sys.argv[1:]:
    from core.selftest import main as selftest
    sys.exit(selftest())

from gui.app import main  # noqa: E402

sys.exit(main())
