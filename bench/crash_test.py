"""Crash test: SIGKILL ``wwc-bot serve --http`` at random moments while a city's team answers; nothing is lost.

The scenario lives in ``testkit/crash_test.py`` (the tests run it at small sizes); this is its command line:
see that module for what it measures and its options.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project and its test kit (testkit/)

from testkit.crash_test import main

if __name__ == "__main__":
    sys.exit(main())
