import pytest


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
