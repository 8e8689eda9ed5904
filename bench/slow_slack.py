"""Slack slow or failing while many people press at once: every press is acknowledged in time, every reply

The scenario lives in ``testkit/slow_slack.py`` (the tests run it at small sizes); this is its command line:
see that module for what it measures and its options.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project and its test kit (testkit/)

from testkit.slow_slack import main

if __name__ == "__main__":
    sys.exit(main())
