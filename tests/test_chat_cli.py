"""The local chat through the real command line: ``wwc-bot chat`` with piped input.

Scripted sessions call the command line's ``main`` in this process, with the environment, working folder and
standard input a shell would give it; being killed mid-session and a terminal's Ctrl-D run ``python -m bot chat``
as a real process.
"""

from __future__ import annotations

import contextvars
import io
import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass

import pytest

from bot import cli
from bot.chat import Printer, to_input, user_id
from bot.engine import Message, MessageKind, Option
from bot.store import Store
from bot.store.reporting import city_assessments
from wwc_rules import Outcome, load_standard, score

STANDARD = load_standard()
CODES = [c.code for c in STANDARD.criteria]
WORDS = {
    "yes we adopted it in 2021": Outcome.MET,
    "1": Outcome.MET,
    "partly": Outcome.IN_PROGRESS,
    "no": Outcome.NOT_YET,
    "no idea": Outcome.NOT_SURE,
}


def answer_for(i: int) -> str:
    """A varied but mostly positive script: typed phrases and a picked number."""
    if i % 9 == 8:
        return "partly"
    if i % 11 == 10:
        return "no idea"
    if i % 13 == 12:
        return "no"
    return "1" if i % 2 else "yes we adopted it in 2021"


SCRIPT = ["185000"] + [answer_for(i) for i in range(len(CODES))] + ["broadband"]
EXPECTED = {code: WORDS[answer_for(i)] for i, code in enumerate(CODES)}


@pytest.fixture
def env(tmp_path):
    """The environment of a process: no Slack or WWC settings from the machine, a database in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WWC_"))}
    env["WWC_DB_PATH"] = str(tmp_path / "wwc.db")
    return env


def chat_args(user: str = "ana") -> list[str]:
    return ["chat", "--city", "Tempe, AZ", "--user", user]


def chat_command(user: str = "ana") -> list[str]:
    return [sys.executable, "-m", "bot", *chat_args(user)]


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def wwc_bot(env, tmp_path, monkeypatch, capsys):
    """``wwc_bot(args, lines, **extra_env)``: ``wwc-bot <args>`` run in ``tmp_path`` with ``env`` (plus
    ``extra_env``) and ``lines`` as its piped input; its exit status and output."""

    def run(args: list[str], lines: list[str], **extra: str) -> Done:
        with monkeypatch.context() as m:
            for name in os.environ:
                if name not in env:
                    m.delenv(name)
            for name, value in {**env, **extra}.items():
                m.setenv(name, value)
            m.chdir(tmp_path)
            m.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
            capsys.readouterr()
            code = contextvars.Context().run(cli.main, args)  # as a new process: nothing set, e.g. no language
            out, err = capsys.readouterr()
        return Done(code, out, err)

    return run


@pytest.fixture
def run(wwc_bot):
    """``run(lines, **extra_env)``: Ana's scripted chat about Tempe, AZ."""
    return lambda lines, **extra: wwc_bot(chat_args(), lines, **extra)


def stored(env) -> dict[str, Outcome]:
    store = Store(env["WWC_DB_PATH"])
    city = store.city_of("local", "ana")
    return store.answers(store.current_assessment(city.id).id)


def test_scripted_session_completes_all_criteria_with_level_and_roadmap(run, env):
    done = run(SCRIPT)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    level = score(STANDARD, EXPECTED, gate_choice="broadband").level
    assert level is not None and f"{level.name} on points: " in out
    assert "Roadmap: the next" in out and "1. " in out.split("Roadmap: the next")[-1]
    assert out.count("✓ ") == len(CODES) + 1  # every criterion and the outcome gate
    assert "*" not in out.replace("**", "")  # bold markers rendered away when piped
    assert stored(env) == EXPECTED


def test_killed_mid_session_resumes_at_the_next_unanswered_criterion(env, tmp_path, run):
    answered_before_kill = 20
    proc = subprocess.Popen(
        chat_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        text=True,
        bufsize=1,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        for line in SCRIPT[: answered_before_kill + 1]:
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
        last_code = CODES[answered_before_kill - 1]
        while True:  # wait until the 20th answer is confirmed, then kill without warning
            if lines.get(timeout=30).startswith(f"✓ {last_code} "):
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert stored(env) == {c: EXPECTED[c] for c in CODES[:answered_before_kill]}

    rest = run(SCRIPT[answered_before_kill + 1 :])
    assert rest.returncode == 0, rest.stderr
    first = rest.stdout.split("\n\n")
    assert f"{answered_before_kill} of 43 criteria answered" in first[0]
    assert first[1].startswith(f"{CODES[answered_before_kill]} · ")
    assert stored(env) == EXPECTED
    assert " on points: " in rest.stdout and "Roadmap" in rest.stdout


def test_end_of_half_a_script_exits_cleanly_and_the_next_run_continues(run, env):
    half = run(SCRIPT[:11])
    assert half.returncode == 0
    again = run(["status"])
    assert "10 of 43 answered" in again.stdout and f"Next question: {CODES[10]}" in again.stdout
    assert len(stored(env)) == 10


def test_another_user_naming_the_same_city_is_not_let_in(run, wwc_bot):
    run(["185000", "yes"])
    other = wwc_bot(chat_args("bob"), ["status"])
    assert "only the lead can add people" in other.stdout and "(message for ana)" in other.stdout
    assert "1 of 43" not in other.stdout


def test_numbers_pick_options_and_text_is_rendered_readably():
    options = (Option(label="Met", value="answer:DM1:met"), Option(label="Not yet", value="answer:DM1:not_yet"))
    assert to_input("2", options).action == "answer:DM1:not_yet"
    assert to_input("3", options).text == "3" and to_input("185000", ()).text == "185000"
    printer = Printer(out := __import__("io").StringIO(), ansi=False)
    printer.show([Message(text="*Bold* &lt;!channel&gt; &amp; more", kind=MessageKind.INFO, options=options)], "me")
    assert out.getvalue().startswith("Bold <!channel> & more\n   [1] Met  [2] Not yet")
    assert user_id("Ana Lopez") == "ana_lopez"


def test_terminal_session_shows_a_prompt_and_quits_on_ctrl_d(env, tmp_path):
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child: the chat on a real terminal (never returns into pytest)
        try:
            os.chdir(tmp_path)
            os.execve(sys.executable, chat_command(), env)
        finally:
            os._exit(127)
    seen = b""

    def until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            ready, _, _ = select.select([fd], [], [], 20)
            assert ready, f"timed out waiting for {marker!r}: {seen[-300:]!r}"
            seen += os.read(fd, 4096)

    until(b"you> ")
    os.write(fd, b"185000\n")
    until(b"DM1")
    until(b"you> ")
    os.write(fd, b"1\n")
    until(b"DM2")
    until(b"you> ")
    os.write(fd, b"\x04")  # Ctrl-D
    until(b"Bye!")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"\x1b[1m" in seen  # *bold* is real bold on a terminal
    assert stored(env) == {"DM1": Outcome.MET}


def test_second_year_checkup_completes_by_confirming_and_the_report_shows_the_change(run, wwc_bot, env, tmp_path):
    """Year one scripted in full; a year later the lead opens the chat, gets the reminder and confirms."""
    first = run(SCRIPT, WWC_TODAY="2026-11-20")
    assert first.returncode == 0, first.stderr
    areas = [a.code for a in STANDARD.areas]
    second_script = ["1", "not yet"] + ["all still true", "yes"] * len(areas) + ["still true"]
    assert len(second_script) < len(SCRIPT) / 2  # confirming is much faster than a first assessment
    second = run(second_script, WWC_TODAY="2027-11-22")
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "A year has passed since Tempe, AZ completed its 2026 WWC Certification assessment" in out
    assert "[1] Start the checkup  [2] Remind me later" in out
    assert "Last year you answered Met (by ana). Still true?" in out
    assert "Checkup 2027 complete: 42 answers still true from 2026, 1 changed." in out
    assert "Changed: DM1 Met → Not yet." in out and "Change: Since 2026: " in out and "0 gained, 1 lost" in out

    store = Store(env["WWC_DB_PATH"])
    city = store.city_of("local", "ana")
    last_year, this_year = city_assessments(store, city.id, STANDARD.id)
    assert (last_year.year, this_year.year, this_year.status) == (2026, 2027, "complete")
    assert store.answers(last_year.id) == EXPECTED
    assert store.answers(this_year.id) == {**EXPECTED, "DM1": Outcome.NOT_YET}
    store.close()

    report = wwc_bot(["report", "--city", "Tempe, AZ", "--format", "md", "--out", "r.md"], [])
    assert report.returncode == 0, report.stderr
    md = (tmp_path / "r.md").read_text()
    assert "## Year-over-year change (2026 → 2027)" in md
    assert md.split("**Criteria lost:**")[1].split("##")[0].strip().startswith("- **DM1**")


def test_a_malformed_wwc_today_fails_with_one_clear_line(run):
    done = run(["status"], WWC_TODAY="22/11/2027")
    assert done.returncode == 2
    assert done.stderr.strip() == "wwc-bot chat: WWC_TODAY must be a date like 2027-11-22, not '22/11/2027'"


def test_outcome_numbers_are_the_same_in_a_question_and_in_a_confirmation() -> None:
    """Found by a new user: in a confirmation [2] was Met (the reading first), in a question In progress."""
    from bot.chat import stable_numbers
    from bot.engine import Option

    confirmation = (Option(label="Yes, in progress", value="answer:DM3:in_progress"),
                    Option(label="Met", value="answer:DM3:met"), Option(label="Not yet", value="answer:DM3:not_yet"),
                    Option(label="Not sure", value="answer:DM3:not_sure"), Option(label="Leave it", value="keep"))
    numbered = [o.value for o in stable_numbers(confirmation)]
    assert numbered == ["answer:DM3:met", "answer:DM3:in_progress", "answer:DM3:not_yet", "answer:DM3:not_sure", "keep"]
