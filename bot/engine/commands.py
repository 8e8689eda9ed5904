"""Turning input into a ``Command``: option values (``answer:DM2:met``) and typed text.

Typed commands must be the whole message ("skip", "change DM2", "go to
open data"), so an answer that merely contains a command word is never
mistaken for one. What is not a command is left to the engine, which tries
it as an answer, then as a question for the knowledge base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from wwc_i18n import language_of
from wwc_rules import Outcome, Standard

from .matching import match_area, normalise, unaccented


class Cmd(str, Enum):
    ANSWER = "answer"
    WHY = "why"
    SKIP = "skip"
    BACK = "back"
    CHANGE = "change"
    AREA = "area"
    EVIDENCE = "evidence"
    STATUS = "status"
    PAUSE = "pause"
    CONTINUE = "continue"
    HELP = "help"
    HELP_HERE = "help_here"  # a bare "?": help for the question on screen
    REPORT = "report"
    ROADMAP = "roadmap"
    REVIEW = "review"
    HISTORY = "history"
    ASSIGN = "assign"
    INVITE = "invite"
    REMOVE_MEMBER = "remove_member"  # the lead takes someone off the team
    HAND_OVER = "hand_over"  # the lead makes a colleague the lead
    GATE = "gate"
    CHECKUP = "checkup"  # start the annual checkup (arg "later": the lead wants a later reminder)
    CONFIRM = "confirm"  # a checkup's "still true" for one criterion
    CONFIRM_AREA = "confirm_area"  # "still true" for a whole area (arg "yes" once confirmed)
    CANCEL = "cancel"
    CHANGE_OUTCOME = "change_outcome"  # answer the outcome requirement again
    LANGUAGE = "language"  # "language es", "en español", "em português": arg is the language code
    REMOVE_EVIDENCE = "remove_evidence"  # "remove evidence DM2 2"
    TEXT = "text"  # anything else: an answer, a question, a city name... the engine decides


@dataclass(frozen=True)
class Command:
    kind: Cmd
    code: str | None = None  # a criterion code, upper case
    area: str | None = None  # a practice-area code
    outcome: Outcome | None = None
    user: str | None = None  # another member (assign, invite)
    arg: str | None = None  # evidence link and note, gate choice, or the raw text
    bad_area: str | None = None  # an area name that matched nothing
    reading: Any = None  # for free text: what ``reading.read_move`` made of it


_SIMPLE = {
    Cmd.SKIP: r"skip|skip (it|this|this one|for now)|pass|skip question",
    Cmd.BACK: r"back|go back|previous|previous question|prev",
    Cmd.STATUS: r"status|progress|where am i|where are we|where do we stand|how far along are we|dashboard",
    Cmd.PAUSE: r"pause|stop|bye|goodbye|later|take a break|brb|see you|that's all for now|done for (now|today)",
    Cmd.CONTINUE: r"continue|resume|next|go|go on|start|begin|ready|let'?s go|keep going|hi|hello|hey|"
    r"good (morning|afternoon)|start over|carry on",
    Cmd.HELP: r"help|commands|menu|options|what can (you|i) do|how does this work|instructions",
    Cmd.REPORT: r"report|results|score|my score|our score|show (the |our )?(report|score|results)|final report",
    Cmd.ROADMAP: r"roadmap|next steps|recommendations|plan|our roadmap|show (the )?roadmap",
    Cmd.CANCEL: r"cancel|never ?mind|forget it|no thanks",
    Cmd.CHANGE_OUTCOME: r"(?:change|edit|redo|update|fix|correct|answer) (?:the |our |my )?(?:outcome|outcome requirement|"
    r"outcome question|resident outcome|gate)",
    Cmd.CHECKUP: r"(?:start |begin |do )?(?:the |our |a |an )?(?:\d{4} )?(?:annual |yearly )?check ?-?up|"
    r"(?:start |begin )(?:the |a )?new year",
}
# The same commands in Spanish and Portuguese (matched without accents, whatever the person's language:
# a team may mix languages, and a command word is never an answer).
_SIMPLE_OTHER = {
    Cmd.SKIP: r"saltar|omitir|pasar|pular|saltar esta|pular esta",
    Cmd.BACK: r"atras|volver|anterior|pregunta anterior|voltar|pergunta anterior",
    Cmd.STATUS: r"estado|progreso|progresso|como vamos|situacion|situacao|como estamos",
    Cmd.PAUSE: r"pausa|pausar|chau|chao|adios|hasta luego|hasta manana|tchau|ate logo|ate mais|ate amanha",
    Cmd.CONTINUE: r"continuar|seguir|sigamos|empezar|comenzar|iniciar|hola|buenas|buenos dias|buenas tardes|"
    r"ola|oi|bom dia|boa tarde|vamos|comecar|retomar",
    Cmd.HELP: r"ayuda|ajuda|comandos|que puedes hacer|o que voce faz",
    Cmd.REPORT: r"informe|reporte|resultados|puntaje|relatorio|pontuacao|resultado",
    Cmd.ROADMAP: r"hoja de ruta|proximos pasos|plan de trabajo|roteiro|proximos passos|plano de trabalho",
    Cmd.CANCEL: r"cancelar|olvidalo|deja|deixa pra la|esquece|nao obrigado|no gracias",
    Cmd.CHANGE_OUTCOME: r"(?:cambiar|corregir|responder|mudar|alterar|corrigir|responder) (?:el |o )?"
    r"(?:resultado|requisito de resultados?)",
    Cmd.CHECKUP: r"(?:comenzar |empezar |iniciar |hacer |comecar |fazer )?(?:la |a |nuestra |nossa )?"
    r"(?:revision anual|revisao anual|chequeo anual)(?: \d{4})?",
}
_SIMPLE_RE = {kind: re.compile(rf"^(?:{pattern})\??$") for kind, pattern in _SIMPLE.items()}
_SIMPLE_OTHER_RE = {kind: re.compile(rf"^(?:{pattern})[?!]?$") for kind, pattern in _SIMPLE_OTHER.items()}
_LANGUAGE = re.compile(
    r"^(?:(?:change |set )?(?:the )?language(?: to)?|lang|idioma|lingua|"
    r"(?:puedes |podes |puede |podrias )?(?:hablar|hablame|habla|hablas|hable)(?: en)?|"
    r"(?:pode |podes |voce pode )?(?:falar|fala|fale|falas)(?: em)?|in|en|em|speak)\s+(\w+)"
    r"(?:\s+(?:please|por favor|pls))?[?!]?$"
)
_LANGUAGE_NAMES = re.compile(r"^(english|espanol|castellano|portugues)(?:\s+(?:please|por favor|pls))?[?!]?$")


def _fold(text: str) -> str:
    """Without accents or opening ¿ ¡, for matching command words typed either way."""
    return unaccented(text).lstrip("¿¡ ")
_CODE = r"([a-z]{2,4}\s?\d{1,2})"
_WHY = re.compile(
    rf"^(?:why|why\?|why (?:does|is) (?:this|it|that) (?:matter|important)|why does it matter|what counts|"
    rf"what counts as met|what do you mean|explain|more info|details|tell me more)"
    rf"(?:\s+(?:for|on|about|of))?(?:\s+{_CODE})?\??$"
)
_WHY_OTHER = re.compile(
    r"^(?:por que|porque|que cuenta|que cuenta como cumplido|explicar|explica|explique|mas info|mais info|"
    r"o que conta como cumprido|o que conta|por que isso importa|por que importa|detalles|detalhes)(?:\s+(?:para|de|del|do|da|sobre|en|em|no|na))?(?:\s+" + _CODE + r")?\??$"
)
_CHANGE = re.compile(rf"^(?:change|edit|redo|update|revise|fix|correct|answer|go to|goto|back to)\s+{_CODE}\??$")
_BARE_CODE = re.compile(rf"^{_CODE}$")
_AREA = re.compile(
    r"^(?:area|go to|goto|jump to|switch to|move to|let'?s do|do|start|open|section|skip to)\s+(.+?)\??$"
)
_EVIDENCE = re.compile(
    rf"^(?:evidence|attach|add evidence|add a link|link|proof)(?:\s+(?:for\s+)?{_CODE})?(?:\s+(.*))?$"
)
_REVIEW = re.compile(r"^(?:review|answers|who answered|show answers|list answers)(?:\s+(?:for\s+)?(.+?))?\??$")
_ROADMAP_FOR = re.compile(r"^(?:roadmap|next steps|recommendations)\s+(?:for\s+|in\s+)?(.+?)\??$")
_HISTORY = re.compile(rf"^(?:history|audit|changes)(?:\s+(?:of|for)\s+|\s+){_CODE}$")
_USER = r"(<@\w+(?:\|[^>]*)?>|@?[\w.\-]+)"
_ASSIGN = re.compile(rf"^assign\s+{_USER}\s+(?:to\s+|with\s+)?(.+)$", re.IGNORECASE)
_ASSIGN_AREA_FIRST = re.compile(rf"^assign\s+(.+?)\s+to\s+{_USER}$", re.IGNORECASE)
_INVITE = re.compile(rf"^(?:invite|add)\s+{_USER}(?:\s+to\s+(?:the\s+)?team)?$", re.IGNORECASE)
_REMOVE_MEMBER = re.compile(rf"^(?:remove|kick|take off)\s+{_USER}(?:\s+from\s+(?:the\s+)?team)?$", re.IGNORECASE)
_HAND_OVER = re.compile(
    rf"^(?:make\s+{_USER}\s+(?:the\s+)?lead|hand\s+over\s+(?:the\s+)?lead(?:\s+role)?\s+to\s+{_USER}|"
    rf"(?:transfer|pass)\s+(?:the\s+)?lead(?:\s+role)?\s+to\s+{_USER})$",
    re.IGNORECASE,
)
_CONFIRM_AREA = re.compile(
    r"^(?:(?:all|everything|all of (?:it|them|these)) (?:is |are )?(?:still true|the same|unchanged)|"
    r"(?:still true|same|unchanged|confirm) for (?:all|everything|the whole area|the area)|confirm (?:all|everything)"
    r"|(?:all )?still true for (?:all|everything)(?: of| in)?|confirm (?:the )?(?:whole )?area)"
    r"(?:\s+(?:of\s+|in\s+)?(.+?))?\??$"
)
# Spanish and Portuguese forms of the same commands, matched on the text without accents.
_CHANGE_OTHER = re.compile(rf"^(?:cambiar|editar|corregir|modificar|mudar|alterar|corrigir)\s+{_CODE}\??$")
_EVIDENCE_OTHER = re.compile(
    rf"^(?:evidencia|evidencias|adjuntar|anexar|enlace|agregar evidencia|adicionar evidencia)"
    rf"(?:\s+(?:para\s+|de\s+|del\s+|do\s+|da\s+)?{_CODE})?(?:\s+(.*))?$"
)
_REMOVE_EVIDENCE_OTHER = re.compile(
    rf"^(?:quitar|eliminar|borrar|remover|excluir|apagar|tirar)\s+(?:la\s+|a\s+|o\s+)?(?:evidencia|enlace|link)"
    rf"(?:\s+(?:de|del|do|da))?(?:\s+{_CODE})?(?:\s+(.*))?$"
)
_VERBS_OTHER = {  # Spanish and Portuguese verbs of the team commands, said as the English command
    "invitar": "invite", "agregar": "invite", "convidar": "invite", "adicionar": "invite",
    "asignar": "assign", "atribuir": "assign", "designar": "assign",
}
_CONFIRM_AREA_OTHER = re.compile(
    r"^(?:todo sigue vigente|todo sigue igual|sigue vigente para toda el area|confirmar (?:toda )?el area|"
    r"tudo continua valendo|continua valendo para toda a area|tudo continua igual|confirmar (?:toda )?a area)"
    r"(?:\s+(?:en|em|de|do|da|del|para|no|na)\s+(.+?))?[?!.]?$"
)
_HISTORY_OTHER = re.compile(rf"^(?:historial|historia|historico|auditoria|cambios|mudancas)(?:\s+(?:de|del|do|da)\s+|\s+){_CODE}$")
_REVIEW_OTHER = re.compile(
    r"^(?:revisar|repaso|respuestas|mis respuestas|quien respondio|respostas|conferir respostas|quem respondeu)"
    r"(?:\s+(?:de\s+|del\s+|do\s+|da\s+|para\s+)?(.+?))?\??$"
)
_AREA_OTHER = re.compile(r"^(?:ir a|vamos a|pasar a|saltar a|ir para|va para|vamos para|pular para|abrir)\s+(.+?)[?!]?$")
_REMOVE_EVIDENCE = re.compile(
    rf"^(?:remove|delete|drop|take out|take away)\s+(?:the\s+)?(?:evidence|link|evidence link)(?:\s+(?:for|from|of))?"
    rf"(?:\s+{_CODE})?(?:\s+(.*))?$"
)
_URL = re.compile(r"<?(https?://[^\s<>|]+)(?:\|[^>]*)?>?")


def parse_action(value: str, standard: Standard) -> Command:
    """The command behind an option value; unknown values become ``Cmd.TEXT`` (ignored safely)."""
    head, _, rest = value.partition(":")
    code = rest.split(":")[0].upper() if rest else None
    if code and head in {"answer", "why", "evidence", "skip", "change", "confirm"} and not standard.has_criterion(code):
        return Command(Cmd.TEXT, arg="")
    if head == "answer":
        try:
            return Command(Cmd.ANSWER, code=code, outcome=Outcome(rest.split(":")[1]))
        except (IndexError, ValueError):
            return Command(Cmd.TEXT, arg="")
    simple = {
        "why": Cmd.WHY,
        "evidence": Cmd.EVIDENCE,
        "skip": Cmd.SKIP,
        "change": Cmd.CHANGE,
        "back": Cmd.BACK,
        "continue": Cmd.CONTINUE,
        "status": Cmd.STATUS,
        "pause": Cmd.PAUSE,
        "roadmap": Cmd.ROADMAP,
        "help": Cmd.HELP,
        "report": Cmd.REPORT,
        "change-outcome": Cmd.CHANGE_OUTCOME,
    }
    if head in simple:
        return Command(simple[head], code=code)
    if head in {"area", "review"}:
        area = match_area(rest, standard, fuzzy=False) if rest else None
        if head == "area" and area is None:
            return Command(Cmd.TEXT, arg="")
        return Command(Cmd.AREA if head == "area" else Cmd.REVIEW, area=area.code if area else None)
    if head == "invite" and rest:
        return Command(Cmd.INVITE, user=rest)
    if head == "gate" and rest:
        return Command(Cmd.GATE, arg=rest)
    if head == "checkup" and rest in ("start", "later"):
        return Command(Cmd.CHECKUP, arg=rest)
    if head == "confirm" and code:
        return Command(Cmd.CONFIRM, code=code)
    if head == "confirm-area" and rest:
        area_code, _, sure = rest.partition(":")
        area = match_area(area_code, standard, fuzzy=False)
        if area is not None and sure in ("", "yes"):
            return Command(Cmd.CONFIRM_AREA, area=area.code, arg=sure or None)
    return Command(Cmd.TEXT, arg="")


def parse_text(text: str, standard: Standard) -> Command:
    """The command a typed message is, or ``Cmd.TEXT`` with the text in ``arg``."""
    raw = text.strip()
    t = normalise(raw)
    if t in {"?", "??", "???"}:
        return Command(Cmd.HELP_HERE)
    for kind, pattern in _SIMPLE_RE.items():
        if pattern.match(t):
            return Command(kind)
    folded = _fold(t)
    if (m := _LANGUAGE.match(folded) or _LANGUAGE_NAMES.match(folded)) and language_of(m.group(1)):
        return Command(Cmd.LANGUAGE, arg=language_of(m.group(1)))
    for kind, pattern in _SIMPLE_OTHER_RE.items():
        if pattern.match(folded):
            return Command(kind)
    if m := _WHY.match(t) or _WHY_OTHER.match(folded):
        return Command(Cmd.WHY, code=_code(m.group(1), standard) if m.group(1) else None)
    if (m := _CHANGE.match(t) or _BARE_CODE.match(t) or _CHANGE_OTHER.match(folded)) and _code(m.group(1), standard):
        return Command(Cmd.CHANGE, code=_code(m.group(1), standard))
    if m := _CONFIRM_AREA.match(t) or _CONFIRM_AREA_OTHER.match(folded):
        area = match_area(m.group(1), standard) if m.group(1) else None
        if m.group(1) and area is None:
            return Command(Cmd.CONFIRM_AREA, bad_area=m.group(1))
        return Command(Cmd.CONFIRM_AREA, area=area.code if area else None)
    if m := _HISTORY.match(t) or _HISTORY_OTHER.match(folded):
        return Command(Cmd.HISTORY, code=_code(m.group(1), standard))
    if m := _REMOVE_EVIDENCE.match(t) or _REMOVE_EVIDENCE_OTHER.match(folded):
        raw_rest = _after_words(raw, t, m.group(2)) if m.group(2) else None
        return Command(Cmd.REMOVE_EVIDENCE, code=_code(m.group(1), standard), arg=raw_rest)
    if m := _EVIDENCE.match(t) or _EVIDENCE_OTHER.match(folded):
        raw_rest = _after_words(raw, t, m.group(2)) if m.group(2) else None
        return Command(Cmd.EVIDENCE, code=_code(m.group(1), standard), arg=raw_rest)
    if (m := _ROADMAP_FOR.match(t)) and (area := match_area(m.group(1), standard)):
        return Command(Cmd.ROADMAP, area=area.code)
    if m := _REVIEW.match(t) or _REVIEW_OTHER.match(folded):
        area = match_area(m.group(1), standard) if m.group(1) else None
        if m.group(1) and area is None and m.group(1) not in {"all", "everything", "todo", "todas", "tudo"}:
            return Command(Cmd.REVIEW, bad_area=m.group(1))
        return Command(Cmd.REVIEW, area=area.code if area else None)
    verb, _sp, rest = raw.strip().partition(" ")
    if rest and _fold(verb.casefold()) in _VERBS_OTHER:  # "asignar @juan RDC", "convidar @maria"
        raw = f"{_VERBS_OTHER[_fold(verb.casefold())]} {rest}"
        t = normalise(raw)
    if t.startswith("assign "):
        return _assign(raw, standard)
    if m := _INVITE.match(raw):
        return Command(Cmd.INVITE, user=_user(m.group(1)))
    if (m := _REMOVE_MEMBER.match(raw)) and not t.startswith(("remove evidence", "remove the evidence", "remove link")):
        return Command(Cmd.REMOVE_MEMBER, user=_user(m.group(1)))
    if m := _HAND_OVER.match(raw):
        return Command(Cmd.HAND_OVER, user=_user(next(g for g in m.groups() if g)))
    if m := _AREA.match(t) or _AREA_OTHER.match(folded):
        area = match_area(m.group(1), standard)
        if area:
            return Command(Cmd.AREA, area=area.code)
    if (area := match_area(t, standard, fuzzy=False)) is not None and len(t) > 2:
        return Command(Cmd.AREA, area=area.code)
    return Command(Cmd.TEXT, arg=raw)


def _assign(raw: str, standard: Standard) -> Command:
    """ "assign @ben OD", "assign ben to open data" or "assign open data to @ben"."""
    for m, user_group, area_group in ((_ASSIGN_AREA_FIRST.match(raw), 2, 1), (_ASSIGN.match(raw), 1, 2)):
        if m and (area := match_area(m.group(area_group), standard)):
            return Command(Cmd.ASSIGN, user=_user(m.group(user_group)), area=area.code)
    m = _ASSIGN.match(raw)
    return Command(Cmd.ASSIGN, user=_user(m.group(1)) if m else None, bad_area=m.group(2) if m else raw[7:].strip())


def split_evidence(text: str) -> tuple[str | None, str | None]:
    """``(url, note)`` from "https://x.gov/plan.pdf adopted in 2021" (Slack's ``<url|label>`` too)."""
    m = _URL.search(text)
    if not m:
        return None, text.strip() or None
    note = (text[: m.start()] + " " + text[m.end() :]).strip(" -–—:,")
    return m.group(1).rstrip(".,;)"), " ".join(note.split()) or None


def _code(text: str | None, standard: Standard) -> str | None:
    if not text:
        return None
    code = text.replace(" ", "").upper()
    return code if standard.has_criterion(code) else None


def _user(token: str) -> str:
    """A user id from a Slack mention ``<@U123|ana>`` or a plain name ("@ana", "ana")."""
    if token.startswith("<@"):
        return token[2:-1].split("|")[0]
    return token.lstrip("@")


def _after_words(raw: str, normalised: str, tail: str) -> str:
    """The original-case text of ``tail`` (a suffix of the normalised text) from ``raw``."""
    index = normalised.rfind(tail)
    offset = len(normalised) - index
    return raw.strip()[-offset:] if 0 < offset <= len(raw.strip()) else tail
