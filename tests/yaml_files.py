"""Broken copies of the shipped YAML data files, for the tests that check a loader names what is wrong.

Reading and writing go through libyaml where it is installed (the loaders use it too): the same data as the
pure-Python parser, several times faster on the larger files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STRINGS = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every scalar a string ("no" stays "no")
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def read_yaml(path: Path, *, strings: bool = False) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=STRINGS if strings else LOADER)


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def changed_copy(source: Path, target: Path, change: Callable[[Any], object], *, strings: bool = False) -> Path:
    """``target`` becomes the data of ``source`` after ``change`` (which edits it in place)."""
    data = read_yaml(source, strings=strings)
    change(data)
    return write_yaml(target, data)
