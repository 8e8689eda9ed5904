"""The shipped standard is complete, and broken data files fail with a useful message."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from yaml_files import changed_copy, read_yaml, write_yaml

import wwc_rules
from wwc_rules import StandardError, available_standards, load_standard, load_standard_file, parse_standard

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED_CODES = (
    [f"DM{i}" for i in range(1, 10)]
    + [f"LC{i}" for i in range(1, 8)]
    + [f"OD{i}" for i in range(1, 5)]
    + [f"PA{i}" for i in range(1, 6)]
    + [f"BF{i}" for i in range(1, 4)]
    + [f"RDC{i}" for i in range(1, 9)]
    + [f"CI{i}" for i in range(1, 4)]
    + [f"EVAL{i}" for i in range(1, 5)]
)


def test_current_standard_has_8_areas_and_the_43_codes():
    standard = load_standard()
    assert standard.id == "wwc-2022"
    assert [a.code for a in standard.areas] == ["DM", "LC", "OD", "PA", "BF", "RDC", "CI", "EVAL"]
    assert [c.code for c in standard.criteria] == EXPECTED_CODES
    assert [lv.min_percent for lv in standard.levels] == [51, 68, 85]
    assert [o.id for o in standard.gate.options] == ["air_quality", "broadband", "sdg_priority"]


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_every_criterion_has_every_field_filled(code):
    c = load_standard().criterion(code)
    for field in ("title", "question", "why"):
        assert len(getattr(c, field).strip()) >= 3, field
    assert c.what_counts and c.evidence and c.tags
    assert all(t == t.lower() for t in c.tags), "tags are lower case for matching"
    assert c.code.startswith(c.area)
    assert c.prerequisites == (), "no source publishes prerequisites for the 2022 standard"


def test_every_area_has_aliases_for_matching():
    for area in load_standard().areas:
        assert area.aliases, area.code


def test_the_shipped_list():
    assert "wwc-2022" in available_standards()
    with pytest.raises(StandardError, match="unknown standard 'wwc-1999'"):
        load_standard("wwc-1999")


def _base() -> dict:
    return read_yaml(FIXTURES / "base.yml")


def _edit(path: str, value) -> dict:
    data = _base()
    *parents, last = path.split(".")
    node = data
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    if value is DELETE:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


DELETE = object()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(_edit("criteria.1.code", "AA1"), r"criteria\.1: duplicate 'AA1'", id="duplicate code"),
        pytest.param(_edit("criteria.1.area", "ZZ"), r"criteria\.1\.area: AA2 names unknown area 'ZZ'", id="unknown area"),
        pytest.param(
            _edit("levels.1.min_percent", 40), r"levels: min_percent must be strictly ascending, got \[50, 40\]", id="thresholds"
        ),
        pytest.param(_edit("criteria.0.prerequisites", ["AA2"]) | {}, None, id="one-way prerequisite is fine"),
        pytest.param(
            _edit("criteria.0.prerequisites", ["AA9"]), r"criteria\.0\.prerequisites: AA1 names unknown criterion 'AA9'", id="unknown prereq"
        ),
        pytest.param(_edit("criteria.0.why", DELETE), r"criteria\.0 \(AA1\)\.why: Field required", id="missing field"),
        pytest.param(_edit("criteria.1.whyy", "x"), r"criteria\.1 \(AA2\)\.whyy: Extra inputs are not permitted", id="typo field"),
        pytest.param(_edit("criteria.1.phase", "later"), r"criteria\.1 \(AA2\)\.phase: Input should be", id="bad phase"),
        pytest.param(_edit("criteria.0.what_counts", []), r"criteria\.0 \(AA1\)\.what_counts", id="empty checklist"),
        pytest.param(_edit("levels.0.min_percent", 0), r"levels\.0\.min_percent", id="zero threshold"),
    ],
)
def test_invalid_files_fail_naming_file_and_field(tmp_path, data, message):
    path = write_yaml(tmp_path / "draft.yml", data)
    if message is None:
        assert load_standard_file(path).criterion("AA1").prerequisites == ("AA2",)
        return
    with pytest.raises(StandardError) as err:
        load_standard_file(path)
    text = str(err.value)
    assert text.startswith(f"{path}: "), text
    assert re.search(message, text), text
    assert "\n" not in text, "one line"


def test_prerequisite_cycle_is_named(tmp_path):
    def cycle(data):
        data["criteria"][0]["prerequisites"] = ["AA2"]
        data["criteria"][1]["prerequisites"] = ["AA1"]

    path = changed_copy(FIXTURES / "base.yml", tmp_path / "cycle.yml", cycle)
    with pytest.raises(StandardError, match=r"prerequisites form a cycle: AA1 -> AA2 -> AA1"):
        load_standard_file(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: [unclosed", r"<draft>: not valid YAML \(line 1, column"),
        ("- just\n- a list\n", r"expected a mapping"),
        ("", r"expected a mapping"),
    ],
)
def test_unreadable_files(text, message):
    with pytest.raises(StandardError, match=message):
        parse_standard(text, source="<draft>")


def test_missing_file(tmp_path):
    with pytest.raises(StandardError, match=r"nope\.yml: cannot read the file"):
        load_standard_file(tmp_path / "nope.yml")


# ------------------------------------------------------------------ purity

FORBIDDEN = {"slack_bolt", "slack_sdk", "sqlite_utils", "sqlite3", "socket", "http", "urllib", "requests",
             "time", "datetime", "random", "os", "subprocess", "threading"}


@pytest.mark.parametrize("module", sorted(p.name for p in Path(wwc_rules.__file__).parent.glob("*.py")))
def test_wwc_rules_imports_no_io_clock_slack_or_sqlite(module):
    tree = ast.parse((Path(wwc_rules.__file__).parent / module).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & FORBIDDEN, f"{module} imports {sorted(imported & FORBIDDEN)}"
