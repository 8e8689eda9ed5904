"""Fixtures for the knowledge tests: the real standard and knowledge base."""

from __future__ import annotations

import pytest

from knowledge import Knowledge, load_knowledge
from wwc_rules import Standard, load_standard


@pytest.fixture(scope="session")
def standard() -> Standard:
    return load_standard("wwc-2022")


@pytest.fixture(scope="session")
def kb(standard: Standard) -> Knowledge:
    return load_knowledge(standard)
