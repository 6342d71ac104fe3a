"""PyInstaller entry point of the command line (the bundle's `nianbao-check`)."""
import multiprocessing
import sys

# First, before anything else: in the bundle the check workers (core.pool, multiprocessing
# "spawn") are this same program started again; freeze_support() runs the worker and exits.
multiprocessing.freeze_support()

from core.cli import main

sys.exit(main())
