"""Loading fails loudly, naming the file, the item and the field path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, load_knowledge
from knowledge.loader import DATA_DIR


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped data files."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def _edit(folder: Path, name: str, change) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_the_copy_loads(standard, data_dir):
    assert load_knowledge(standard, data_dir).resources


def test_unknown_criterion_in_a_resource_names_file_item_and_field(standard, data_dir):
    def change(items):
        items[2]["criteria"] = [*items[2]["criteria"], "DM10"]

    _edit(data_dir, "resources.yml", change)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(standard, data_dir)
    message = str(err.value)
    item = yaml.safe_load((data_dir / "resources.yml").read_text())[2]
    assert message.startswith("resources.yml: item 2 (")
    assert item["id"] in message
    assert f"criteria.{len(item['criteria']) - 1}" in message
    assert "unknown criterion 'DM10'" in message and "wwc-2022" in message


def test_unknown_area_in_a_peer(standard, data_dir):
    _edit(data_dir, "peers.yml", lambda items: items[0].update(area="GOV"))
    with pytest.raises(KnowledgeError, match=r"peers.yml: item 0 \(.+\)\.area: unknown practice area 'GOV'"):
        load_knowledge(standard, data_dir)


def test_unknown_criterion_in_a_partner_support(standard, data_dir):
    _edit(data_dir, "partners.yml", lambda items: items[0]["supports"][0].update(criteria=["PA9"]))
    with pytest.raises(
        KnowledgeError, match=r"partners.yml: item 0 \(govex\)\.supports\.0\.criteria\.0: unknown criterion 'PA9'"
    ):
        load_knowledge(standard, data_dir)


def test_unknown_field_is_rejected(standard, data_dir):
    _edit(data_dir, "programs.yml", lambda items: items[0].update(cost="free"))
    with pytest.raises(KnowledgeError, match=r"programs.yml: item 0 \(wwc-certification-community\)\.cost: Extra inputs are not permitted"):
        load_knowledge(standard, data_dir)


def test_missing_source_is_rejected(standard, data_dir):
    _edit(data_dir, "resources.yml", lambda items: items[0].pop("source"))
    with pytest.raises(KnowledgeError, match=r"resources.yml: item 0 \(.+\)\.source: Field required"):
        load_knowledge(standard, data_dir)


def test_bad_confidence_is_rejected(standard, data_dir):
    _edit(data_dir, "peers.yml", lambda items: items[0].update(confidence="V"))
    with pytest.raises(KnowledgeError, match=r"peers.yml: item 0 .*\.confidence"):
        load_knowledge(standard, data_dir)


def test_duplicate_ids_are_rejected(standard, data_dir):
    _edit(data_dir, "resources.yml", lambda items: items.append(dict(items[0])))
    with pytest.raises(KnowledgeError, match=r"resources.yml: item \d+ \(.+\)\.id: duplicate id"):
        load_knowledge(standard, data_dir)


def test_missing_next_step_is_reported(standard, data_dir):
    _edit(data_dir, "next_steps.yml", lambda steps: steps.pop("EVAL4"))
    with pytest.raises(KnowledgeError, match=r"next_steps.yml: no next step for EVAL4"):
        load_knowledge(standard, data_dir)


def test_invalid_yaml_names_the_line(standard, data_dir):
    (data_dir / "peers.yml").write_text("- id: x\n  city: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"peers.yml: not valid YAML \(line \d+"):
        load_knowledge(standard, data_dir)


def test_loaded_once_per_standard_and_folder(standard, kb):
    assert load_knowledge(standard) is kb
