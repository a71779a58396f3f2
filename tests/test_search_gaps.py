"""`lupbot kb gaps` grouping: many phrasings of one missing topic become one line with a count."""

from __future__ import annotations

from knowledge.gaps import group_questions


def test_phrasings_of_one_missing_topic_form_one_group() -> None:
    asked = [
        "hvordan søker jeg om foreldrepermisjon",
        "Foreldrepermisjon søknad?",
        "hvordan søke foreldrepermisjon",
        "permisjon for foreldre – hvordan søke",
        "foreldrepermisjn søke",  # typo
        "how do I reset my password",
        "reset password",
        "password reset help please",
    ]
    groups = group_questions(asked)
    assert [g.count for g in groups] == [5, 3]
    assert groups[0].representative in asked[:5]
    assert set(groups[0].examples) <= set(asked[:5])
    assert len(groups[0].examples) == 3


def test_unrelated_questions_stay_apart() -> None:
    groups = group_questions(
        ["hvem vant fotballkampen", "oppskrift på lasagne", "hva koster en bil"]
    )
    assert sorted(g.count for g in groups) == [1, 1, 1]


def test_the_most_frequent_phrasing_represents_its_group() -> None:
    asked = ["glemt passord", "jeg har glemt passordet", "glemt passord", "glemt passord!"]
    [group] = group_questions(asked)
    assert group.count == 4
    assert group.representative == "glemt passord"
    assert group.examples == ("glemt passord", "jeg har glemt passordet", "glemt passord!")


def test_filler_only_and_empty_questions_do_not_merge_with_topics() -> None:
    groups = group_questions(["hei", "Hei!", "", "   ", "🙂", "glemt passord"])
    counts = {g.representative: g.count for g in groups}
    assert counts["hei"] == 2
    assert counts["glemt passord"] == 1
    assert "" not in counts and "   " not in counts


def test_no_questions_give_no_groups() -> None:
    assert group_questions([]) == []
