"""Several staff of one city writing at once, from threads and processes, lose nothing."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from bot.store import Store
from wwc_rules import Outcome, load_standard

ROOT = Path(__file__).resolve().parents[2]
CODES = [c.code for c in load_standard().criteria]


def _answer_all(path, user: str, codes: list[str], barrier: threading.Barrier | None = None) -> None:
    store = Store(path)
    city = store.city_of("T1", "U_ANA")
    assessment = store.start_assessment(city.id, "wwc-2022", 2026)
    if barrier:
        barrier.wait()
    for code in codes:
        store.record_answer(assessment.id, code, Outcome.MET, by=user)
        store.record_answer(assessment.id, code, Outcome.MET, by=user)  # a double click
    store.close()


def _setup(path) -> int:
    store = Store(path)
    city, _ = store.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA")
    return store.start_assessment(city.id, "wwc-2022", 2026).id


def test_threads_on_separate_connections_keep_every_answer(db_path):
    assessment_id = _setup(db_path)
    barrier = threading.Barrier(4)
    threads = [threading.Thread(target=_answer_all, args=(db_path, f"U{i}", CODES[i::4], barrier)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store = Store(db_path)
    assert set(store.answers(assessment_id)) == set(CODES)
    assert len(store.history(assessment_id)) == len(CODES)


def test_processes_writing_interleaved_keep_every_answer(db_path):
    assessment_id = _setup(db_path)
    script = (
        "import sys; from tests.store.test_concurrency import _answer_all, CODES; "
        "i = int(sys.argv[2]); _answer_all(sys.argv[1], f'U{i}', CODES[i::3])"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db_path), str(i)], cwd=ROOT) for i in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    store = Store(db_path)
    assert set(store.answers(assessment_id)) == set(CODES)
    assert len(store.history(assessment_id)) == len(CODES)


def test_an_event_id_wins_exactly_once_across_threads(db_path):
    Store(db_path).close()
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def claim() -> None:
        store = Store(db_path)
        barrier.wait()
        results.append(store.mark_event_processed("Ev-retried"))
        store.close()

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]


def test_threads_sharing_one_store_take_turns_and_keep_every_answer(db_path):
    assessment_id = _setup(db_path)
    store = Store(db_path)  # as in the Slack app: one store, a write transaction per input on several threads
    barrier = threading.Barrier(4)

    def answer(i: int) -> None:
        barrier.wait()
        for code in CODES[i::4]:
            with store.transaction():
                assert store.mark_event_processed(f"Ev-{code}")
                store.record_answer(assessment_id, code, Outcome.MET, by=f"U{i}")
        store.close()

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(store.answers(assessment_id)) == set(CODES)
    assert len(store.history(assessment_id)) == len(CODES)
    store.close()
