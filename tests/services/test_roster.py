import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Participant
from app.services import people, presence, reads, roster, rounds
from app.services.errors import ServiceError

GOOD = (
    "name;organisation;role;host_table\n"
    "Jürgen Groß;Stadt Achern;Verwaltung;1\n"
    "Aylin Demir;Verein Brücke;Zivilgesellschaft;\n"
    "Sam;;;\n"
)

UNCLEAR = "Zeile {} lässt sich nicht eindeutig lesen"


def count() -> int:
    return db.session.scalar(select(func.count(Participant.id)))


def test_good_file_imports_everyone_with_hosts(make_cafe, published):
    cafe = make_cafe()
    imported = roster.import_csv(cafe, GOOD.encode("utf-8-sig")).people
    assert [p.name for p in imported] == ["Jürgen Groß", "Aylin Demir", "Sam"]
    assert imported[0].host_table_id == cafe.tables[0].id
    assert imported[1].organisation == "Verein Brücke"
    assert published.events("state")


def test_comma_separated_and_german_headers_work(make_cafe):
    cafe = make_cafe()
    body = "Name,Kommune,Rolle\nAnna,Bühl,Fachleute\n"
    assert [p.organisation for p in roster.import_csv(cafe, body.encode()).people] == ["Bühl"]


@pytest.mark.parametrize(("body", "words"), [
    (b"vorname;nachname\nA;B\n", "Spalten"),
    (b"name;role\n;Verwaltung\nBen;Verwaltung\n", "Zeile 2"),
    (b"name;role\nBen;Kaiser\n", "Zeile 2"),
    (b"name;host_table\nBen;99\n", "Tisch 99"),
    (b"name;host_table\nBen;1\nCem;1\n", "Zeile 3"),
    ("name\nJürgen\n".encode("latin-1"), "UTF-8"),
    (b"", "leer"),
    (b"name\n", "keine Personen"),
    (b"name\n" + b"x" * 1_100_000, "1 MB"),
    ("name;host_table\nBen;\u00b2\n".encode(), "Tisch \u00b2"),
    # A quote inside a cell that is not in quotes itself: the cell could be read two ways.
    (b'name;organisation;role\nAnna;Verein "A;B" e.V.;Verwaltung\n', UNCLEAR.format(2)),
    (b'name;organisation\nAnna;"Verein ""A;B"" e.V.\n', UNCLEAR.format(2)),
    (b'name;organisation\nAnna;"Verein" e.V.\n', UNCLEAR.format(2)),
    # More cells than the first line has columns: nothing is dropped without a word.
    (b"name;organisation\nAnna;Verein;;\n\nBen;Stadt;;x\n", UNCLEAR.format(4)),
])
def test_bad_files_are_refused_readably_and_import_nothing(make_cafe, body, words):
    cafe = make_cafe()
    with pytest.raises(ServiceError) as caught:
        roster.import_csv(cafe, body)
    assert caught.value.code == "invalid_csv"
    assert words.lower() in str(caught.value.message).lower()
    assert count() == 0


def test_doubled_quotes_are_read_exactly(make_cafe):
    cafe = make_cafe()
    body = ("name;organisation;role;host_table\n"
            "Jürgen Groß;Stadt Achern;Verwaltung;1\n"
            'Aylin;"Verein ""A;B"" e.V.";Zivilgesellschaft;\n'
            '"Müller, Hans"; "Stadt ""Bühl""" ;;\n')
    imported = roster.import_csv(cafe, body.encode("utf-8-sig")).people
    assert [(p.name, p.organisation, p.role) for p in imported] == [
        ("Jürgen Groß", "Stadt Achern", "Verwaltung"),
        ("Aylin", 'Verein "A;B" e.V.', "Zivilgesellschaft"),
        ("Müller, Hans", 'Stadt "Bühl"', ""),
    ]


def test_refusals_name_the_line_as_counted_in_the_file(make_cafe):
    cafe = make_cafe()
    body = "name;role\n\nAnna;Verwaltung\n\nBen;Kaiser\n"
    with pytest.raises(ServiceError) as caught:
        roster.import_csv(cafe, body.encode())
    assert "Zeile 5" in str(caught.value.message)


def test_added_person_gets_a_seat_in_the_running_round(make_cafe, make_participant):
    cafe = make_cafe(rounds=2)
    make_participant(cafe)
    rounds.start_round(cafe)
    guest = people.add_person(cafe, {"name": "Gast ohne Handy"})
    assert guest.id in reads.round_seats(cafe, 0)


def test_presence_counts_connections(make_cafe, make_participant, published):
    cafe = make_cafe()
    anna, ben = make_participant(cafe), make_participant(cafe)
    presence.connections_changed([(anna.id, +1), (anna.id, +1), (ben.id, +1), (anna.id, -1)])
    db.session.expire_all()
    assert (anna.connections, ben.connections) == (1, 1)
    assert published.events("presence")[-1] == [{"id": anna.id, "online": True},
                                                 {"id": ben.id, "online": True}]
    presence.connections_changed([(anna.id, -1)])
    presence.connections_changed([(anna.id, -1), (ben.id, -1)])  # one close too many: stays 0
    db.session.expire_all()
    assert (anna.connections, ben.connections) == (0, 0)
    assert published.events("presence")[-1] == [{"id": anna.id, "online": False},
                                                 {"id": ben.id, "online": False}]


def test_presence_skips_phones_whose_person_is_gone(make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe)
    assert presence.connections_changed([(anna.id, +1), (anna.id + 999, +1), (anna.id, +1)]) \
        == [None, None, None]
    db.session.expire_all()
    assert anna.connections == 2


def test_presence_of_phones_whose_people_are_all_gone_changes_nothing(ctx, published):
    presence.connections_changed([(998, -1), (999, +1)])
    assert published.events("presence") == []


def test_german_headers_of_every_column_in_any_case(make_cafe):
    cafe = make_cafe()
    body = "NAME;gemeinde;Funktion;Gastgeber an Tisch\nAnna;Bühl;Fachleute;2\nBen;;;\n"
    anna, ben = roster.import_csv(cafe, body.encode()).people
    assert (anna.organisation, anna.role, anna.host_table_id) == (
        "Bühl", "Fachleute", cafe.tables[1].id)
    assert ben.host_table_id is None


@pytest.mark.parametrize(("header", "value", "field"), [
    ("Organisation", "Bühl", lambda p: p.organisation),
    ("Kommune", "Bühl", lambda p: p.organisation),
    ("Rolle", "Fachleute", lambda p: p.role),
    ("Gastgeber", "1", lambda p: str(p.host_table.number)),
    ("Tisch", "1", lambda p: str(p.host_table.number)),
    ("host_table", "1", lambda p: str(p.host_table.number)),
])
def test_each_name_of_a_column_is_understood(make_cafe, header, value, field):
    cafe = make_cafe()
    (person,) = roster.import_csv(cafe, f"Name;{header}\nAnna;{value}\n".encode()).people
    assert field(person) == value


def test_a_header_not_understood_is_named(make_cafe):
    cafe = make_cafe()
    with pytest.raises(ServiceError) as caught:
        roster.import_csv(cafe, "Name;Gemeinde;Telefon\nAnna;Bühl;0761\n".encode())
    assert str(caught.value.message).startswith("Diese Spaltennamen sind unbekannt: „Telefon“.")
    assert count() == 0


def test_a_name_twice_in_one_organisation_is_imported_and_both_lines_named(make_cafe):
    cafe = make_cafe()
    body = ("Name;Organisation\nAnna Müller;Achern\nBen;Bühl\nanna mueller;achern\n"
            "Anna Müller;Kehl\n")
    result = roster.import_csv(cafe, body.encode())
    assert len(result.people) == 4
    # Lines as counted in the file (the header is line 1); another organisation is no twin.
    assert result.duplicates == [{"lines": [2, 4], "name": "Anna Müller",
                                  "organisation": "Achern"}]
