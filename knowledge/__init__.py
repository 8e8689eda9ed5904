"""Knowledge base and recommendations for What Works Cities gaps.

Resources, Sprints and programs, expert partners and peer-city examples are
data (``knowledge/data/*.yml``), validated and cross-checked against a
standard of ``wwc_rules``. On top of them: a ranked roadmap for a city
(``recommend``), free-text understanding (``understand``) and chat answers
(``answer_question``). Nothing here touches Slack, SQLite or the network.
"""

from .loader import KnowledgeError, load_knowledge
from .models import Confidence, Knowledge, Partner, Peer, Program, Resource

__all__ = [
    "Confidence",
    "Knowledge",
    "KnowledgeError",
    "Partner",
    "Peer",
    "Program",
    "Resource",
    "load_knowledge",
]
