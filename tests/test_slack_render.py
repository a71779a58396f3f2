"""Rendering replies as Block Kit: escaping, links, limits and button rows."""

from __future__ import annotations

import json
import re

from bot.slack_render import (
    MAX_BLOCKS,
    MAX_FALLBACK_CHARS,
    MAX_SECTION_CHARS,
    button_rows,
    render,
    split_sections,
    to_mrkdwn,
)
from handlers.messages import Button, Reply

LIVE_MENTION = re.compile(r"<[!@#]")


def _all_text(messages: list) -> str:
    return json.dumps([{"text": m.text, "blocks": m.blocks} for m in messages], ensure_ascii=False)


def test_user_text_never_becomes_a_live_mention_in_blocks_or_fallback() -> None:
    hostile = "Hei <!channel> og <!here> <!everyone> <!subteam^S123|@team> <@U123> <#C1|general> &lt;!channel&gt;"
    messages = render(Reply(hostile))
    payload = [m.text for m in messages] + [b["text"]["text"] for m in messages for b in m.blocks]
    for text in payload:
        assert not LIVE_MENTION.search(text), text
        assert "&lt;!channel&gt;" in text
    assert "&amp;lt;!channel&amp;gt;" in messages[0].blocks[0]["text"]["text"]


def test_markdown_links_become_slack_links_only_for_web_urls() -> None:
    text = to_mrkdwn(
        "Se [veilederen](https://example.org/a?x=1&y=2) og [markedsdialog](lup:markedsdialog)."
    )
    assert "<https://example.org/a?x=1&amp;y=2|veilederen>" in text
    assert "markedsdialog." in text and "lup:" not in text


def test_a_link_label_cannot_smuggle_a_mention() -> None:
    text = to_mrkdwn("[<!channel>](https://example.org) [x](javascript:alert)")
    assert not LIVE_MENTION.search(text)
    assert "<https://example.org|&lt;!channel&gt;>" in text
    assert text.endswith(" x")  # a non-web scheme is dropped, the label kept


def test_double_asterisks_and_headings_become_slack_bold() -> None:
    assert to_mrkdwn("**Eiere** og ## ikke") == "*Eiere* og ## ikke"
    assert to_mrkdwn("## Overskrift\n- punkt") == "*Overskrift*\n• punkt"


def test_long_text_is_split_into_sections_within_limits_without_breaking_entities() -> None:
    text = ("Dette er en setning med <tegn> & mer. " * 600).strip()
    messages = render(Reply(text))
    sections = [b for m in messages for b in m.blocks if b["type"] == "section"]
    assert len(sections) > 1
    for block in sections:
        body = block["text"]["text"]
        assert 0 < len(body) <= MAX_SECTION_CHARS
        assert not re.search(r"&[a-z]{0,3}$", body), body[-10:]
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    assert all(len(m.text) <= MAX_FALLBACK_CHARS for m in messages)


def test_a_huge_reply_is_spread_over_several_messages_with_buttons_on_the_last() -> None:
    text = "\n\n".join("x" * 2900 for _ in range(120))
    messages = render(Reply(text, buttons=(Button("Ja", "answer.helpful", "a|1"),)))
    assert len(messages) == 3
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    assert messages[-1].blocks[-1]["type"] == "actions"
    assert all(b["type"] == "section" for m in messages[:-1] for b in m.blocks)


def test_split_never_cuts_inside_a_slack_link() -> None:
    text = "a " * 1490 + "<https://example.org/long|lenke>" + " b" * 100
    for chunk in split_sections(text):
        assert chunk.count("<") == chunk.count(">")


def test_repeated_actions_get_rows_of_their_own_and_keep_their_documented_ids() -> None:
    buttons = (
        Button("Les mer", "answer.more", "lup", style="primary"),
        Button("Markedsdialog", "answer.related", "markedsdialog"),
        Button("Fellesanskaffelser", "answer.related", "fellesanskaffelser"),
        Button("👍 Ja", "answer.helpful", "lup|1"),
        Button("👎 Nei", "answer.not_helpful", "lup|1"),
    )
    rows = button_rows(buttons)
    assert [[b.action for b in row] for row in rows] == [
        ["answer.more"],
        ["answer.related"],
        ["answer.related"],
        ["answer.helpful", "answer.not_helpful"],
    ]
    blocks = render(Reply("Svar", buttons=buttons))[0].blocks
    action_blocks = [b for b in blocks if b["type"] == "actions"]
    for block in action_blocks:
        ids = [e["action_id"] for e in block["elements"]]
        assert len(ids) == len(set(ids))
    elements = [e for b in action_blocks for e in b["elements"]]
    assert [(e["action_id"], e["value"]) for e in elements] == [
        (b.action, b.value) for b in buttons
    ]
    assert elements[0]["style"] == "primary"


def test_button_labels_and_values_are_clipped_to_slack_limits() -> None:
    reply = Reply("x", buttons=(Button("L" * 200, "answer.related", "v" * 5000),))
    element = render(reply)[0].blocks[-1]["elements"][0]
    assert len(element["text"]["text"]) <= 75
    assert len(element["value"]) == 2000


def test_empty_text_with_buttons_still_renders_valid_blocks() -> None:
    message = render(Reply("", buttons=(Button("Ok", "checklist.done", "1"),)))[0]
    assert message.text.strip() or message.text == " "
    assert [b["type"] for b in message.blocks] == ["actions"]
