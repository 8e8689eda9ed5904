from __future__ import annotations

import pytest


@pytest.fixture
def assessment(store):
    city, _ = store.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA", lead_name="Ana")
    return store.start_assessment(city.id, "wwc-2022", 2026)
