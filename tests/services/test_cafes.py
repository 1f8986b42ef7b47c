import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cafe, Phase
from app.services import cafes
from app.services.cafes import JOIN_CODE_ALPHABET
from app.services.errors import ServiceError


def test_empty_settings_give_the_four_default_pillars(ctx):
    cafe = cafes.create_cafe({}, "de")
    assert [p.title for p in cafe.pillars] == [
        "Aktive Begegnung",
        "Gleichberechtigte Teilhabe",
        "Vielfalt",
        "Augenhöhe von Verwaltung und zivilgesellschaftlichem Engagement",
    ]
    assert all(p.question.endswith("?") for p in cafe.pillars)
    assert cafe.roles == ["Verwaltung", "Zivilgesellschaft", "Fachleute"]
    assert cafe.phase == Phase.LOBBY
    assert len(cafe.tables) == 8


def test_join_code_is_six_unambiguous_characters(ctx):
    codes = {cafes.create_cafe({}, "de").code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert not set(code) & set("0O1IL2Z5S8B")


def test_tokens_are_long_and_distinct(ctx):
    cafe = cafes.create_cafe({}, "de")
    # token_urlsafe(24) is 32 characters of 6 bits: 192 bits.
    assert len(cafe.moderator_token) >= 32
    assert cafe.moderator_token != cafe.screen_token


def test_tables_are_spread_over_pillars(ctx):
    cafe = cafes.create_cafe(
        {"pillars": [{"title": "A"}, {"title": "B"}, {"title": "C"}], "tables": 7}, "de"
    )
    per_pillar = [sum(1 for t in cafe.tables if t.pillar_id == p.id) for p in cafe.pillars]
    assert sorted(per_pillar) == [2, 2, 3]


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"pillars": []}, "pillars"),
        ({"pillars": [{"title": f"P{i}"} for i in range(13)]}, "pillars"),
        ({"pillars": [{"title": ""}]}, "title"),
        ({"pillars": ["just text"]}, "pillars"),
        ({"title": "x" * 201}, "title"),
        ({"title": 42}, "title"),
        ({"tables": 0}, "tables"),
        ({"tables": "many"}, "tables"),
        ({"seats_per_table": 1}, "seats_per_table"),
        ({"rounds": 11}, "rounds"),
        ({"round_minutes": True}, "round_minutes"),
        ({"language": "fr"}, "language"),
        ({"roles": [""]}, "role"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_stored(ctx, settings, field):
    with pytest.raises(ServiceError) as caught:
        cafes.create_cafe(settings, "de")
    assert caught.value.code == "invalid_input"
    assert caught.value.details["field"] == field
    assert str(caught.value.message)
    assert db.session.scalar(select(func.count(Cafe.id))) == 0


def test_code_lookup_forgives_case_and_spaces(make_cafe):
    cafe = make_cafe()
    typed = f" {cafe.code[:3].lower()} {cafe.code[3:].lower()} "
    assert cafes.cafe_by_code(typed).id == cafe.id


def test_unknown_code_is_a_readable_404(ctx):
    with pytest.raises(ServiceError) as caught:
        cafes.cafe_by_code("QQQQQQ")
    assert caught.value.code == "unknown_cafe"
    assert caught.value.status == 404


def test_tokens_open_only_their_own_role(make_cafe):
    cafe = make_cafe()
    assert cafes.cafe_for_moderator(cafe.moderator_token).id == cafe.id
    assert cafes.cafe_for_screen(cafe.screen_token).id == cafe.id
    for wrong in (cafe.screen_token, None, "", "x" * 32, 12345, cafe.code):
        with pytest.raises(ServiceError) as caught:
            cafes.cafe_for_moderator(wrong)
        assert caught.value.code == "forbidden"
    with pytest.raises(ServiceError):
        cafes.cafe_for_screen(cafe.moderator_token)
