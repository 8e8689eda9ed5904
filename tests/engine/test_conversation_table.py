"""The conversation table (mode x move -> handler) and the state diagram in ``state.py`` say the same thing."""

from __future__ import annotations

from bot.engine import conversation, state
from bot.engine.conversation import ANY, Move
from bot.engine.engine import TABLE
from bot.engine.state import Mode


def test_the_diagram_and_the_table_have_the_same_transitions():
    drawn = conversation.diagram_edges(state.__doc__ or "")
    assert drawn, "the state diagram is missing"
    table = TABLE.transitions()
    assert drawn - table == set(), "drawn but not in the table"
    assert table - drawn == set(), "in the table but not drawn"


def test_every_mode_and_move_has_a_row():
    """No input is ever left without a handler: each member mode has a row for every move (its own or ANY)."""
    member_modes = [m for m in Mode if not m.onboarding]
    for mode in member_modes:
        for move in Move:
            if move is Move.JOINED or move in (Move.REPLY_YES, Move.REPLY_NO, Move.REPLY_OUTCOME):
                continue  # replies are only classified while the assistant waits for one
            assert TABLE.find(mode, move) is not None, (mode, move)
    for mode in (m for m in Mode if m.onboarding):
        assert TABLE.find(mode, Move.TEXT) is not None and TABLE.find(mode, Move.JOINED) is not None


def test_replies_to_the_assistant_are_only_read_where_it_asked_something():
    for move in (Move.REPLY_YES, Move.REPLY_NO, Move.REPLY_OUTCOME):
        modes = {mode for (mode, m) in TABLE.rows if m is move}
        assert ANY not in modes and modes <= {Mode.CONFIRM, Mode.OFFER}


def test_a_handler_that_goes_where_its_row_does_not_allow_is_caught():
    before = len(conversation.VIOLATIONS)
    step = conversation.Step([], Mode.DONE)
    conversation.check(TABLE, Mode.ASKING, Move.STATUS, step)  # status never changes the mode
    assert len(conversation.VIOLATIONS) == before + 1
    del conversation.VIOLATIONS[before:]
