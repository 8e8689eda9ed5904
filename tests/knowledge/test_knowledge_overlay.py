"""Knowledge upkeep without code: the network team's overlay folder adds, replaces and retires items, is
checked like the shipped data, and a broken file never replaces a working one."""

from __future__ import annotations

import pytest
import yaml

import knowledge
from bot.cli import main
from knowledge import KnowledgeError, load_knowledge, reload_knowledge
from knowledge.loader import DATA_DIR
from wwc_rules import load_standard

STANDARD = load_standard()


@pytest.fixture(autouse=True)
def _no_overlay_after():
    yield
    knowledge.configure(None)


def shipped(name):
    return yaml.safe_load((DATA_DIR / f"{name}.yml").read_text(encoding="utf-8"))


def test_an_overlay_adds_replaces_and_retires_items(tmp_path):
    first, second = shipped("resources")[:2]
    added = {**first, "id": "riverton-open-data-playbook", "title": "Riverton open data playbook"}
    replaced = {**second, "title": "A better title for this guide"}
    (tmp_path / "resources.yml").write_text(
        yaml.safe_dump([added, replaced, {"id": first["id"], "retired": True}]), encoding="utf-8"
    )
    kb = load_knowledge(STANDARD, overlay=tmp_path)
    ids = {r.id: r for r in kb.resources}
    assert "riverton-open-data-playbook" in ids and first["id"] not in ids
    assert ids[second["id"]].title == "A better title for this guide"
    assert len(kb.resources) == len(shipped("resources"))  # one added, one retired


def test_a_broken_overlay_is_refused_naming_the_file_and_field(tmp_path):
    (tmp_path / "programs.yml").write_text("- {id: new-sprint, name: A sprint}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"programs\.yml \(overlay\): item 0 \(new-sprint\)\.\w+: Field required"):
        load_knowledge(STANDARD, overlay=tmp_path)
    (tmp_path / "programs.yml").write_text("- {id: nope, retired: true}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="nothing shipped to retire"):
        load_knowledge(STANDARD, overlay=tmp_path)


def test_a_reload_with_a_broken_file_keeps_the_running_data(tmp_path):
    first = shipped("resources")[0]
    (tmp_path / "resources.yml").write_text(yaml.safe_dump([{**first, "id": "extra-guide"}]), encoding="utf-8")
    knowledge.configure(tmp_path)
    running = reload_knowledge(STANDARD)
    assert any(r.id == "extra-guide" for r in running.resources)
    (tmp_path / "resources.yml").write_text("- not: [valid\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        reload_knowledge(STANDARD)
    assert knowledge.current_knowledge(STANDARD) is running


def test_the_check_command_passes_the_shipped_data_and_fails_a_broken_overlay(tmp_path, capsys):
    assert main(["knowledge", "check"]) == 0
    assert "knowledge ok" in capsys.readouterr().out
    (tmp_path / "peers.yml").write_text("- {id: p1, city: X}\n", encoding="utf-8")
    assert main(["knowledge", "check", "--dir", str(tmp_path)]) == 1
    assert "peers.yml (overlay): item 0 (p1)" in capsys.readouterr().err
