"""Block Kit rendering stays inside Slack's limits and validates with slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.engine import AreaProgress, Dashboard, Message, MessageKind, NextQuestion, NextStep, Option
from bot.slack import blocks, evidence, home_view


def valid(block_list: list[dict], limit: int = 50) -> None:
    assert 0 < len(block_list) <= limit
    for b in block_list:
        Block.parse(b).validate_json()


def test_long_text_is_split_into_sections_of_at_most_3000_characters() -> None:
    text = ("A line of a long report. " * 20 + "\n") * 40 + "x" * 7000
    [post] = blocks.render([Message(text=text, kind=MessageKind.REPORT)])
    valid(post.blocks)
    assert all(len(b["text"]["text"]) <= 3000 for b in post.blocks)
    assert "".join(b["text"]["text"] for b in post.blocks).replace("\n", "").replace(" ", "") == \
        blocks.escape(text).replace("\n", "").replace(" ", "")
    assert 0 < len(post.text) <= 3000


def test_many_messages_are_packed_into_posts_of_at_most_50_blocks() -> None:
    options = tuple(Option(label=f"Option {n}", value=f"area:{n}") for n in range(30))
    messages = [Message(text=f"Message {n}", kind=MessageKind.INFO, options=options) for n in range(40)]
    posts = blocks.render(messages)
    assert len(posts) > 1
    for post in posts:
        valid(post.blocks)
        ids = [e["action_id"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]]
        assert len(ids) == len(set(ids))  # unique within a message
        assert all(len(b["elements"]) <= 25 for b in post.blocks if b["type"] == "actions")
    assert sum(1 for p in posts for b in p.blocks if b["type"] == "section") == 40


def test_a_question_gets_why_and_evidence_controls() -> None:
    question = Message(text="Do you publish open data?", kind=MessageKind.QUESTION, criterion="OD1",
                       options=(Option(label="Met", value="answer:OD1:met", style="primary"),))
    [post] = blocks.render([question])
    valid(post.blocks)
    values = [e["value"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]]
    assert values == ["answer:OD1:met", "why:OD1", "evidence:OD1"]


@pytest.mark.parametrize("text", ["<!channel> hi", "<!here>", "<@U123> look", "<!subteam^S1>", "@here now", "@channel"])
def test_text_cannot_ping(text: str) -> None:
    [post] = blocks.render([Message(text=text)])
    rendered = post.blocks[0]["text"]["text"] + post.text
    assert "<" not in rendered and "@here" not in rendered and "@channel" not in rendered


def test_escape_is_idempotent_so_engine_escaped_text_is_not_mangled() -> None:
    once = blocks.escape("R&D <b> &lt;@U1&gt;")
    assert blocks.escape(once) == once == "R&amp;D &lt;b&gt; &lt;@U1&gt;"


def test_an_answered_question_replaces_only_its_own_blocks() -> None:
    intro = Message(text="Welcome", kind=MessageKind.INFO)
    question = Message(text="DM1?", kind=MessageKind.QUESTION, criterion="DM1",
                       options=(Option(label="Met", value="answer:DM1:met"),))
    [post] = blocks.render([intro, question])
    actions_id = [b["block_id"] for b in post.blocks if b["type"] == "actions"][0]
    new = blocks.replace_message(post.blocks, actions_id, Message(text="✓ DM1: Met", kind=MessageKind.ANSWERED))
    valid(new)
    texts = [b["text"]["text"] for b in new if b["type"] == "section"]
    assert texts == ["Welcome", "✓ DM1: Met"] and not [b for b in new if b["type"] == "actions"]


def dashboard(name: str = "Tempe, AZ", steps: int = 3) -> Dashboard:
    areas = tuple(AreaProgress(code=f"A{n}", name=f"Area {n} " + "x" * 60, answered=n, met=n // 2, total=6,
                               assignee="<@U1> Ben" if n % 2 else None) for n in range(8))
    next_steps = tuple(NextStep(code=f"A{n}1", title="Guide " * 20, text="Do this. " * 200, reason="Because " * 100,
                                url="https://example.org/guide") for n in range(steps))
    return Dashboard(city=name, year=2026, role="lead", level="Silver", points=23, total=43, percent=53, answered=30,
                     next_level="Gold", needed_for_next=7, certifiable=True, areas=areas,
                     next_question=NextQuestion(code="OD2", title="Open data <policy>", area="OD"), next_steps=next_steps)


def test_the_home_view_validates_with_long_content() -> None:
    for d in (dashboard(), dashboard(name="X" * 200, steps=0)):
        view = home_view.home(d)
        View(**view).validate_json()
        valid(view["blocks"], limit=100)
    View(**home_view.welcome()).validate_json()
    assert home_view.bar(3, 6) == "█" * 6 + "░" * 6


def test_the_evidence_modal_validates_and_checks_links() -> None:
    view = evidence.modal("DM2", "Data <governance> & more " * 20)
    View(**view).validate_json()
    for good in ("https://tempe.gov/data.pdf", "http://data.city.org/x?y=1"):
        assert evidence.valid_url(good)
    for bad in ("tempe.gov", "https://", "https://localhost/x", "mailto:a@b.gov", "https://a b.gov", "x" * 2000):
        assert not evidence.valid_url(bad)


@pytest.mark.parametrize("post", [blocks.announcement("Sprint <!channel> " * 500),
                                  blocks.level_announcement("<@U1> City", "Gold", 70, 2026),
                                  blocks.consent_prompt("Tempe", "Gold", 70, "1:2026:Gold")])
def test_network_posts_validate(post: blocks.Post) -> None:
    valid(post.blocks)
    assert post.text and "<!channel>" not in post.text and "<@U1>" not in str(post.blocks)
