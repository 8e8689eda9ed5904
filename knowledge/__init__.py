"""Knowledge base and recommendations for What Works Cities gaps.

Resources, Sprints and programs, expert partners and peer-city examples are
data (``knowledge/data/*.yml``), validated and cross-checked against a
standard of ``wwc_rules``. On top of them: a ranked roadmap for a city
(``recommend``), free-text understanding (``understand``) and chat answers
(``answer_question``). Nothing here touches Slack, SQLite or the network.

>>> from wwc_rules import load_standard, score
>>> standard = load_standard("wwc-2022")
>>> kb = load_knowledge(standard)
>>> recommend(kb, standard, score(standard, {"OD1": "not_yet"}), area="OD").steps[0].code
'OD3'
>>> answer_question("whats nxt for opn data", standard, kb, None).offer_start_area
'OD'
"""

from .answers import Reply, answer_question, find_term, program_text, what_counts_lines
from .links import is_legacy, is_mirror, is_truncated, link_mark
from .loader import KnowledgeError, configure, current_knowledge, load_knowledge, reload_knowledge
from .models import (
    Confidence,
    CriterionHelp,
    Knowledge,
    Partner,
    Peer,
    Program,
    Resource,
    Roadmap,
    Step,
    Term,
)
from .nlu import Intent, Understanding, understand
from .recommend import for_criterion, partners_for, peers_for, programs_for_area, recommend, resources_for

__all__ = [
    "Confidence",
    "CriterionHelp",
    "Intent",
    "Knowledge",
    "configure",
    "current_knowledge",
    "reload_knowledge",
    "KnowledgeError",
    "Partner",
    "Peer",
    "Program",
    "Reply",
    "Resource",
    "Roadmap",
    "Step",
    "Term",
    "Understanding",
    "answer_question",
    "find_term",
    "is_legacy",
    "is_mirror",
    "is_truncated",
    "link_mark",
    "program_text",
    "what_counts_lines",
    "for_criterion",
    "load_knowledge",
    "partners_for",
    "peers_for",
    "programs_for_area",
    "recommend",
    "resources_for",
    "understand",
]
