"""PyInstaller entry point of the command line (the bundle's `nianbao-check`)."""
import multiprocessing
import sys

multiprocessing.freeze_support()  # the bounded checker runs in a child process

from core.cli import main

sys.exit(main())
