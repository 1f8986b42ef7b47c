"""Bridging ideas in the café: read from its dots and people, on the screen once voting has
closed, and in the report."""

import pytest

from app.extensions import db
from app.models import Theme
from app.services import bridges, ideas, rounds, snapshots, votes
from app.services.exports import html_report
from app.services.exports.report import build_report
from tests.services.test_exports_formats import parse


@pytest.fixture
def voted(make_cafe, make_participant):
    """Three people of the administration, three of civil society and one without a role;
    "shared" gets a dot from two of each group, "office" from the administration only."""
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    group = ([make_participant(cafe, organisation=f"Amt {n}", role="Verwaltung")
              for n in range(3)]
             + [make_participant(cafe, organisation="Verein", role="Zivilgesellschaft")
                for _ in range(3)]
             + [make_participant(cafe)])
    rounds.start_round(cafe)
    posted = {text: ideas.post_idea(group[n], {"client_id": f"bridge-{n}", "text": text})[0]
              for n, text in enumerate(["Gemeinsamer Treffpunkt", "Neue Formulare",
                                        "Irgendwas"])}
    rounds.end_round(cafe)
    votes.open_voting(cafe, {"dots_per_person": 3, "max_dots_per_idea": 2})
    for person in (0, 1, 3, 4):
        votes.set_vote(group[person], {"idea_id": posted["Gemeinsamer Treffpunkt"].id,
                                       "dots": 1})
    for person in (0, 1, 2):
        votes.set_vote(group[person], {"idea_id": posted["Neue Formulare"].id, "dots": 2})
    votes.set_vote(group[5], {"idea_id": posted["Irgendwas"].id, "dots": 1})
    votes.set_vote(group[6], {"idea_id": posted["Gemeinsamer Treffpunkt"].id, "dots": 2})
    return cafe, group, posted


def test_the_bridging_idea_is_the_one_both_groups_back(voted):
    cafe, _, posted = voted
    (item,) = bridges.bridging_items(cafe)
    assert item == {
        "kind": "idea", "id": posted["Gemeinsamer Treffpunkt"].id,
        "pillar_id": posted["Gemeinsamer Treffpunkt"].pillar_id,
        "text": "Gemeinsamer Treffpunkt", "supporters": 5, "dots": 6, "organisations": 3,
        "roles": [{"role": "Verwaltung", "voters": 3, "supporters": 2, "percent": 67},
                  {"role": "Zivilgesellschaft", "voters": 3, "supporters": 2, "percent": 67}]}


def test_the_screen_gets_bridging_ideas_only_once_voting_has_closed(voted):
    cafe, _, posted = voted
    assert snapshots.screen_state(cafe)["bridging"] == []
    votes.close_voting(cafe)
    assert [i["id"] for i in snapshots.screen_state(cafe)["bridging"]] == [
        posted["Gemeinsamer Treffpunkt"].id]
    # A hidden idea is bridging no more.
    posted["Gemeinsamer Treffpunkt"].hidden = True
    db.session.commit()
    assert snapshots.screen_state(cafe)["bridging"] == []


def test_the_report_names_the_bridging_ideas_and_the_rule(voted):
    cafe, _, _ = voted
    report = build_report(cafe)
    assert [(b.text, b.supporters) for b in report.bridging] == [("Gemeinsamer Treffpunkt", 5)]
    text = parse(html_report.report_html(cafe)).parts
    at = text.index("Brückenideen")
    assert text[at + 1].startswith("Ideen, hinter denen alle Rollen gleichermaßen stehen")
    assert text[at + 2] == "Gemeinsamer Treffpunkt"
    assert ("Verwaltung: 2 von 3 (67 %) · Zivilgesellschaft: 2 von 3 (67 %) · 5 Personen aus "
            "3 Organisationen") in text


def test_voting_on_themes_bridges_themes(voted, make_participant):
    cafe, group, posted = voted
    votes.close_voting(cafe)
    cafe.vote_on = "themes"
    idea = posted["Neue Formulare"]
    theme = Theme(cafe_id=cafe.id, pillar_id=idea.pillar_id, key="m:1", name="Verwaltung",
                  keywords=[])
    db.session.add(theme)
    db.session.flush()
    idea.theme_id = theme.id
    db.session.commit()
    votes.open_voting(cafe, {})
    for person in range(6):
        votes.set_theme_vote(group[person], {"theme_id": theme.id, "dots": 1})
    votes.close_voting(cafe)
    (item,) = snapshots.screen_state(cafe)["bridging"]
    assert (item["kind"], item["text"], item["supporters"]) == ("theme", "Verwaltung", 6)
    report = build_report(cafe)
    assert report.on_themes and [b.text for b in report.bridging] == ["Verwaltung"]


def test_too_few_voters_per_role_says_so_in_the_report(make_cafe, make_participant):
    cafe = make_cafe(tables=1, seats_per_table=4, rounds=1)
    person = make_participant(cafe, role="Verwaltung")
    rounds.start_round(cafe)
    idea = ideas.post_idea(person, {"client_id": "lonely-1", "text": "Allein"})[0]
    rounds.end_round(cafe)
    votes.open_voting(cafe, {})
    votes.set_vote(person, {"idea_id": idea.id, "dots": 1})
    report = build_report(cafe)
    assert report.bridging == [] and report.role_groups == 0
    assert "Zu wenige Abstimmende je Rolle" in html_report.report_html(cafe)
