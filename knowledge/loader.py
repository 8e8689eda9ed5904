"""Loading the knowledge base from YAML and checking it against a standard.

The data lives in ``knowledge/data/`` (one file per kind of item). Loading is
the only I/O in this package; it happens once per standard and data folder.
Every problem becomes one ``KnowledgeError`` naming the file, the item and the
field path, e.g. ``resources.yml: item 3 (govex-data-inventory-guide).criteria.0:
unknown criterion 'DM10' in standard wwc-2022``.
"""

from __future__ import annotations

from pathlib import Path
from types import EllipsisType
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from wwc_i18n import using
from wwc_rules import Standard, StandardError, i18n
from wwc_rules.loader import parse_yaml

from .links import is_truncated
from .models import Knowledge, Partner, Peer, Program, Resource, Term

DATA_DIR = Path(__file__).parent / "data"

_FILES: dict[str, Any] = {
    "resources": Resource,
    "programs": Program,
    "partners": Partner,
    "peers": Peer,
    "terms": Term,
}
_CACHE: dict[tuple[str, str, str], Knowledge] = {}
TRANSLATIONS = DATA_DIR / "i18n"  # <lang>.yml: the text a person reads, keyed by the unchanged ids
# The fields of each file that a translation may give (everything else, links and codes, stays as shipped).
TRANSLATED: dict[str, tuple[str, ...]] = {
    "resources": ("title", "description", "note", "english_only"),
    "programs": ("name", "description", "when", "eligibility", "note", "page_note", "run_by", "formats"),
    "partners": ("role", "note", "support_notes"),
    "peers": ("summary", "region", "year"),
    "terms": ("name", "answer", "also", "phrases", "suggestions", "source_names"),
}


def _nested(name: str, item: dict[str, Any], text: dict[str, Any]) -> dict[str, Any]:
    """Translations of texts inside an item's lists: a partner's notes per support (``support_notes``), a program's
    ``formats`` (same number, same order) and a term's ``source_names`` (one per source)."""
    text = dict(text)
    if name == "partners" and "support_notes" in text:
        notes = text.pop("support_notes") or {}
        # keyed by the support's criteria ("LC4 LC5") where it names some, else by its area ("OD")
        text["supports"] = [
            {**s, "note": notes.get(" ".join(s.get("criteria") or ()) or s["area"], s.get("note"))} if s.get("note") else s
            for s in item["supports"]
        ]
    if name == "programs" and "formats" in text:
        formats = text["formats"] or []
        if len(formats) != len(item.get("formats") or ()):
            raise ValueError(f"formats: {len(formats)} items, the program has {len(item.get('formats') or ())}")
    if name == "terms" and "source_names" in text:
        names = text.pop("source_names") or []
        if len(names) != len(item["sources"]):
            raise ValueError(f"source_names: {len(names)} names, the term has {len(item['sources'])} sources")
        text["sources"] = [{**s, "name": n} for s, n in zip(item["sources"], names)]
    return text
_OVERLAY: Path | None = None  # the network team's folder (``WWC_KNOWLEDGE_DIR``), laid over the shipped data


class KnowledgeError(ValueError):
    """A knowledge file is missing, malformed or names something the standard does not have."""


def configure(overlay: str | Path | None) -> None:
    """Lay the network team's folder over the shipped data from now on (None: the shipped data only)."""
    global _OVERLAY
    folder = Path(overlay) if overlay else None
    if folder is not None and not folder.is_dir():
        raise KnowledgeError(f"the knowledge folder {folder} does not exist")
    _OVERLAY = folder


def load_knowledge(
    standard: Standard, data_dir: str | Path | None = None, *, overlay: str | Path | EllipsisType | None = ...
) -> Knowledge:
    """The knowledge base checked against ``standard`` (cached per standard id, folder and overlay).

    ``overlay`` is a folder with the same files (each optional): its items are added, replace a shipped
    item with the same id, or retire one (``{id: ..., retired: true}``). By default the folder set with
    ``configure`` (the ``WWC_KNOWLEDGE_DIR`` setting) is used.

    >>> from wwc_rules import load_standard
    >>> kb = load_knowledge(load_standard("wwc-2022"))
    >>> any("DM2" in r.criteria for r in kb.resources)
    True
    """
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    extra = _OVERLAY if overlay is ... else (Path(overlay) if overlay else None)
    key = (f"{standard.id}/{standard.language}", str(folder.resolve()), str(extra.resolve()) if extra else "")
    if key not in _CACHE:
        _CACHE[key] = _load(standard, folder, extra)
    return _CACHE[key]


def reload_knowledge(standard: Standard) -> Knowledge:
    """Read the files again (after the network team edited the overlay). A broken file raises
    ``KnowledgeError`` and the running knowledge stays as it was."""
    folder, extra = str(DATA_DIR.resolve()), str(_OVERLAY.resolve()) if _OVERLAY else ""
    # Every language already in use is read again too, and all are checked before any is replaced.
    loaded = {k[0].split("/", 1)[1] for k in _CACHE if k[0].split("/", 1)[0] == standard.id and k[1:] == (folder, extra)}
    fresh: dict[tuple[str, str, str], Knowledge] = {}
    for lang in sorted(loaded | {standard.language}):
        if lang == standard.language:
            version = standard
        else:
            try:
                version = i18n.translated(standard.id, lang)
            except StandardError:
                continue
        fresh[(f"{standard.id}/{lang}", folder, extra)] = _load(version, DATA_DIR, _OVERLAY)  # raises first
    _CACHE.update(fresh)
    return fresh[(f"{standard.id}/{standard.language}", folder, extra)]


def current_knowledge(standard: Standard) -> Knowledge | None:
    """The knowledge last loaded for ``standard`` with the configured overlay (after any reload), or None."""
    key = (f"{standard.id}/{standard.language}", str(DATA_DIR.resolve()), str(_OVERLAY.resolve()) if _OVERLAY else "")
    return _CACHE.get(key)


def _load(standard: Standard, folder: Path, overlay: Path | None = None) -> Knowledge:
    # Read in the standard's language whoever asks first: the link marks put in resource titles are its words.
    with using(standard.language):
        return _read_all(standard, folder, overlay)


def _read_all(standard: Standard, folder: Path, overlay: Path | None) -> Knowledge:
    items = {name: _load_items(folder, name, model) for name, model in _FILES.items()}
    shipped = {name: {item.id: item for item in values} for name, values in items.items()}
    next_steps = _load_next_steps(folder, standard)
    if overlay is not None:
        for name, model in _FILES.items():
            items[name] = _overlay_items(overlay, name, model, items[name])
        next_steps = _overlay_next_steps(overlay, standard, next_steps)
    for name, values in items.items():
        _check_ids(f"{name}.yml", values)
        _check_codes(f"{name}.yml", values, standard)
        _check_links(f"{name}.yml", values)
    programs = {p.id for p in items["programs"]}
    for i, term in enumerate(items["terms"]):
        for j, pid in enumerate(term.programs):
            if pid not in programs:
                raise KnowledgeError(f"terms.yml: item {i} ({term.id}).programs.{j}: unknown program {pid!r}")
    if standard.language != "en":
        items, next_steps = _translate(standard, items, next_steps, shipped)
    return Knowledge(standard_id=standard.id, next_steps=next_steps, **items)


def _translate(
    standard: Standard, items: dict[str, tuple[Any, ...]], next_steps: dict[str, str],
    shipped: dict[str, dict[str, Any]] | None = None,
) -> tuple[dict[str, tuple[Any, ...]], dict[str, str]]:
    """Lay ``i18n/<lang>.yml`` over the items. A translation is of a shipped item as shipped: an item the network
    team added or replaced (``shipped`` holds the shipped ones) stays as the team wrote it, so an update is never
    hidden behind an old translation, and a retired one is simply gone. A translation of an id that was never
    shipped is an error (a typo would hide the item's translation)."""
    if shipped is None:
        shipped = {name: {item.id: item for item in values} for name, values in items.items()}
    lang = standard.language
    path = TRANSLATIONS / f"{lang}.yml"
    data = _read_yaml(path) if path.exists() else None
    if not isinstance(data, dict) or data.get("lang") != lang:
        raise KnowledgeError(f"i18n/{lang}.yml: missing, or not a mapping with lang: {lang}")
    out: dict[str, tuple[Any, ...]] = {}
    for name, values in items.items():
        given = data.get(name) or {}
        unknown = set(given) - set(shipped[name])
        if unknown:
            raise KnowledgeError(f"i18n/{lang}.yml: {name}: unknown ids {', '.join(sorted(unknown))}")
        model = _FILES[name]
        translated = []
        for v in values:
            text = given.get(v.id) or {} if shipped[name].get(v.id) == v else {}
            wrong = set(text) - set(TRANSLATED[name])
            if wrong:
                raise KnowledgeError(f"i18n/{lang}.yml: {name}.{v.id}: fields that are not translated: {sorted(wrong)}")
            try:
                item = v.model_dump()
                translated.append(model.model_validate({**item, **_nested(name, item, text)}) if text else v)
            except ValidationError as exc:
                raise KnowledgeError(f"i18n/{lang}.yml: {name}.{v.id}: {exc.errors()[0]['msg']}") from None
            except ValueError as exc:
                raise KnowledgeError(f"i18n/{lang}.yml: {name}.{v.id}: {exc}") from None
        out[name] = tuple(translated)
    steps = {code: (i18n.next_step(standard.id, lang, code) or step) for code, step in next_steps.items()}
    return out, steps


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path.name}: cannot read {path} ({exc.strerror or exc})") from None
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise KnowledgeError(f"{path.name}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None


def _load_items(folder: Path, name: str, model: Any) -> tuple[Any, ...]:
    path = folder / f"{name}.yml"
    data = _read_yaml(path)
    if not isinstance(data, list):
        raise KnowledgeError(f"{path.name}: expected a list of items at the top")
    try:
        return TypeAdapter(tuple[model, ...]).validate_python(data)
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name}: {_describe(exc, data)}") from None


def _overlay_items(folder: Path, name: str, model: Any, shipped: tuple[Any, ...]) -> tuple[Any, ...]:
    """Shipped items with the overlay file's items added, replaced (same id) or retired."""
    path = folder / f"{name}.yml"
    if not path.exists():
        return shipped
    data = _read_yaml(path) or []
    if not isinstance(data, list):
        raise KnowledgeError(f"{path.name} (overlay): expected a list of items at the top")
    merged = {item.id: item for item in shipped}
    keep: list[Any] = []
    for i, raw in enumerate(data):
        if isinstance(raw, dict) and raw.get("retired") is True:
            ident = raw.get("id")
            if ident not in merged:
                raise KnowledgeError(f"{path.name} (overlay): item {i} ({ident}).id: nothing shipped to retire")
            del merged[ident]
            continue
        keep.append(raw)
    try:
        added = TypeAdapter(tuple[model, ...]).validate_python(keep)
    except ValidationError as exc:
        raise KnowledgeError(f"{path.name} (overlay): {_describe(exc, keep)}") from None
    for item in added:
        merged[item.id] = item
    return tuple(merged.values())


def _overlay_next_steps(folder: Path, standard: Standard, shipped: dict[str, str]) -> dict[str, str]:
    path = folder / "next_steps.yml"
    if not path.exists():
        return shipped
    data = _read_yaml(path) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) and v.strip() for v in data.values()):
        raise KnowledgeError(f"{path.name} (overlay): expected a mapping of criterion code to one plain sentence")
    for code in data:
        if not standard.has_criterion(str(code)):
            raise KnowledgeError(f"{path.name} (overlay): {code}: unknown criterion {code!r} in standard {standard.id}")
    return {**shipped, **{str(k): v.strip() for k, v in data.items()}}


def _describe(exc: ValidationError, data: list[Any]) -> str:
    """One clause per problem: ``item 4 (some-id).criteria.0: <message>``."""
    lines = []
    for err in exc.errors():
        index, *rest = err["loc"] or ("?",)
        lines.append(f"{_item(data, index)}{''.join(f'.{p}' for p in rest)}: {err['msg'].removeprefix('Value error, ')}")
    return "; ".join(lines)


def _item(data: list[Any], index: Any) -> str:
    try:
        ident = data[index].get("id")
    except (IndexError, TypeError, AttributeError):
        ident = None
    return f"item {index}" + (f" ({ident})" if ident else "")


def _check_ids(file: str, items: tuple[Any, ...]) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise KnowledgeError(f"{file}: item {i} ({item.id}).id: duplicate id {item.id!r}")
        seen.add(item.id)


def _check_codes(file: str, items: tuple[Any, ...], standard: Standard) -> None:
    """Every criterion and area code an item names must exist in the standard."""
    areas = {a.code for a in standard.areas}
    for i, item in enumerate(items):
        for path, code, is_area in _codes(item):
            known = code in areas if is_area else standard.has_criterion(code)
            if not known:
                what = "practice area" if is_area else "criterion"
                raise KnowledgeError(
                    f"{file}: item {i} ({item.id}).{path}: unknown {what} {code!r} in standard {standard.id}"
                )


def _check_links(file: str, items: tuple[Any, ...]) -> None:
    """No address may be cut short ("…/title..."): it cannot resolve."""
    for i, item in enumerate(items):
        for field in ("url", "source"):
            url = getattr(item, field, None)
            if url and is_truncated(url):
                raise KnowledgeError(f"{file}: item {i} ({item.id}).{field}: the address is truncated: {url}")


def _codes(item: Any) -> list[tuple[str, str, bool]]:
    """(field path, code, is_area) for every code an item names."""
    found: list[tuple[str, str, bool]] = []
    if isinstance(item, Term):
        return found
    if isinstance(item, Partner):
        for s, support in enumerate(item.supports):
            found.append((f"supports.{s}.area", support.area, True))
            found += [(f"supports.{s}.criteria.{j}", c, False) for j, c in enumerate(support.criteria)]
        return found
    if isinstance(item, Peer):
        found.append(("area", item.area, True))
    if isinstance(item, Program):
        found += [(f"areas.{j}", a, True) for j, a in enumerate(item.areas)]
    found += [(f"criteria.{j}", c, False) for j, c in enumerate(item.criteria)]
    return found


def _load_next_steps(folder: Path, standard: Standard) -> dict[str, str]:
    path = folder / "next_steps.yml"
    data = _read_yaml(path)
    if not isinstance(data, dict) or not all(isinstance(v, str) and v.strip() for v in data.values()):
        raise KnowledgeError(f"{path.name}: expected a mapping of criterion code to one plain sentence")
    for code in data:
        if not standard.has_criterion(str(code)) or code != str(code).upper():
            raise KnowledgeError(f"{path.name}: {code}: unknown criterion {code!r} in standard {standard.id}")
    missing = [c.code for c in standard.criteria if c.code not in data]
    if missing:
        raise KnowledgeError(f"{path.name}: no next step for {', '.join(missing)}")
    return {str(k): v.strip() for k, v in data.items()}
