"""Replies as Adaptive Cards: structure Teams accepts, light markdown kept, user text defused."""

from __future__ import annotations

import json

from bot.teams_cards import MAX_CARD_ACTIONS, MAX_TEXT_CHARS, adaptive_card, summary, teams_markdown
from handlers.messages import Button, Reply


def _texts(card: dict) -> list[str]:
    return [b["text"] for b in card["body"] if b["type"] == "TextBlock"]


def test_card_is_schema_1_5_with_wrapping_text_blocks_and_submit_actions() -> None:
    reply = Reply(
        "*Markedsdialog*\n\nKort svar her.\nAndre linje.",
        buttons=(
            Button("Les mer", "answer.more", "markedsdialog", style="primary"),
            Button("Avbryt", "checklist.stop", "run:1", style="danger"),
            Button("Ja", "answer.helpful", "markedsdialog|7"),
        ),
    )
    card = adaptive_card(reply)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    title, first, second = card["body"]
    assert title == {
        "type": "TextBlock",
        "wrap": True,
        "text": "Markedsdialog",
        "weight": "Bolder",
        "size": "Medium",
    }
    assert first["text"] == "Kort svar her." and first["spacing"] == "Medium"
    assert second["text"] == "Andre linje." and second["spacing"] == "None"
    assert card["actions"] == [
        {
            "type": "Action.Submit",
            "title": "Les mer",
            "data": {"action": "answer.more", "value": "markedsdialog"},
            "style": "positive",
        },
        {
            "type": "Action.Submit",
            "title": "Avbryt",
            "data": {"action": "checklist.stop", "value": "run:1"},
            "style": "destructive",
        },
        {
            "type": "Action.Submit",
            "title": "Ja",
            "data": {"action": "answer.helpful", "value": "markedsdialog|7"},
        },
    ]
    json.dumps(card)  # plain JSON all the way down


def test_slack_style_bold_becomes_markdown_bold_and_italics_stay() -> None:
    assert teams_markdown("Dette er *viktig* og _kursiv_") == "Dette er **viktig** og _kursiv_"
    assert teams_markdown("2 * 3 * 4") == "2 * 3 * 4"


def test_links_never_hide_their_address_and_article_links_become_plain_text() -> None:
    assert (
        teams_markdown("[Logg inn](https://evil.example/x)") == "Logg inn (https://evil.example/x)"
    )
    assert teams_markdown("Se [markedsdialog](lup:markedsdialog).") == "Se markedsdialog."
    assert teams_markdown("[https://a.example](https://a.example)") == "https://a.example"
    broken = teams_markdown("[klikk](javascript:alert 1)")
    assert "](" not in broken


def test_at_tags_are_removed_so_nothing_looks_like_a_mention() -> None:
    assert teams_markdown("Hei <at>Alle</at> og <AT id='0'>Kari</AT>") == "Hei Alle og Kari"


def test_more_buttons_than_teams_shows_go_into_action_set_rows() -> None:
    buttons = tuple(
        Button(f"Tema {i}", "answer.related", f"slug-{i}") for i in range(MAX_CARD_ACTIONS + 2)
    )
    card = adaptive_card(Reply("Velg et tema", buttons=buttons))
    assert "actions" not in card
    rows = [b for b in card["body"] if b["type"] == "ActionSet"]
    assert [len(r["actions"]) for r in rows] == [5, 3]
    assert [a["data"]["value"] for r in rows for a in r["actions"]] == [
        f"slug-{i}" for i in range(8)
    ]


def test_code_fences_become_monospace_lines_without_the_fences() -> None:
    card = adaptive_card(Reply("Eksport:\n```\n# Oppstart\n- [x] Steg 1\n```"))
    blocks = [b for b in card["body"] if b["type"] == "TextBlock"]
    assert [b["text"] for b in blocks] == ["Eksport:", "# Oppstart", "- [x] Steg 1"]
    assert [b.get("fontType") for b in blocks] == [None, "Monospace", "Monospace"]


def test_very_long_text_is_shortened_and_empty_text_still_makes_a_valid_card() -> None:
    card = adaptive_card(Reply("ærlig " * 20000))
    assert sum(len(t) for t in _texts(card)) <= MAX_TEXT_CHARS
    assert len(json.dumps(card, ensure_ascii=False).encode()) < 28 * 1024
    assert _texts(card)[-1].endswith("…")
    assert _texts(adaptive_card(Reply(""))) == ["…"]


def test_notes_are_added_as_subtle_text() -> None:
    card = adaptive_card(Reply("Svar"), notes=("Filen a.ics kan bare sendes i personlig chat.",))
    assert card["body"][-1]["isSubtle"] is True and "a.ics" in card["body"][-1]["text"]


def test_button_labels_are_plain_and_bounded() -> None:
    card = adaptive_card(
        Reply("x", buttons=(Button("*Fet* <at>Alle</at> " + "y" * 200, "answer.related", "s"),))
    )
    title = card["actions"][0]["title"]
    assert "*" not in title and "<at>" not in title and len(title) <= 80


def test_summary_is_the_first_line_in_plain_text() -> None:
    assert summary(Reply("*Markedsdialog*\n\nMer tekst")) == "Markedsdialog"
    assert summary(Reply("Se [dette](https://x.example) nå")) == "Se dette nå"
