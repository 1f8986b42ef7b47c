import json
import threading
import time

import pytest

from app.extensions import db
from app.models import Cafe
from app.services import idea_list, ideas, moderation, reads, rounds, snapshots, votes


@pytest.fixture
def posted(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    group = [make_participant(cafe, f"P{i}") for i in range(4)]
    rounds.start_round(cafe)
    made = [ideas.post_idea(p, {"client_id": f"listing-{n}", "text": f"Idee {n}"})[0]
            for n, p in enumerate(group)]
    return cafe, group, made


def listed(cafe) -> list[dict]:
    return json.loads(idea_list.visible_list(cafe).body)["ideas"]


def test_the_list_is_the_visible_ideas_as_the_screen_sees_them(posted):
    cafe, group, made = posted
    moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": True})
    moderation.merge(cafe, {"idea_id": made[1].id, "merge_ids": [made[2].id]})
    expected = [snapshots.idea_dict(i) for i in reads.visible_ideas(cafe)]
    assert listed(cafe) == expected
    assert [i["id"] for i in expected] == [made[1].id, made[3].id]
    body = idea_list.visible_list(cafe).body.decode()
    assert not any(p.name in body for p in group)
    assert "author" not in body and "hidden" not in body


def test_the_gzipped_body_is_the_same_list(posted):
    import gzip

    listing = idea_list.visible_list(posted[0])
    assert gzip.decompress(listing.gzipped) == listing.body
    assert listing.gzip_etag != listing.etag


def etag_after(cafe, change) -> tuple[str, str]:
    before = idea_list.visible_list(cafe).etag
    change()
    return before, idea_list.visible_list(cafe).etag


@pytest.mark.parametrize("change", [
    "post", "hide", "unhide", "edit", "author_edit", "merge", "pin", "withdraw",
    "table_renumbered",
])
def test_every_change_of_the_visible_list_makes_a_new_etag(posted, change):
    cafe, group, made = posted
    if change == "unhide":
        moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": True})
    actions = {
        "post": lambda: ideas.post_idea(group[0], {"client_id": "listing-new", "text": "Neu"}),
        "hide": lambda: moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": True}),
        "unhide": lambda: moderation.set_hidden(cafe, {"idea_id": made[0].id,
                                                       "hidden": False}),
        "edit": lambda: moderation.edit_text(cafe, {"idea_id": made[1].id, "text": "Idee 9"}),
        "author_edit": lambda: ideas.edit_idea(group[1], {"client_id": "listing-1",
                                                          "text": "Idee 8"}),
        "merge": lambda: moderation.merge(cafe, {"idea_id": made[0].id,
                                                 "merge_ids": [made[1].id]}),
        "pin": lambda: moderation.set_pinned(cafe, {"idea_id": made[2].id, "pinned": True}),
        "withdraw": lambda: ideas.withdraw_idea(group[3], {"client_id": "listing-3"}),
        "table_renumbered": lambda: renumber_tables(cafe),
    }
    before, after = etag_after(cafe, actions[change])
    assert before != after
    assert listed(cafe) == [snapshots.idea_dict(i) for i in reads.visible_ideas(cafe)]


def renumber_tables(cafe) -> None:
    # Seating changes elsewhere never renumber tables in a round; this stands for any
    # change to the joined table number the list shows.
    for table in cafe.tables:
        table.number += 10
    db.session.commit()


def test_changes_outside_the_visible_list_keep_the_etag(posted, make_participant):
    cafe, group, made = posted
    moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": True})

    def unrelated():
        make_participant(cafe, "Spät")
        moderation.edit_text(cafe, {"idea_id": made[0].id, "text": "Versteckt, korrigiert"})
        rounds.end_round(cafe)
        votes.open_voting(cafe, {})
        votes.set_vote(group[1], {"idea_id": made[1].id, "dots": 1})

    before, after = etag_after(cafe, unrelated)
    assert before == after


def test_a_list_is_built_once_per_version(posted, monkeypatch):
    cafe, group, _ = posted
    builds = count_builds(monkeypatch)
    for _ in range(5):
        idea_list.visible_list(cafe)
    assert len(builds) == 1
    ideas.post_idea(group[0], {"client_id": "listing-more", "text": "Noch eine"})
    idea_list.visible_list(cafe)
    idea_list.visible_list(cafe)
    assert len(builds) == 2


def count_builds(monkeypatch, delay: float = 0) -> list[int]:
    builds: list[int] = []
    original = idea_list.build

    def counted(cafe):
        builds.append(cafe.id)
        time.sleep(delay)  # long enough for every other request to find the build under way
        return original(cafe)

    monkeypatch.setattr(idea_list, "build", counted)
    return builds


def crowd_asks(app, cafe_id: int, phones: int) -> list[str]:
    """`phones` requests for the list at the same moment, each in its own thread and
    session, as a hall asks when voting opens; the ETags they got."""
    start = threading.Barrier(phones)
    etags: list[str] = []

    def phone():
        with app.app_context():
            start.wait()
            etags.append(idea_list.visible_list(db.session.get(Cafe, cafe_id)).etag)
            db.session.remove()

    threads = [threading.Thread(target=phone) for _ in range(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return etags


def test_concurrent_cold_requests_build_once(app, posted, monkeypatch):
    cafe_id = posted[0].id
    builds = count_builds(monkeypatch, delay=0.3)
    etags = crowd_asks(app, cafe_id, phones=12)
    assert len(etags) == 12 and len(set(etags)) == 1
    assert builds == [cafe_id]


def test_a_body_built_while_the_list_changed_is_not_kept(posted, monkeypatch):
    cafe, _, made = posted
    original = idea_list.build

    def racing(cafe):
        # The moderator hides an idea after the version was read, before the list is.
        moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": True})
        monkeypatch.setattr(idea_list, "build", original)
        return original(cafe)

    monkeypatch.setattr(idea_list, "build", racing)
    assert "Idee 0" not in idea_list.visible_list(cafe).body.decode()
    # Shown again: the version is the one read first, but the list kept must not be the
    # one built in between.
    moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": False})
    assert "Idee 0" in idea_list.visible_list(cafe).body.decode()


def test_requests_arriving_during_a_version_query_share_the_next(app, posted, monkeypatch):
    cafe_id = posted[0].id
    queries: list[int] = []
    original = idea_list.fingerprint

    def slow(cafe):
        queries.append(cafe.id)
        time.sleep(0.2)  # every other request arrives while this one runs
        return original(cafe)

    monkeypatch.setattr(idea_list, "fingerprint", slow)
    etags = crowd_asks(app, cafe_id, phones=12)
    assert len(etags) == 12 and len(set(etags)) == 1
    # At most: the first query, the one all latecomers share, the check after the build.
    assert len(queries) <= 3


def test_a_change_by_another_process_shows_within_the_fingerprint_time(posted, monkeypatch):
    from sqlalchemy import update

    from app.models import Idea

    cafe, _, made = posted
    monkeypatch.setattr(idea_list, "FINGERPRINT_SECONDS", 0.3)
    before = idea_list.visible_list(cafe).etag
    # Another server process hides an idea: this process's session sees no flush of it.
    with db.engine.begin() as connection:
        connection.execute(update(Idea).where(Idea.id == made[0].id).values(hidden=True))
    assert idea_list.visible_list(cafe).etag == before
    time.sleep(0.35)
    assert "Idee 0" not in idea_list.visible_list(cafe).body.decode()
