"""Loading a standard from its data file.

A standard is one YAML file in ``wwc_rules/standards/`` named after its id
(``wwc-2022.yml``). Shipping a revised standard means adding one file.

Reading the file is the only I/O in this package; it happens here, once, and
the scoring functions never touch it. The loader receives text from the
caller-facing helpers below and turns every problem into one
``StandardError`` that names the file and the field path.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .models import Standard

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """``text`` parsed (safely) by libyaml when PyYAML has it, ten times faster than PyYAML's own parser; a fault
    is raised by the pure-Python parser, which names its place exactly. Every data file of the project is read so."""
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)

DEFAULT_STANDARD = "wwc-2022"


class StandardError(ValueError):
    """A standard's data file is missing, unreadable or inconsistent."""


def available_standards() -> list[str]:
    """Ids of the standards shipped with the package, newest name last."""
    folder = resources.files("wwc_rules").joinpath("standards")
    return sorted(p.name[: -len(".yml")] for p in folder.iterdir() if p.name.endswith(".yml"))


@lru_cache(maxsize=16)
def load_standard(standard_id: str = DEFAULT_STANDARD) -> Standard:
    """The shipped standard with this id, validated (cached: it is immutable)."""
    if standard_id not in available_standards():
        known = ", ".join(available_standards()) or "none"
        raise StandardError(f"unknown standard {standard_id!r} (shipped: {known})")
    ref = resources.files("wwc_rules").joinpath("standards", f"{standard_id}.yml")
    return parse_standard(ref.read_text(encoding="utf-8"), source=f"wwc_rules/standards/{standard_id}.yml")


def load_standard_file(path: str | Path) -> Standard:
    """A standard from any file, e.g. a draft revision or a test fixture."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StandardError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    return parse_standard(text, source=str(path))


def parse_standard(text: str, *, source: str = "<text>") -> Standard:
    """Validate YAML text as a standard; errors name ``source`` and the field path."""
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise StandardError(f"{source}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise StandardError(f"{source}: expected a mapping with id, levels, areas and criteria at the top")
    try:
        return Standard.model_validate(data)
    except ValidationError as exc:
        raise StandardError(f"{source}: {_describe(exc, data)}") from None


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    """One line per problem: ``criteria.4 (DM5).why: Field required``."""
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        path = ".".join(str(p) for p in loc) or "(top level)"
        # Name the item by its code where the path goes through a list of criteria or areas.
        if len(loc) >= 2 and loc[0] in ("criteria", "areas") and isinstance(loc[1], int):
            try:
                code = data[loc[0]][loc[1]].get("code")
            except (KeyError, IndexError, TypeError, AttributeError):
                code = None
            if code:
                path = f"{loc[0]}.{loc[1]} ({code})" + "".join(f".{p}" for p in loc[2:])
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {msg}")
    return "; ".join(lines)
