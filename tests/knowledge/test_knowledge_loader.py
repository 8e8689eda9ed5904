"""Loading fails loudly, naming the file, the item and the field path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from yaml_files import changed_copy, read_yaml

from knowledge import KnowledgeError, load_knowledge
from knowledge.loader import DATA_DIR


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped data files."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def _edit(folder: Path, name: str, change) -> None:
    changed_copy(folder / name, folder / name, change)


def test_the_copy_loads(standard, data_dir):
    assert load_knowledge(standard, data_dir).resources


def test_unknown_criterion_in_a_resource_names_file_item_and_field(standard, data_dir):
    def change(items):
        items[2]["criteria"] = [*items[2]["criteria"], "DM10"]

    _edit(data_dir, "resources.yml", change)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(standard, data_dir)
    message = str(err.value)
    item = read_yaml(data_dir / "resources.yml")[2]
    assert message.startswith("resources.yml: item 2 (")
    assert item["id"] in message
    assert f"criteria.{len(item['criteria']) - 1}" in message
    assert "unknown criterion 'DM10'" in message and "wwc-2022" in message


BROKEN = {  # an edit of one shipped file, and the one-line error that names the file, the item and the field
    "unknown_area_in_a_peer": (
        "peers.yml", lambda items: items[0].update(area="GOV"),
        r"peers.yml: item 0 \(.+\)\.area: unknown practice area 'GOV'",
    ),
    "unknown_criterion_in_a_partner_support": (
        "partners.yml", lambda items: items[0]["supports"][0].update(criteria=["PA9"]),
        r"partners.yml: item 0 \(govex\)\.supports\.0\.criteria\.0: unknown criterion 'PA9'",
    ),
    "unknown_field": (
        "programs.yml", lambda items: items[0].update(cost="free"),
        r"programs.yml: item 0 \(wwc-certification-community\)\.cost: Extra inputs are not permitted",
    ),
    "missing_source": (
        "resources.yml", lambda items: items[0].pop("source"),
        r"resources.yml: item 0 \(.+\)\.source: Field required",
    ),
    "bad_confidence": ("peers.yml", lambda items: items[0].update(confidence="V"), r"peers.yml: item 0 .*\.confidence"),
    "duplicate_ids": (
        "resources.yml", lambda items: items.append(dict(items[0])),
        r"resources.yml: item \d+ \(.+\)\.id: duplicate id",
    ),
    "missing_next_step": (
        "next_steps.yml", lambda steps: steps.pop("EVAL4"), r"next_steps.yml: no next step for EVAL4",
    ),
}


@pytest.mark.parametrize(("name", "change", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_is_rejected(standard, data_dir, name, change, message):
    _edit(data_dir, name, change)
    with pytest.raises(KnowledgeError, match=message):
        load_knowledge(standard, data_dir)


def test_invalid_yaml_names_the_line(standard, data_dir):
    (data_dir / "peers.yml").write_text("- id: x\n  city: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"peers.yml: not valid YAML \(line \d+"):
        load_knowledge(standard, data_dir)


def test_loaded_once_per_standard_and_folder(standard, kb):
    assert load_knowledge(standard) is kb
