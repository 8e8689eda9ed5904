"""Reading people: what an answer means for a criterion, and what kind of message it is.

>>> from reading import read_answer
>>> read_answer("we have one but it's out of date").outcome
<Outcome.IN_PROGRESS: 'in_progress'>

Pure functions over validated lexicon files (``reading/lexicons/<lang>.yml``); no I/O at
run time beyond loading a lexicon once, no clock, no Slack.
"""

from .lexicon import Lexicon, LexiconError, available_languages, load_lexicon, load_lexicon_file
from .reader import (
    Move,
    MoveReading,
    Reading,
    find_links,
    is_pleasantry,
    read_answer,
    read_gate,
    read_move,
    read_reply,
)

__all__ = [
    "Lexicon",
    "LexiconError",
    "Move",
    "MoveReading",
    "Reading",
    "available_languages",
    "find_links",
    "is_pleasantry",
    "load_lexicon",
    "load_lexicon_file",
    "read_answer",
    "read_gate",
    "read_move",
    "read_reply",
]
