import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Participant
from tests.support.phones import phone_token


def test_empty_body_creates_a_cafe_with_defaults(client):
    response = client.post("/api/cafes", json={})
    assert response.status_code == 201
    body = response.get_json()
    assert len(body["code"]) == 6
    for key in ("join_url", "moderator_url", "screen_url", "qr_url"):
        assert body[key].startswith("http://localhost/")
    moderator_token = body["moderator_url"].rsplit("/", 1)[1]
    assert len(moderator_token) * 6 >= 128
    info = client.get(f"/api/cafes/{body['code']}").get_json()
    assert len(info["pillars"]) == 4
    assert info["timer"]["phase"] == "lobby"
    assert "moderator_token" not in str(info) and moderator_token not in str(info)


def test_no_body_at_all_also_gives_defaults(client):
    assert client.post("/api/cafes").status_code == 201


def test_public_url_setting_is_used_for_links(app, client):
    app.config["PUBLIC_URL"] = "http://192.168.1.20:5000"
    body = client.post("/api/cafes", json={}).get_json()
    assert body["join_url"] == f"http://192.168.1.20:5000/j/{body['code']}"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ('{"tables": 0}', 400, "invalid_input"),
        ("[1, 2]", 400, "invalid_input"),
        ("{not json", 400, "invalid_input"),
        ('{"title": "' + "x" * 5000 + '"}', 400, "invalid_input"),
    ],
)
def test_bad_create_requests_are_readable(client, body, status, code):
    response = client.post("/api/cafes", data=body, content_type="application/json")
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["message"]


def test_join_api_returns_a_token(client):
    code = client.post("/api/cafes", json={}).get_json()["code"]
    response = client.post(f"/api/cafes/{code}/participants", json={"name": "Anna"})
    assert response.status_code == 201
    assert len(response.get_json()["token"]) >= 32


def test_join_api_errors(client):
    code = client.post("/api/cafes", json={}).get_json()["code"]
    assert client.post("/api/cafes/QQQQQQ/participants", json={"name": "A"}).status_code == 404
    bad = client.post(f"/api/cafes/{code}/participants", json={"name": ""})
    assert bad.status_code == 400
    assert bad.get_json()["error"]["details"] == {"field": "name"}


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404
    assert response.get_json()["ok"] is False


def test_claim_api_gives_the_persons_token_and_explains_errors(client, app):
    links = client.post("/api/cafes", json={}).get_json()
    code, moderator = links["code"], links["moderator_url"].rsplit("/", 1)[1]
    imported = client.post("/api/moderator/participants", data=b"Name\nAnna\n",
                           headers={"Authorization": f"Bearer {moderator}"})
    assert imported.get_json() == {"ok": True, "imported": 1, "duplicates": []}
    with app.app_context():
        anna = db.session.scalar(select(Participant))
        personal_code, anna_id = anna.personal_code, anna.id
    answer = client.post(f"/api/cafes/{code}/claim", json={"personal_code": personal_code})
    assert answer.status_code == 200
    with app.app_context():
        assert answer.get_json()["token"] == phone_token(db.session.get(Participant, anna_id))
    assert answer.get_json()["participant"]["name"] == "Anna"
    unknown = client.post(f"/api/cafes/{code}/claim", json={"personal_code": "Z" * 16})
    assert (unknown.status_code, unknown.get_json()["error"]["code"]) == (
        404, "unknown_personal_code")
    assert client.post(f"/api/cafes/{code}/claim", json={}).get_json()["error"]["details"] == {
        "field": "personal_code"}


@pytest.mark.parametrize("allowed", [False, True])
def test_list_search_and_pick_api_answer_only_when_the_cafe_allows_it(client, allowed):
    links = client.post("/api/cafes", json={"pick_from_list": allowed}).get_json()
    code, moderator = links["code"], links["moderator_url"].rsplit("/", 1)[1]
    client.post("/api/moderator/participants", data="Name;Organisation\nAnna Müller;Achern\n"
                .encode(), headers={"Authorization": f"Bearer {moderator}"})
    found = client.get(f"/api/cafes/{code}/list?q=mue")
    if not allowed:
        assert (found.status_code, found.get_json()["error"]["code"]) == (403, "pick_off")
        assert "Anna" not in found.get_data(as_text=True)
        picked = client.post(f"/api/cafes/{code}/pick", json={"listed_id": 1})
        assert (picked.status_code, picked.get_json()["error"]["code"]) == (403, "pick_off")
        return
    (anna,) = found.get_json()["people"]
    assert (anna["name"], anna["organisation"], found.get_json()["more"]) == (
        "Anna Müller", "Achern", False)
    picked = client.post(f"/api/cafes/{code}/pick", json={"listed_id": anna["id"]})
    assert picked.status_code == 200 and picked.get_json()["participant"]["id"] == anna["id"]
    again = client.post(f"/api/cafes/{code}/pick", json={"listed_id": anna["id"]})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "already_claimed")


def test_join_api_asks_about_a_name_on_the_list(client):
    links = client.post("/api/cafes", json={}).get_json()
    code, moderator = links["code"], links["moderator_url"].rsplit("/", 1)[1]
    client.post("/api/moderator/participants", data="Name;Organisation\nAnna Müller;Achern\n"
                .encode(), headers={"Authorization": f"Bearer {moderator}"})
    asked = client.post(f"/api/cafes/{code}/participants", json={"name": "anna mueller"})
    assert asked.status_code == 409
    (match,) = asked.get_json()["error"]["details"]["matches"]
    assert (match["name"], match["organisation"]) == ("Anna Müller", "Achern")
    yes = client.post(f"/api/cafes/{code}/participants",
                      json={"name": "anna mueller", "listed_id": match["id"]})
    assert yes.status_code == 201 and yes.get_json()["participant"]["id"] == match["id"]


@pytest.fixture
def voting_cafe(make_cafe, make_participant):
    from app.services import ideas, rounds

    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    group = [make_participant(cafe, f"Anna Autorin {n}") for n in range(4)]
    rounds.start_round(cafe)
    # Long enough that the list is worth compressing.
    for n in range(12):
        ideas.post_idea(group[n % 4], {"client_id": f"api-list-{n:02d}",
                                       "text": f"Begegnungsorte {n}"})
    return cafe, group[0]


def test_the_idea_list_has_a_strong_etag_and_asks_for_revalidation(client, voting_cafe):
    cafe, _ = voting_cafe
    response = client.get(f"/api/cafes/{cafe.code}/ideas")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    ideas = response.get_json()["ideas"]
    assert [i["text"] for i in ideas] == [f"Begegnungsorte {n}" for n in range(12)]
    assert "Anna Autorin" not in response.get_data(as_text=True)

    again = client.get(f"/api/cafes/{cafe.code}/ideas", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag


def test_the_idea_list_is_gzipped_for_a_phone_that_accepts_it(client, voting_cafe):
    import gzip

    cafe, _ = voting_cafe
    plain = client.get(f"/api/cafes/{cafe.code}/ideas")
    packed = client.get(f"/api/cafes/{cafe.code}/ideas", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(plain.get_data())
    revalidated = client.get(f"/api/cafes/{cafe.code}/ideas", headers={
        "Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert revalidated.status_code == 304


def test_a_new_idea_answers_an_old_etag_with_the_new_list(client, voting_cafe):
    from app.services import ideas

    cafe, person = voting_cafe
    etag = client.get(f"/api/cafes/{cafe.code}/ideas").headers["ETag"]
    ideas.post_idea(person, {"client_id": "api-list-new", "text": "Orte der Begegnung"})
    fresh = client.get(f"/api/cafes/{cafe.code}/ideas", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    assert fresh.get_json()["ideas"][-1]["text"] == "Orte der Begegnung"


def test_the_idea_list_of_an_unknown_cafe_is_not_found(client):
    response = client.get("/api/cafes/ZZZZZZ/ideas")
    assert response.status_code == 404
