import html
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.factory import SECURITY_HEADERS
from app.limits import Limiter
from app.models import Cafe
from app.services import ideas, people, rounds
from app.services.defaults import PILLAR_COLORS
from app.web.pages import TEMPLATE_MAX_BYTES
from tests.support.phones import phone_token
from tests.support.uploads import WatchedBody, post_watched

XSS = '<img src=x onerror=alert(1)>"\'><script>alert(2)</script>'


def page_urls(cafe):
    return [
        "/", "/join", f"/j/{cafe.code}", f"/m/{cafe.moderator_token}",
        f"/s/{cafe.screen_token}", "/join?code=nope", "/m/wrong-token-wrong-token",
        "/no/such/page",
    ]


def test_every_page_sends_the_security_headers(client, make_cafe):
    cafe = make_cafe()
    for url in page_urls(cafe):
        response = client.get(url)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_pages_have_no_inline_script_and_no_foreign_hosts(client, make_cafe):
    cafe = make_cafe()
    for url in page_urls(cafe)[:5]:
        html = client.get(url).get_data(as_text=True)
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert 'src="/' in tag or 'type="application/json"' in tag, (url, tag)
        for target in re.findall(r'(?<![\w-])(?:src|href|action)="([^"]*)"', html):
            assert target.startswith(("/", "?", "http://localhost/")), (url, target)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_script_a_page_loads_is_served(client, make_cafe, language):
    # The screen's hyphenation patterns come from npm: a missing file would leave German
    # compounds unbroken without any error on the page.
    cafe = make_cafe()
    cafe.language = language
    db.session.commit()
    for url in page_urls(cafe):
        page = client.get(url).get_data(as_text=True)
        for src in re.findall(r'<script[^>]* src="([^"]+)"', page):
            assert client.get(src).status_code == 200, (url, src)
    assert f"hyphen-{language}.js" in client.get(f"/s/{cafe.screen_token}").get_data(as_text=True)
    assert client.get("/vendor/package.json").status_code == 404


def test_wrong_tokens_get_a_403_page(client, make_cafe):
    cafe = make_cafe()
    assert client.get("/m/" + cafe.screen_token).status_code == 403
    assert client.get("/s/" + cafe.moderator_token).status_code == 403
    assert client.get("/m/" + cafe.screen_token + "/export.csv").status_code == 403
    assert client.get("/m/" + cafe.screen_token + "/export.json").status_code == 403


def test_user_text_is_escaped_on_every_page(client, make_cafe, make_participant):
    cafe = make_cafe(title=XSS, pillars=[{"title": XSS, "question": XSS}], rounds=1)
    person = make_participant(cafe, XSS[:60], organisation=XSS)
    rounds.start_round(cafe)
    ideas.post_idea(person, {"client_id": "xss-idea-1", "text": XSS})
    for url in (f"/j/{cafe.code}", f"/m/{cafe.moderator_token}", f"/s/{cafe.screen_token}"):
        html = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in html and "<script>alert" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url
    export = client.get(f"/m/{cafe.moderator_token}/export.json").get_data(as_text=True)
    assert "<img src=x onerror=alert(1)>" in export  # JSON keeps the text exactly


def test_create_form_makes_a_cafe_and_opens_its_console(client):
    response = client.post("/", data={
        "title": "Netzwerktreffen", "pillar_title": ["Begegnung", "Teilhabe", ""],
        "pillar_question": ["Wo?", "Wie?", ""], "tables": "4", "seats_per_table": "5",
        "rounds": "2", "round_minutes": "15", "roles": "Verwaltung\nEhrenamt",
        "language": "de",
    })
    assert response.status_code == 302
    console = client.get(response.headers["Location"])
    html = console.get_data(as_text=True)
    assert console.status_code == 200
    assert "Netzwerktreffen" in html and "Ihr Café ist bereit" in html


def test_create_form_keeps_input_and_explains_the_error(client):
    response = client.post("/", data={"title": "Mein Café", "pillar_title": [""],
                                      "pillar_question": [""], "tables": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Mein Café" in html
    assert "Säulen" in html and 'role="alert"' in html


def test_join_by_code_redirects_and_unknown_code_explains(client, make_cafe):
    cafe = make_cafe()
    assert client.get(f"/join?code={cafe.code.lower()}").headers["Location"].endswith(
        f"/j/{cafe.code}")
    missing = client.get("/join?code=QQQQQQ")
    assert missing.status_code == 404
    assert "Zu diesem Code gibt es kein Café" in missing.get_data(as_text=True)


def test_qr_code_is_an_svg_of_the_join_link(client, make_cafe):
    cafe = make_cafe()
    response = client.get(f"/j/{cafe.code}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg")


@pytest.mark.parametrize("lang,text", [("de", "Einem Café beitreten"), ("en", "Join a café")])
def test_language_switch(client, lang, text):
    response = client.get(f"/join?lang={lang}")
    assert text in response.get_data(as_text=True)
    assert f"lang={lang}" in response.headers["Set-Cookie"]
    assert text in client.get("/join").get_data(as_text=True)  # the cookie keeps the choice


def test_print_pages_are_for_the_moderator_only(client, make_cafe, make_participant):
    cafe = make_cafe()
    make_participant(cafe, "Zoë Müller")
    cards = client.get(f"/m/{cafe.moderator_token}/print/cards")
    assert cards.status_code == 200 and "Zoë Müller" in cards.get_data(as_text=True)
    signs = client.get(f"/m/{cafe.moderator_token}/print/signs").get_data(as_text=True)
    assert signs.count('class="table-sign"') == len(cafe.tables)
    assert cafe.pillars[0].question in signs
    for page in ("cards", "signs"):
        assert client.get(f"/m/{cafe.screen_token}/print/{page}").status_code == 403


def test_every_palette_colour_has_a_css_rule():
    css = (Path(__file__).resolve().parents[2] / "static/css/app.css").read_text()
    for colour in PILLAR_COLORS:
        assert f'[data-color="{colour}"]' in css


def post_template(client, body: bytes):
    return client.post("/from-template", data={"template": (io.BytesIO(body), "setup.json")},
                       content_type="multipart/form-data")


def test_a_template_starts_a_cafe(client):
    body = json.dumps({"title": "Nächstes Café", "tables": 3, "rounds": 2}).encode()
    response = post_template(client, body)
    assert response.status_code == 302 and "/m/" in response.headers["Location"]


@pytest.mark.parametrize(("body", "reason"), [
    (b'{"rounds": ' + b"9" * 5000 + b"}", "Die Datei enthält eine Zahl mit mehr als 20 Ziffern."),
    (b"[" * 100_000 + b"]" * 100_000,
     "Die Listen und Objekte der Datei sind zu tief verschachtelt."),
    (b'{"tables": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
     "Die Listen und Objekte der Datei sind zu tief verschachtelt."),
    (b"kein JSON", "Diese Datei ist keine Café-Vorlage (JSON)."),
    (b"[1, 2]", "Diese Datei ist keine Café-Vorlage (JSON)."),
])
def test_a_malformed_template_is_refused_with_the_reason(client, body, reason):
    response = post_template(client, body)
    assert response.status_code == 400
    assert reason in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(Cafe.id))) == 0


@pytest.mark.parametrize("announce", [True, False])
def test_a_template_too_large_or_of_unknown_size_is_refused_unread(client, announce):
    body = WatchedBody(TEMPLATE_MAX_BYTES + 1 if announce else 1000)
    response = post_watched(client, "/from-template", body, announce=announce)
    assert response.status_code == 413
    assert "Die Datei ist zu groß: Diese Seite nimmt Dateien bis 1 MB an." in (
        response.get_data(as_text=True))
    assert body.bytes_read == 0


def test_a_template_counts_against_the_rate_limit_before_the_body_is_read(client, app):
    app.extensions["limits"].cafes = Limiter(rate=0, burst=1)
    assert post_template(client, b"[1, 2]").status_code == 400
    body = WatchedBody(1000)
    response = post_watched(client, "/from-template", body)
    assert response.status_code == 429 and body.bytes_read == 0


def test_a_personal_link_opens_the_phone_page_ready_to_claim(client, make_cafe):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller"})
    page = client.get(f"/j/{cafe.code.lower()}/p/{anna.personal_code}")
    assert page.status_code == 200
    assert f'data-claim="{anna.personal_code}"' in page.get_data(as_text=True)
    # Opening writes nothing: a mail scanner that follows the link claims nobody.
    assert phone_token(anna) is None


@pytest.mark.parametrize(("language", "words"), [
    ("de", "Dieser persönliche Link gilt nicht (mehr)"),
    ("en", "This personal link is not valid (any more)"),
])
def test_an_unknown_or_replaced_personal_link_explains_in_the_cafes_language(
        client, make_cafe, language, words):
    cafe = make_cafe(language=language)
    anna = people.add_person(cafe, {"name": "Anna"})
    replaced = anna.personal_code
    people.revoke_phones(cafe, {"participant_id": anna.id})
    for code in (replaced, "Q" * 16):
        # The browser asks for the other language: the café's wins, as on its phone page.
        page = client.get(f"/j/{cafe.code}/p/{code}",
                          headers={"Accept-Language": "en" if language == "de" else "de"})
        assert page.status_code == 404
        assert words in html.unescape(page.get_data(as_text=True))
    malformed = client.get(f"/j/{cafe.code}/p/nope")
    assert malformed.status_code == 400


def test_route_cards_carry_each_persons_own_qr_code(client, make_cafe, make_participant):
    cafe = make_cafe()
    people.add_person(cafe, {"name": "Anna"})
    make_participant(cafe, "Ben")
    cards = client.get(f"/m/{cafe.moderator_token}/print/cards").get_data(as_text=True)
    assert cards.count('class="card-qr"><svg') == 2


@pytest.mark.parametrize(("asked", "per_sheet"), [("", 8), ("?per_sheet=10", 10),
                                                  ("?per_sheet=99", 8)])
def test_name_badges_carry_each_persons_qr_code_on_sheets(client, make_cafe, asked, per_sheet):
    cafe = make_cafe(title="Netzwerktreffen Achern")
    for n in range(11):
        people.add_person(cafe, {"name": f"Gast {n}", "organisation": "Achern",
                                 "role": "Verwaltung"})
    gone = people.add_person(cafe, {"name": "Schon weg"})
    people.set_present(cafe, {"participant_id": gone.id, "present": False})
    page = client.get(f"/m/{cafe.moderator_token}/print/badges{asked}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count('class="badge-qr"><svg') == 11 and "Schon weg" not in text
    assert text.count(f'class="badge-sheet per-{per_sheet}"') == -(-11 // per_sheet)
    assert text.count("Netzwerktreffen Achern</p>") == 11
    assert client.get(f"/m/{cafe.screen_token}/print/badges").status_code == 403
