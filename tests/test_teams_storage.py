"""Conversation references and account ids: what the Teams sender reads to write proactively."""

from __future__ import annotations

from datetime import timedelta

from handlers.clock import ManualClock
from storage.conversations import ConversationRef, ConversationStore
from storage.db import Database


def _ref(
    conversation: str,
    *,
    kind: str = "channel",
    user: str | None = None,
    workspace: str = "tenant-1",
    url: str = "http://127.0.0.1:1/",
) -> ConversationRef:
    return ConversationRef(
        platform="teams",
        conversation=conversation,
        workspace=workspace,
        kind=kind,
        service_url=url,
        reference={"conversation": {"id": conversation}, "serviceUrl": url},
        user=user,
    )


async def test_saved_reference_is_read_back_with_its_json(db: Database, clock: ManualClock) -> None:
    store = ConversationStore(db)
    await store.save(_ref("19:abc@thread.tacv2"), clock.now())
    got = await store.get("teams", "19:abc@thread.tacv2")
    assert got is not None
    assert got.reference == {
        "conversation": {"id": "19:abc@thread.tacv2"},
        "serviceUrl": "http://127.0.0.1:1/",
    }
    assert got.kind == "channel" and got.active and got.updated_at == clock.now()
    assert await store.get("teams", "19:other@thread.tacv2") is None
    assert await store.get("slack", "19:abc@thread.tacv2") is None


async def test_saving_again_refreshes_the_reference_instead_of_duplicating(
    db: Database, clock: ManualClock
) -> None:
    store = ConversationStore(db)
    await store.save(_ref("19:abc", url="http://old/"), clock.now())
    clock.advance(timedelta(hours=1))
    await store.save(_ref("19:abc", url="http://new/"), clock.now())
    got = await store.get("teams", "19:abc")
    assert got is not None and got.service_url == "http://new/" and got.updated_at == clock.now()


async def test_personal_conversation_is_found_by_user_and_the_newest_wins(
    db: Database, clock: ManualClock
) -> None:
    store = ConversationStore(db)
    await store.save(_ref("a:old", kind="personal", user="aad-kari"), clock.now())
    clock.advance(timedelta(minutes=5))
    await store.save(_ref("a:new", kind="personal", user="aad-kari"), clock.now())
    await store.save(_ref("19:channel", user=None), clock.now())
    got = await store.personal("teams", "tenant-1", "aad-kari")
    assert got is not None and got.conversation == "a:new" and got.is_personal
    assert await store.personal("teams", "tenant-1", "aad-ola") is None
    assert await store.personal("teams", "tenant-2", "aad-kari") is None


async def test_deactivated_conversation_is_not_offered_until_heard_from_again(
    db: Database, clock: ManualClock
) -> None:
    store = ConversationStore(db)
    await store.save(_ref("a:chat", kind="personal", user="aad-kari"), clock.now())
    await store.deactivate("teams", "a:chat", clock.now())
    assert await store.personal("teams", "tenant-1", "aad-kari") is None
    assert await store.any_in_workspace("teams", "tenant-1") is None
    got = await store.get("teams", "a:chat")
    assert got is not None and not got.active
    await store.save(_ref("a:chat", kind="personal", user="aad-kari"), clock.now())
    assert await store.personal("teams", "tenant-1", "aad-kari") is not None


async def test_any_in_workspace_returns_the_most_recent_conversation_of_that_tenant(
    db: Database, clock: ManualClock
) -> None:
    store = ConversationStore(db)
    await store.save(_ref("19:first"), clock.now())
    clock.advance(timedelta(seconds=1))
    await store.save(_ref("19:second"), clock.now())
    await store.save(_ref("19:elsewhere", workspace="tenant-2"), clock.now() + timedelta(days=1))
    got = await store.any_in_workspace("teams", "tenant-1")
    assert got is not None and got.conversation == "19:second"


async def test_account_ids_are_upserted_per_user(db: Database, clock: ManualClock) -> None:
    store = ConversationStore(db)
    assert await store.account("teams", "tenant-1", "aad-kari") is None
    await store.save_account("teams", "tenant-1", "aad-kari", "29:old", clock.now())
    await store.save_account("teams", "tenant-1", "aad-kari", "29:new", clock.now())
    assert await store.account("teams", "tenant-1", "aad-kari") == "29:new"
    assert await store.account("teams", "tenant-2", "aad-kari") is None


async def test_long_teams_conversation_ids_fit(db: Database, clock: ManualClock) -> None:
    store = ConversationStore(db)
    long_id = "a:1" + "x" * 300
    await store.save(_ref(long_id, kind="personal", user="aad-" + "y" * 200), clock.now())
    assert await store.get("teams", long_id) is not None


async def test_display_names_are_kept_and_looked_up_for_several_users(
    db: Database, clock: ManualClock
) -> None:
    store = ConversationStore(db)
    await store.save_account(
        "teams", "tenant-1", "aad-kari", "29:kari", clock.now(), name="Kari Nordmann"
    )
    await store.save_account(
        "teams", "tenant-1", "aad-kari", "29:kari", clock.now()
    )  # a nameless update keeps it
    await store.save_account("teams", "tenant-1", "aad-ola", "29:ola", clock.now())
    names = await store.names("teams", "tenant-1", {"aad-kari", "aad-ola", "aad-unknown"})
    assert names == {"aad-kari": "Kari Nordmann"}
    assert await store.names("teams", "tenant-2", {"aad-kari"}) == {}
    assert await store.names("teams", "tenant-1", set()) == {}
