"""The App Home dashboard as a model: level on points, readiness, progress per area, next question, top next steps.

Unlike ``Message`` texts, these fields hold raw values (a city or person's
name as typed): the surface escapes them when it renders.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class AreaProgress(_Frozen):
    code: str
    name: str
    answered: int
    met: int
    total: int
    assignee: str | None = None  # display name of the colleague it is assigned to


class NextQuestion(_Frozen):
    code: str
    title: str
    area: str


class NextStep(_Frozen):
    code: str
    title: str
    text: str  # the next step in plain words
    reason: str
    url: str | None = None  # the first matched resource


class CheckupProgress(_Frozen):
    """An annual checkup's progress: answers still true from ``from_year``, changed, new, and to go."""

    from_year: int
    confirmed: int
    changed: int
    new: int  # answered this year, not answered last year
    to_go: int


class Dashboard(_Frozen):
    city: str
    year: int
    role: str  # "lead" or "member"
    level: str | None
    points: int
    total: int
    percent: int
    answered: int
    next_level: str | None
    needed_for_next: int
    certifiable: bool  # ready for review at ``level``: points, the outcome requirement and every core standard
    core_unmet: tuple[str, ...] = ()  # core standards not met yet (no level counts without them)
    gate_shown: bool | None = None  # the outcome requirement is shown; None when not told
    areas: tuple[AreaProgress, ...]
    next_question: NextQuestion | None  # None once every criterion is answered
    next_steps: tuple[NextStep, ...]  # at most 3
    checkup: CheckupProgress | None = None  # set while (and after) a checkup compares with last year
