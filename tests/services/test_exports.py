"""Exports read back with the library that reads each format: CSV, JSON, the shared records.

`build_cafe` makes the café every export test reads: German ideas with umlauts, ß, emoji,
quotes, line breaks and formula starts, two rounds, a host's summary, merged, hidden and
withdrawn ideas, and dots.
"""

import csv
import io
from dataclasses import dataclass

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.models import Cafe, Idea, MergeSuggestion, Participant, Theme, ThemeVote
from app.services import cafes, ideas, moderation, people, rounds, setup, summaries, votes
from app.services.exports import common, csv_export, json_export, wording
from app.services.exports.report import build_report
from tests.support.phones import phone_token

PEOPLE = [
    # name, organisation, role
    ("Jürgen Groß", "Stadt Köln", "Verwaltung"),
    ("=cmd|calc", "@Verein Miteinander", "Zivilgesellschaft"),
    ("Ayşe Öztürk", "Stadt Köln", "Fachleute"),
    ("Zoë Müller", "", ""),
]
NAMES = [name for name, _org, _role in PEOPLE]
ORGANISATIONS = ["Stadt Köln", "@Verein Miteinander"]
FORMULAS = ['=HYPERLINK("http://evil")', "+49 Telefonkette", "-Minus vor dem Text",
            "@mention im Text"]
SUMMARY = "Wir haben über Begegnung gesprochen.\nZweite Zeile – „Zitat“ & <b>fett</b>"


@dataclass
class ExportCafe:
    cafe: Cafe
    people: list[Participant]
    ideas: dict[str, Idea]


def build_cafe(make_cafe, make_participant, *, anonymous=False, finish=True) -> ExportCafe:
    cafe = make_cafe(title="Netzwerktreffen „Vielfalt“ 2026", place="Rathaus Achern",
                     tables=2, seats_per_table=4, rounds=2, anonymous=anonymous,
                     round_minutes=[25, 15], transition_minutes=[4],
                     planned_start="2026-06-12T14:00:00+02:00")
    group = [make_participant(cafe, name, organisation=org, role=role)
             for name, org, role in PEOPLE]
    people.set_host(cafe, {"participant_id": group[0].id, "table_id": cafe.tables[0].id})
    made: dict[str, Idea] = {}

    def post(key: str, who: int, text: str) -> None:
        made[key] = ideas.post_idea(group[who], {"client_id": f"export-{key}", "text": text})[0]

    rounds.start_round(cafe)
    post("fest", 0, "Begegnungsräume für Jung & Alt – „Straßenfest“ 🎉")
    post("quote", 1, 'Sie sagte: "Gleichberechtigt!"\nZweite Zeile')
    for n, text in enumerate(FORMULAS):
        post(f"formula{n}", (n + 2) % 4, text)
    post("bench", 3, "Mehr Sitzbänke im Park")
    post("bench2", 0, "Mehr Sitzbänke im Park!")
    post("bench3", 1, "Sitzbänke im Park")
    post("hidden", 2, "Unpassender Beitrag, ausgeblendet")
    post("gone", 3, "Zurückgezogener Gedanke")
    post("markup", 0, "<script>alert(1)</script> & **fett** | [Link](http://x)")
    ideas.withdraw_idea(group[3], {"client_id": "export-gone"})
    summaries.save_summary(group[0], {"text": SUMMARY})
    rounds.end_round(cafe)
    rounds.start_round(cafe)
    post("round2", 1, "Runde zwei: Sprachcafé im Rathaus")
    rounds.end_round(cafe)
    moderation.merge(cafe, {"idea_id": made["bench"].id,
                            "merge_ids": [made["bench2"].id, made["bench3"].id]})
    moderation.set_hidden(cafe, {"idea_id": made["hidden"].id, "hidden": True})
    votes.open_voting(cafe, {"dots_per_person": 5, "max_dots_per_idea": 3})
    for who, key, dots in [(0, "round2", 3), (1, "bench", 3), (2, "bench", 2),
                           (3, "formula1", 1), (2, "quote", 2), (3, "fest", 3)]:
        votes.set_vote(group[who], {"idea_id": made[key].id, "dots": dots})
    if finish:
        rounds.finish(cafe)
    return ExportCafe(cafe, group, made)


def add_themes(built: ExportCafe) -> dict[str, Theme]:
    """The harvest's themes in the bench's pillar, as the grouping and the moderator leave
    them: a grouping theme with the benches and a moderator's locked, renamed theme holding
    one pinned idea; the rest of the pillar in no theme. A rejected merge pair, and (as if
    the café voted on themes) dots on both themes."""
    cafe, made = built.cafe, built.ideas
    pillar_id = made["bench"].pillar_id
    shown = [idea for idea in made.values() if idea.pillar_id == pillar_id and idea.visible]
    assert made["bench"] in shown and len(shown) >= 3
    others = [idea for idea in shown if idea is not made["bench"]]
    benches = Theme(cafe_id=cafe.id, pillar_id=pillar_id, key=f"auto:{made['bench'].id}",
                    name="Sitzbänke im Park", keywords=["sitzbänke", "park"])
    picked = Theme(cafe_id=cafe.id, pillar_id=pillar_id, key="m:1", name="Eigenes „Thema“",
                   keywords=[], renamed=True, locked=True)
    db.session.add_all([benches, picked])
    db.session.flush()
    made["bench"].theme_id = benches.id
    others[0].theme_id, others[0].theme_pinned = picked.id, True
    first, second = sorted((made["bench"].id, others[1].id))
    db.session.add(MergeSuggestion(cafe_id=cafe.id, first_id=first, second_id=second,
                                   rejected=True))
    db.session.add_all([
        ThemeVote(cafe_id=cafe.id, participant_id=built.people[0].id, theme_id=benches.id,
                  dots=2),
        ThemeVote(cafe_id=cafe.id, participant_id=built.people[1].id, theme_id=picked.id,
                  dots=1),
    ])
    db.session.commit()
    return {"benches": benches, "picked": picked, "unthemed": others[1]}


@pytest.fixture
def export_cafe(make_cafe, make_participant) -> ExportCafe:
    return build_cafe(make_cafe, make_participant)


def read_csv(body: str) -> list[list[str]]:
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_records_count_votes_duplicates_and_leave_withdrawn_ideas_out(export_cafe):
    made = export_cafe.ideas
    records = {r.id: r for r in common.load_ideas(export_cafe.cafe, anonymous=False)}
    assert made["gone"].id not in records
    bench = records[made["bench"].id]
    assert (bench.votes, bench.copies, bench.status) == (5, 3, "shown")
    assert records[made["bench2"].id].status == "merged"
    assert records[made["bench2"].id].merged_into == bench.ref
    assert records[made["hidden"].id].status == "hidden"
    assert [r.ref for r in records.values()] == list(range(1, len(records) + 1))


def test_csv_has_every_idea_with_umlauts_status_and_neutralised_formulas(export_cafe):
    made = export_cafe.ideas
    rows = read_csv(csv_export.ideas_csv(export_cafe.cafe))
    header, body = rows[0], rows[1:]
    assert header == ["Säule", "Frage", "Tisch", "Runde", "Zeit", "Verfasst von", "Idee", "Status",
                      "Thema"]
    by_text = {row[6]: row for row in body}
    assert len(body) == len(made) - 1  # the withdrawn idea is left out
    assert "Zurückgezogener Gedanke" not in by_text
    assert by_text["Begegnungsräume für Jung & Alt – „Straßenfest“ 🎉"][5] == "Jürgen Groß"
    assert by_text['Sie sagte: "Gleichberechtigt!"\nZweite Zeile'][5] == "'=cmd|calc"
    for text in FORMULAS:
        assert "'" + text in by_text, text
    assert by_text["Mehr Sitzbänke im Park!"][7] == "zusammengeführt"
    assert by_text["Unpassender Beitrag, ausgeblendet"][7] == "ausgeblendet"
    assert by_text["Mehr Sitzbänke im Park"][7] == "sichtbar"
    assert {row[3] for row in body} == {"1", "2"}
    pillars = {p.title for p in export_cafe.cafe.pillars}
    assert {row[0] for row in body} <= pillars


def test_csv_names_each_shown_ideas_theme(export_cafe):
    made = add_themes(export_cafe)
    hidden = export_cafe.ideas["hidden"]
    hidden.theme_id = made["benches"].id  # a hidden idea is in no theme, wherever it was
    db.session.commit()
    body = read_csv(csv_export.ideas_csv(export_cafe.cafe))[1:]
    theme = {row[6]: row[8] for row in body}
    assert theme["Mehr Sitzbänke im Park"] == "Sitzbänke im Park"
    assert list(theme.values()).count("Eigenes „Thema“") == 1
    assert theme[common.neutralise(made["unthemed"].text)] == "" and theme[hidden.text] == ""


def test_report_model_groups_a_pillars_ideas_by_theme_most_dots_first(export_cafe):
    made = add_themes(export_cafe)
    report = build_report(export_cafe.cafe)
    pillar = next(p for p in report.pillars if p.themes)
    benches, picked = pillar.themes
    assert (benches.name, benches.keywords, benches.votes, [i.text for i in benches.ideas]) == (
        "Sitzbänke im Park", ["sitzbänke", "park"], 5, ["Mehr Sitzbänke im Park"])
    assert (picked.name, len(picked.ideas)) == ("Eigenes „Thema“", 1)
    assert picked.votes == picked.ideas[0].votes  # an idea's dots count for its theme
    themed = {i.text for t in pillar.themes for i in t.ideas}
    assert {i.text for i in pillar.unthemed} == {i.text for i in pillar.ideas} - themed
    assert made["unthemed"].text in {i.text for i in pillar.unthemed}
    # Voting on themes: the dots are the themes' own, for the pillar and the whole report.
    export_cafe.cafe.vote_on = "themes"
    db.session.commit()
    report = build_report(export_cafe.cafe)
    pillar = next(p for p in report.pillars if p.themes)
    assert [(t.name, t.votes) for t in pillar.themes] == [("Sitzbänke im Park", 2),
                                                         ("Eigenes „Thema“", 1)]
    assert (report.dots, report.voters, pillar.votes) == (3, 2, 3)


def test_csv_streams_in_pieces_and_bytes_decode_as_utf8_with_bom(export_cafe):
    pieces = list(csv_export.csv_chunks(export_cafe.cafe))
    assert len(pieces) >= 2  # the header goes out before the first batch of rows
    raw = "".join(pieces).encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Straßenfest".encode() in raw


def test_neutralise_covers_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert common.neutralise(start + "1+1") == "'" + start + "1+1"
    assert common.neutralise("Jürgen = Gast") == "Jürgen = Gast"
    assert common.neutralise(42) == 42


def test_anonymous_csv_names_nobody(export_cafe):
    body = csv_export.ideas_csv(export_cafe.cafe, anonymous=True)
    rows = read_csv(body)
    assert {row[5] for row in rows[1:]} == {"anonym"}
    for name in NAMES:
        assert name not in body


def test_anonymous_cafe_exports_no_names_even_when_not_asked(make_cafe, make_participant):
    built = build_cafe(make_cafe, make_participant, anonymous=True)
    body = csv_export.ideas_csv(built.cafe)
    data = json_export.json_text(built.cafe)
    for name in NAMES:
        assert name not in body and name not in data
    assert {i["author"] for i in json_export.cafe_json(built.cafe)["ideas"]} == {None}


def test_json_holds_the_whole_cafe(export_cafe):
    cafe, made = export_cafe.cafe, export_cafe.ideas
    data = json_export.cafe_json(cafe)
    assert data["schema_version"] == 3
    assert data["anonymous_export"] is False
    assert data["cafe"]["code"] == cafe.code and data["cafe"]["phase"] == "closed"
    assert data["cafe"]["rounds_started"] == 2
    assert [p["title"] for p in data["cafe"]["pillars"]] == [p.title for p in cafe.pillars]
    assert [p["name"] for p in data["participants"]] == NAMES
    assert data["participants"][0]["host_table"] == 1
    assert data["participants"][1]["organisation"] == "@Verein Miteinander"
    assert all(len(row["tables"]) == 2 for row in data["plan"]) and len(data["plan"]) == 4
    assert all(row["tables"][0] == 1 for row in data["plan"] if row["participant"] == 1)
    texts = [i["text"] for i in data["ideas"]]
    assert "Zurückgezogener Gedanke" not in texts
    assert texts[0] == "Begegnungsräume für Jung & Alt – „Straßenfest“ 🎉"
    bench = next(i for i in data["ideas"] if i["text"] == "Mehr Sitzbänke im Park")
    merged = [i for i in data["ideas"] if i["merged_into"] == bench["ref"]]
    assert [i["status"] for i in merged] == ["merged", "merged"] and bench["votes"] == 5
    hidden = next(i for i in data["ideas"] if i["status"] == "hidden")
    assert hidden["hidden"] is True and hidden["text"] == "Unpassender Beitrag, ausgeblendet"
    assert sum(v["dots"] for v in data["votes"]) == 14
    assert data["summaries"] == [{"table": 1, "author": 1, "text": SUMMARY,
                                  "updated_at": data["summaries"][0]["updated_at"]}]
    assert {i["author"] for i in data["ideas"]} == set(NAMES)
    assert data["ideas"][0]["participant"] == 1 and data["ideas"][0]["round"] == 1
    assert made["round2"].text in [i["text"] for i in data["ideas"] if i["round"] == 2]
    assert data["cafe"]["vote_on"] == "ideas"
    assert data["themes"] == data["theme_votes"] == data["rejected_merges"] == []
    assert {i["theme"] for i in data["ideas"]} == {None}


def test_json_holds_no_secret_token(export_cafe):
    text = json_export.json_text(export_cafe.cafe)
    secrets = [export_cafe.cafe.moderator_token, export_cafe.cafe.screen_token]
    secrets += [phone_token(p) for p in export_cafe.people]
    assert not [s for s in secrets if s in text]
    assert "token" not in text


def test_json_setup_part_starts_a_new_cafe(export_cafe):
    data = json_export.cafe_json(export_cafe.cafe)
    assert data["setup"] == setup.setup_of(export_cafe.cafe)
    again = cafes.create_cafe(data["setup"])
    assert setup.setup_of(again) == data["setup"]
    assert again.phase == "lobby" and again.code != export_cafe.cafe.code


def test_anonymous_json_keeps_structure_without_names_or_organisations(export_cafe):
    data = json_export.cafe_json(export_cafe.cafe, anonymous=True)
    text = json_export.json_text(export_cafe.cafe, anonymous=True)
    assert data["anonymous_export"] is True
    assert {p["name"] for p in data["participants"]} == {None}
    assert {p["organisation"] for p in data["participants"]} == {None}
    assert data["organisations"] == {"count": 2, "participants_with_one": 3}
    for word in NAMES + ORGANISATIONS:
        assert word not in text


def test_report_model_orders_ideas_by_dots_and_leaves_hidden_ones_out(export_cafe):
    report = build_report(export_cafe.cafe)
    shown = [i.text for p in report.pillars for i in p.ideas]
    assert "Unpassender Beitrag, ausgeblendet" not in shown
    assert "Mehr Sitzbänke im Park!" not in shown and "Zurückgezogener Gedanke" not in shown
    for pillar in report.pillars:
        dots = [i.votes for i in pillar.ideas]
        assert dots == sorted(dots, reverse=True)
    bench = next(i for p in report.pillars for i in p.ideas if i.text == "Mehr Sitzbänke im Park")
    assert (bench.copies, bench.votes) == (3, 5)
    assert report.participants == 4 and report.tables == 2 and report.rounds_played == 2
    assert report.ideas_posted == 12 and report.ideas_shown == 9 and report.dots == 14
    assert sum(report.ideas_by_round) == 12 and report.ideas_by_round[1] == 1
    assert [(s.label, s.count, s.percent) for s in report.roles] == [
        ("Verwaltung", 1, 25), ("Zivilgesellschaft", 1, 25), ("Fachleute", 1, 25)]
    assert report.roles_not_given == 1
    assert [(s.label, s.count) for s in report.organisations] == [
        ("Stadt Köln", 2), ("@Verein Miteinander", 1)]
    assert [(s.table, s.host, s.text) for s in report.summaries] == [(1, "Jürgen Groß", SUMMARY)]


def test_anonymous_report_model_counts_organisations_only(export_cafe):
    report = build_report(export_cafe.cafe, anonymous=True)
    assert report.organisations == []
    assert (report.organisation_count, report.with_organisation) == (2, 3)
    assert report.summaries[0].host is None


def test_people_marked_absent_before_the_first_round_are_not_counted(
        make_cafe, make_participant, ctx):
    cafe = make_cafe(tables=1, seats_per_table=4, rounds=2)
    came = [make_participant(cafe, name, role="Verwaltung", organisation="Achern")
            for name in ("Anna", "Ben")]
    never = make_participant(cafe, "Nie da", role="Fachleute", organisation="Sasbach")
    people.set_present(cafe, {"participant_id": never.id, "present": False})
    rounds.start_round(cafe)
    people.set_present(cafe, {"participant_id": came[1].id, "present": False})  # left early
    report = build_report(cafe)
    assert (report.participants, report.absent) == (2, 1)
    assert [(s.label, s.count, s.percent) for s in report.roles] == [("Verwaltung", 2, 100)]
    assert [s.label for s in report.organisations] == ["Achern"]
    with force_locale("de"):
        assert dict(wording.facts(report))["Teilnehmende"] == (
            "2 (nicht mitgezählt: 1 vor der ersten Runde als abwesend markiert)")
