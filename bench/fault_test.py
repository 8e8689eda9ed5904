"""Slack faults: the Web API answers 500, 429 with Retry-After, or too slowly, for a while; nothing is lost or doubled.

The scenario lives in ``testkit/fault_test.py`` (the tests run it at small sizes); this is its command line:
see that module for what it measures and its options.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project and its test kit (testkit/)

from testkit.fault_test import main

if __name__ == "__main__":
    sys.exit(main())
