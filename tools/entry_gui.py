"""PyInstaller entry point of the desktop app (the bundle's `nianbao`)."""
import multiprocessing
import sys

multiprocessing.freeze_support()  # the bounded checker runs in a child process

if "--self-test" in sys.argv[1:]:
    from core.selftest import main as selftest
    sys.exit(selftest())

from gui.app import main  # noqa: E402

sys.exit(main())
