import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Vote
from app.services import ideas, moderation, reads, rounds, snapshots, votes
from app.services.errors import ServiceError


@pytest.fixture
def posted(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    group = [make_participant(cafe, f"P{i}") for i in range(4)]
    rounds.start_round(cafe)
    made = [ideas.post_idea(p, {"client_id": f"mod-idea-{n}", "text": f"Idee {n}"})[0]
            for n, p in enumerate(group)]
    return cafe, group, made


def screen_texts(cafe):
    return sorted(i["text"] for i in snapshots.screen_state(cafe)["ideas"])


def test_hidden_idea_leaves_screen_and_comes_back(posted, published):
    cafe, _, made = posted
    moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": True})
    assert "Idee 0" not in screen_texts(cafe)
    assert published.events("idea:removed")[-1] == {"id": made[0].id}
    moderator_view = snapshots.moderator_state(cafe)["ideas"]
    assert next(i for i in moderator_view if i["id"] == made[0].id)["hidden"] is True
    moderation.set_hidden(cafe, {"idea_id": made[0].id, "hidden": False})
    assert "Idee 0" in screen_texts(cafe)


def test_edit_keeps_the_original(posted):
    cafe, _, made = posted
    moderation.edit_text(cafe, {"idea_id": made[1].id, "text": "Idee eins, korrigiert"})
    moderation.edit_text(cafe, {"idea_id": made[1].id, "text": "Idee eins, nochmal"})
    assert made[1].text == "Idee eins, nochmal"
    assert made[1].original_text == "Idee 1"


def test_pin_shows_on_the_screen(posted, published):
    cafe, _, made = posted
    moderation.set_pinned(cafe, {"idea_id": made[2].id, "pinned": True})
    screen_copy = next(d for ns, _r, e, d in published.sent
                       if e == "idea:update" and ns == "/screen")
    assert screen_copy["pinned"] is True


def test_merge_keeps_votes_and_authors(posted):
    cafe, group, made = posted
    rounds.end_round(cafe)
    votes.open_voting(cafe, {"dots_per_person": 5, "max_dots_per_idea": 3})
    votes.set_vote(group[0], {"idea_id": made[1].id, "dots": 2})
    votes.set_vote(group[0], {"idea_id": made[2].id, "dots": 1})
    votes.set_vote(group[1], {"idea_id": made[2].id, "dots": 3})
    kept = moderation.merge(cafe, {"idea_id": made[1].id, "merge_ids": [made[2].id]})
    assert reads.vote_totals(cafe) == {kept.id: 6}
    assert db.session.scalar(select(Vote.dots).where(Vote.participant_id == group[0].id)) == 3
    assert made[2].merged_into_id == kept.id
    assert screen_texts(cafe) == ["Idee 0", "Idee 1", "Idee 3"]
    authors = {i["author"] for i in snapshots.moderator_state(cafe)["ideas"]
               if i["id"] == kept.id or i["merged_into"] == kept.id}
    assert authors == {"P1", "P2"}


def test_merge_refuses_itself_and_foreign_ideas(posted, make_cafe, make_participant):
    cafe, _, made = posted
    with pytest.raises(ServiceError) as caught:
        moderation.merge(cafe, {"idea_id": made[0].id, "merge_ids": [made[0].id]})
    assert caught.value.code == "cannot_merge"
    other = make_cafe(rounds=1)
    stranger = make_participant(other)
    rounds.start_round(other)
    foreign, _ = ideas.post_idea(stranger, {"client_id": "foreign-1", "text": "fremd"})
    with pytest.raises(ServiceError) as caught:
        moderation.set_hidden(cafe, {"idea_id": foreign.id, "hidden": True})
    assert caught.value.details["field"] == "idea_id"
    assert foreign.hidden is False


@pytest.mark.parametrize("payload", [{"hidden": "yes"}, {"hidden": None}, {}])
def test_flags_must_be_booleans(posted, payload):
    cafe, _, made = posted
    with pytest.raises(ServiceError) as caught:
        moderation.set_hidden(cafe, {"idea_id": made[0].id, **payload})
    assert caught.value.details["field"] == "hidden"


def test_a_hidden_word_leaves_every_cloud_with_all_its_forms(make_cafe, make_participant,
                                                              published):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    person = make_participant(cafe, "Wortreich")
    rounds.start_round(cafe)
    for n, text in enumerate(["echten Austausch", "echtem Austausch", "Kaffee"]):
        ideas.post_idea(person, {"client_id": f"word-idea-{n}", "text": text})
    pillar_id = cafe.pillars[0].id

    hidden = moderation.set_word_hidden(cafe, {"word": "Echten", "hidden": True})

    assert hidden == ["echten"]
    assert snapshots.screen_state(cafe)["words"][pillar_id] == [("Austausch", 2), ("Kaffee", 1)]
    assert snapshots.moderator_state(cafe)["hidden_words"] == ["echten"]
    assert published.events("hidden_words")[-1] == {"words": ["echten"]}
    sent = [d for d in published.events("words") if d["pillar_id"] == pillar_id]
    assert sent[-1]["words"] == [("Austausch", 2), ("Kaffee", 1)]


def test_showing_any_form_again_brings_the_word_back(make_cafe):
    cafe = make_cafe()
    moderation.set_word_hidden(cafe, {"word": "echten", "hidden": True})
    moderation.set_word_hidden(cafe, {"word": "kaffee", "hidden": True})
    assert moderation.set_word_hidden(cafe, {"word": "echtem", "hidden": True}) == [
        "echtem", "kaffee"]
    assert moderation.set_word_hidden(cafe, {"word": "Echte", "hidden": False}) == ["kaffee"]


@pytest.mark.parametrize("payload", [
    {"word": "zwei Wörter", "hidden": True},
    {"word": "2024", "hidden": True},
    {"word": "", "hidden": True},
    {"word": "Kaffee", "hidden": "ja"},
])
def test_hiding_needs_one_word_and_a_yes_or_no(make_cafe, payload):
    cafe = make_cafe()
    with pytest.raises(ServiceError) as raised:
        moderation.set_word_hidden(cafe, payload)
    assert raised.value.code == "invalid_input"
    assert cafe.hidden_words == []
