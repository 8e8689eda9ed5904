"""The reliability suite reuses the benchmark scripts' kit (``bench/reliability_kit.py``) at small sizes."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
