import csv
import io

import pytest

from app.services import exports, ideas, rounds

NASTY = [
    "Begegnungsräume für Jung & Alt – „Straßenfest“ 🎉",
    'Sie sagte: "Gleichberechtigt!"\nZweite Zeile',
    "=HYPERLINK(\"http://evil\")",
    "+49 Telefonkette",
    "-Minus",
    "@mention",
]


@pytest.fixture
def cafe_with_ideas(make_cafe, make_participant):
    def build(anonymous=False):
        cafe = make_cafe(tables=2, seats_per_table=4, rounds=1, anonymous=anonymous)
        people = [make_participant(cafe, name) for name in ("Jürgen Groß", "=cmd|calc")]
        rounds.start_round(cafe)
        for n, text in enumerate(NASTY):
            ideas.post_idea(people[n % 2], {"client_id": f"export-{n:03d}", "text": text})
        return cafe

    return build


def read_csv(body: str) -> list[list[str]]:
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_csv_has_every_idea_with_umlauts_and_neutralised_formulas(cafe_with_ideas):
    cafe = cafe_with_ideas()
    rows = read_csv(exports.ideas_csv(cafe))
    header, body = rows[0], rows[1:]
    assert header[-1] == "Idee" and header[0] == "Säule"
    texts = [row[-1] for row in body]
    assert texts[:2] == NASTY[:2]
    assert texts[2:] == ["'" + t for t in NASTY[2:]]
    assert {row[5] for row in body} == {"Jürgen Groß", "'=cmd|calc"}
    assert all(row[3] == "1" for row in body)


def test_anonymous_cafe_exports_no_names(cafe_with_ideas):
    cafe = cafe_with_ideas(anonymous=True)
    rows = read_csv(exports.ideas_csv(cafe))
    assert {row[5] for row in rows[1:]} == {"anonym"}
    data = exports.cafe_json(cafe)
    assert {idea["author"] for idea in data["ideas"]} == {None}
    assert "Jürgen" not in str(data)


def test_json_holds_settings_and_every_idea_verbatim(cafe_with_ideas):
    cafe = cafe_with_ideas()
    data = exports.cafe_json(cafe)
    assert data["schema_version"] == 1
    assert data["cafe"]["code"] == cafe.code
    assert len(data["cafe"]["pillars"]) == 4
    assert [i["text"] for i in data["ideas"]] == NASTY
    first = data["ideas"][0]
    assert set(first) == {"pillar", "question", "table", "round", "time", "author", "text"}
    assert first["pillar"] in [p.title for p in cafe.pillars]
