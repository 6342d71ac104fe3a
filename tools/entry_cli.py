"""PyInstaller entry point of the command line (the bundle's `nianbao-check`)."""
import sys

from core.cli import main

sys.exit(main())
