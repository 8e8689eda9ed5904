"""The reliability suite reuses the benchmark scripts' kit (``testkit/reliability_kit.py``) at small sizes."""

from __future__ import annotations
