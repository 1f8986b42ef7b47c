"""The download endpoints: only the moderator's token, attachments, anonymous exports, the
printable report, deleting a café and restoring one from its JSON file."""

import html
import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.limits import Limiter
from app.models import Cafe
from app.services import people
from app.services.exports import json_export
from tests.services.test_archive import fresh_installation
from tests.services.test_exports import NAMES, ORGANISATIONS, build_cafe
from tests.support.phones import phone_token
from tests.support.uploads import WatchedBody, post_watched

EXPORTS = {
    "export.csv": "text/csv",
    "export.json": "application/json",
    "export.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "export.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "export.md": "text/markdown",
}
PAGES = [*EXPORTS, "report", "setup.json", "delete"]


@pytest.fixture
def built(make_cafe, make_participant):
    return build_cafe(make_cafe, make_participant)


def url(cafe, page: str, token: str | None = None) -> str:
    return f"/m/{token or cafe.moderator_token}/{page}"


def all_text(response) -> str:
    """The text of a download; for DOCX and XLSX every part of the zip, with XML's character
    references (openpyxl writes "ü" as "&#252;") resolved."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return html.unescape("".join(archive.read(name).decode("utf-8", "replace")
                                         for name in archive.namelist()))
    return html.unescape(data.decode("utf-8"))


def test_every_export_is_an_attachment_for_the_moderator(client, built):
    code = built.cafe.code
    for page, mimetype in EXPORTS.items():
        response = client.get(url(built.cafe, page))
        assert response.status_code == 200, page
        assert response.mimetype == mimetype, page
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith(f'attachment; filename="worldcafe-{code}-'), page
        assert disposition.endswith(f'.{page.split(".")[1]}"'), page
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Straßenfest" in all_text(response), page


def test_csv_json_and_markdown_stream(client, built):
    for page in ("export.csv", "export.json", "export.md"):
        response = client.get(url(built.cafe, page))
        assert response.is_streamed, page
        assert response.get_data()
        response.close()
    body = client.get(url(built.cafe, "export.json")).get_data(as_text=True)
    assert json.loads(body) == json.loads(json_export.json_text(built.cafe))


def test_only_the_moderator_token_opens_downloads(client, make_cafe, make_participant):
    cafe = make_cafe(title="Geheimes Café", tables=2, rounds=1)
    participant_token = phone_token(make_participant(cafe, "Jemand"))
    for page in PAGES:
        for token in (cafe.screen_token, participant_token, "x" * 32, "short"):
            response = client.get(url(cafe, page, token))
            assert response.status_code == 403, (page, token)
            assert cafe.title not in response.get_data(as_text=True)
        assert client.get(url(cafe, page)).status_code == 200, page
    for token in (cafe.screen_token, participant_token):
        assert client.post(url(cafe, "delete", token),
                           data={"confirmation": cafe.code}).status_code == 403
    assert db.session.scalar(select(func.count(Cafe.id))) == 1


def test_anonymous_exports_name_nobody(client, built):
    for page in [*EXPORTS, "report"]:
        response = client.get(url(built.cafe, page) + "?anonymous=1")
        assert response.status_code == 200, page
        text = all_text(response)
        for word in [*NAMES, *ORGANISATIONS]:
            assert word not in text, (page, word)
        assert "Straßenfest" in text, page


def test_anonymous_must_be_yes_or_no(client, built):
    response = client.get(url(built.cafe, "export.csv") + "?anonymous=vielleicht")
    assert response.status_code == 400
    assert "Anonym muss ja oder nein sein." in response.get_data(as_text=True)


def test_report_page_is_printable_html_without_script_or_style_attributes(client, built):
    response = client.get(url(built.cafe, "report"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<script" not in html and "style=" not in html
    assert '<link rel="stylesheet" href="/static/css/report.css">' in html
    assert "app.css" not in html
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert '<html lang="de">' in html and "Ergebnisse auf einen Blick" in html
    assert client.get("/static/css/report.css").status_code == 200


def test_report_follows_the_cafe_language_not_the_visitor(client, make_cafe):
    cafe = make_cafe(language="en", tables=2, rounds=1)
    html = client.get(url(cafe, "report") + "?lang=de").get_data(as_text=True)
    assert "Results at a glance" in html and '<html lang="en">' in html


def test_delete_asks_for_the_code_and_a_wrong_one_deletes_nothing(client, built):
    page = client.get(url(built.cafe, "delete")).get_data(as_text=True)
    assert built.cafe.code in page and 'name="confirmation"' in page
    response = client.post(url(built.cafe, "delete"), data={"confirmation": "FALSCH"})
    assert response.status_code == 400
    assert "Es wurde nichts gelöscht." in response.get_data(as_text=True)
    assert client.get(url(built.cafe, "export.csv")).status_code == 200


def test_delete_with_the_code_removes_the_cafe_and_says_so(client, built):
    title = built.cafe.title
    response = client.post(url(built.cafe, "delete"), data={"confirmation": built.cafe.code})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Das Café ist gelöscht" in html and "Netzwerktreffen „Vielfalt“ 2026" in title
    db.session.remove()
    assert db.session.scalar(select(func.count(Cafe.id))) == 0
    # Its links say it is gone (410), unlike a mistyped link (403).
    assert client.get(f"/m/{built.cafe.moderator_token}").status_code == 410
    assert client.get(url(built.cafe, "export.json")).status_code == 410


def upload(client, body: bytes, name: str = "cafe.json"):
    return client.post("/restore", data={"archive": (io.BytesIO(body), name)},
                       content_type="multipart/form-data")


def test_restore_page_brings_the_cafe_back_in_an_empty_installation(built, tmp_path):
    original = json_export.json_text(built.cafe).encode()
    with fresh_installation(tmp_path / "fresh") as other:
        client = other.test_client()
        assert client.get("/restore").status_code == 200
        response = upload(client, original)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "Café wiederhergestellt" in html
        assert response.headers["Cache-Control"] == "no-store"
        cafe = db.session.scalar(select(Cafe))
        assert f"/m/{cafe.moderator_token}\"" in html
        assert client.get(f"/m/{cafe.moderator_token}").status_code == 200
        assert client.get(url(cafe, "report")).status_code == 200
        again = client.get(url(cafe, "export.json")).get_data()
        assert again == original


def test_restore_refuses_other_files_readably(client, built):
    cases = [
        (b"kein JSON", "Diese Datei ist kein Café-Export dieser App (JSON)."),
        (b"[1, 2]", "Diese Datei ist kein Café-Export dieser App (JSON)."),
        (json.dumps({"title": "Nur ein Set-up"}).encode(),
         "Diese Datei ist kein Café-Export dieser App (JSON)."),
        (json.dumps({"schema_version": 1, "cafe": {}, "ideas": []}).encode(),
         "Dieser Export hat die Schemaversion 1; diese App stellt nur die Versionen 2 bis 3 "
         "wieder her."),
    ]
    for body, message in cases:
        response = upload(client, body)
        assert response.status_code == 400, body
        assert message in response.get_data(as_text=True), body
    response = client.post("/restore", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Cafe.id))) == 1


def test_restore_accepts_files_larger_than_other_uploads(client, built, app):
    body = json_export.json_text(built.cafe).encode()
    padded = body[:-2] + b" " * (app.config["MAX_CONTENT_LENGTH"] + 1024) + body[-2:]
    response = upload(client, padded)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Cafe.id))) == 2


def with_value(text: str, section: str, field: str, value) -> bytes:
    data = json.loads(text)
    target = data[section][0] if isinstance(data[section], list) else data[section]
    target[field] = value
    return json.dumps(data).encode()


@pytest.mark.parametrize(("body", "reason"), [
    (lambda text: text.replace('"schema_version": 3', '"schema_version": ' + "9" * 5000)
     .encode(), "Die Datei enthält eine Zahl mit mehr als 20 Ziffern."),
    (lambda text: with_value(text, "ideas", "time", "9999-12-31T23:59:59-14:00"),
     "Bei ideas[0].time: erwartet wurden Datum und Uhrzeit zwischen den Jahren 1 und 9999 "
     "(in UTC)."),
    (lambda text: with_value(text, "cafe", "created_at", "0001-01-01T00:00:00+14:00"),
     "Bei cafe.created_at: erwartet wurden Datum und Uhrzeit zwischen den Jahren 1 und 9999"),
    (lambda text: b"[" * 100_000 + b"]" * 100_000,
     "Die Listen und Objekte der Datei sind zu tief verschachtelt."),
])
def test_restore_refuses_malformed_files_with_the_reason(client, built, body, reason):
    text = json_export.json_text(built.cafe)
    assert '"schema_version": 3' in text
    response = upload(client, body(text))
    assert response.status_code == 400
    assert reason in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(Cafe.id))) == 1


@pytest.mark.parametrize("announce", [True, False])
def test_restore_refuses_a_body_too_large_or_of_unknown_size_unread(client, app, announce):
    body = WatchedBody(app.config["MAX_RESTORE_BYTES"] + 1 if announce else 1000)
    response = post_watched(client, "/restore", body, announce=announce)
    assert response.status_code == 413
    assert "Die Datei ist zu groß: Diese Seite nimmt Dateien bis 8 MB an." in (
        response.get_data(as_text=True))
    assert body.bytes_read == 0


def test_restore_counts_against_the_rate_limit_before_the_body_is_read(client, app, built):
    app.extensions["limits"].cafes = Limiter(rate=0, burst=1)
    assert upload(client, b"[1, 2]").status_code == 400  # the one allowed restore, used up
    body = WatchedBody(1000)
    response = post_watched(client, "/restore", body)
    assert response.status_code == 429 and body.bytes_read == 0
    good = json_export.json_text(built.cafe).encode()
    assert upload(client, good).status_code == 429
    assert db.session.scalar(select(func.count(Cafe.id))) == 1


def test_personal_links_csv_is_for_the_moderator_and_names_everyones_link(client, make_cafe):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller", "organisation": "=Achern",
                                    "role": "Verwaltung"})
    answer = client.get(f"/m/{cafe.moderator_token}/personal-links.csv?anonymous=1")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].endswith('personal-links.csv"') or (
        "personal-links.csv" in answer.headers["Content-Disposition"])
    lines = answer.get_data(as_text=True).splitlines()
    assert lines[0] == "\ufeffName;Organisation;Rolle;Persönlicher Link"
    # Personal by purpose: ?anonymous leaves the names in; a formula is neutralised.
    assert lines[1] == (f"Anna Müller;'=Achern;Verwaltung;"
                        f"http://localhost/j/{cafe.code}/p/{anna.personal_code}")
    assert client.get(f"/m/{cafe.screen_token}/personal-links.csv").status_code == 403
