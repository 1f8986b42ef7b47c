"""The HTML pages: create a café, join it, the console, the screen, and the downloads."""

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from app.links import cafe_links, personal_url, public_links
from app.services import cafes, defaults, phones, printouts, validate
from app.services.errors import ServiceError, invalid
from app.web import uploads
from app.web.guide import SCREENSHOTS, guide_html
from app.web.qr import qr_svg

blueprint = Blueprint("pages", __name__)
# A template holds at most 12 pillars and 200 tables: a few dozen kB even when every text is
# as long as allowed. Parsing it runs in the server, so the bound stays small.
TEMPLATE_MAX_BYTES = 1_000_000


@blueprint.get("/")
def new_cafe():
    language = str(get_locale())
    return render_template(
        "create.html",
        pillars=defaults.DEFAULT_PILLARS[language],
        roles=defaults.DEFAULT_ROLES[language],
        form={},
        error=None,
    )


def _pillars_from_form(form) -> list[dict]:
    titles = form.getlist("pillar_title")
    questions = form.getlist("pillar_question")
    return [
        {"title": title, "question": question}
        for title, question in zip(titles, questions, strict=False)
        if title.strip() or question.strip()
    ]


@blueprint.post("/")
def create_cafe():
    form = request.form
    data = {
        "title": form.get("title"),
        "place": form.get("place", ""),
        "pillars": _pillars_from_form(form),
        "tables": form.get("tables"),
        "seats_per_table": form.get("seats_per_table"),
        "rounds": form.get("rounds"),
        "round_minutes": form.get("round_minutes"),
        "transition_minutes": form.get("transition_minutes"),
        "anonymous": form.get("anonymous", "off"),
        "language": form.get("language"),
        "roles": form.get("roles", ""),
    }
    try:
        cafe = cafes.create_cafe(data, default_language=str(get_locale()),
                                 address=request.remote_addr)
    except ServiceError as exc:
        # Show the form again with everything typed so far and the reason.
        pillars = [(p["title"], p["question"]) for p in data["pillars"]]
        return render_template(
            "create.html", pillars=pillars, roles=data["roles"].splitlines(), form=form,
            error=str(exc.message),
        ), exc.status
    return redirect(url_for("pages.console", token=cafe.moderator_token, created=1))


@blueprint.post("/from-template")
def create_from_template():
    """Start a new café from a set-up saved as JSON by an earlier café's console."""
    not_a_template = _("This file is not a café template (JSON).")

    def read_template() -> dict:
        raw = uploads.file_bytes("template", TEMPLATE_MAX_BYTES)
        data = validate.json_file(raw, "template", not_a_template) if raw else None
        if not isinstance(data, dict):
            raise invalid("template", not_a_template)
        return data

    try:
        cafe = cafes.create_cafe(read_template, default_language=str(get_locale()),
                                 address=request.remote_addr)
    except ServiceError as exc:
        language = str(get_locale())
        return render_template(
            "create.html", pillars=defaults.DEFAULT_PILLARS[language],
            roles=defaults.DEFAULT_ROLES[language], form={}, error=str(exc.message),
        ), exc.status
    return redirect(url_for("pages.console", token=cafe.moderator_token, created=1))


@blueprint.get("/join")
def join_by_code():
    code = request.args.get("code")
    if code is None:
        return render_template("join_code.html", error=None)
    try:
        cafe = cafes.cafe_by_code(code)
    except ServiceError as exc:
        return render_template("join_code.html", error=str(exc.message), code=code), (
            exc.status)
    return redirect(url_for("pages.join_cafe", code=cafe.code))


@blueprint.get("/j/<code>")
def join_cafe(code: str):
    cafe = cafes.cafe_by_code(code)
    g.cafe_language = cafe.language
    return render_template("participant.html", cafe=cafe)


@blueprint.get("/j/<code>/p/<personal_code>")
def personal_link(code: str, personal_code: str):
    """A person's own link: the phone page, which claims the person once it runs (a GET
    claims nothing: mail scanners and link previews open links too). An unknown, replaced
    or malformed link gets its error page in the café's language."""
    cafe = cafes.cafe_by_code(code)
    g.cafe_language = cafe.language
    person = phones.person_by_personal_code(cafe, personal_code, request.remote_addr)
    return render_template("participant.html", cafe=cafe, person=person,
                           personal_code=personal_code)


@blueprint.get("/guide")
def guide():
    return render_template("guide.html", content=guide_html())


@blueprint.get("/guide/screenshots/<name>")
def guide_screenshot(name: str):
    return send_from_directory(SCREENSHOTS, name, max_age=3600)


@blueprint.get("/sw.js")
def service_worker():
    # Served from the root so that its scope covers the phone pages under /j/.
    response = send_from_directory(current_app.static_folder, "sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.get("/j/<code>/qr.svg")
def join_qr(code: str):
    cafe = cafes.cafe_by_code(code)
    svg = qr_svg(public_links(cafe)["join_url"])
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@blueprint.get("/m/<token>")
def console(token: str):
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    return render_template("console.html", cafe=cafe, links=cafe_links(cafe),
                           colors=defaults.PILLAR_COLORS,
                           created=request.args.get("created") == "1")


@blueprint.get("/s/<token>")
def screen(token: str):
    cafe = cafes.cafe_for_screen(token)
    g.cafe_language = cafe.language
    return render_template("screen.html", cafe=cafe, links=public_links(cafe),
                           qr=qr_svg(public_links(cafe)["join_url"], scale=10))


@blueprint.get("/m/<token>/print/cards")
def route_cards(token: str):
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    # ?without_phone=1 (the console's second link): only people whose phone is not connected.
    without_phone = request.args.get("without_phone") == "1"
    cards = printouts.print_route_cards(cafe, without_phone)
    for card in cards:
        # The person's own link: scanning it makes a phone that person, seat and all.
        card["qr"] = qr_svg(personal_url(cafe, card["personal_code"]), fit=True)
    return render_template("print_cards.html", cafe=cafe, without_phone=without_phone,
                           cards=cards)


@blueprint.get("/m/<token>/print/badges")
def name_badges(token: str):
    """Name badges with each person's own QR code, 8 (or ?per_sheet=10) to an A4 sheet."""
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    per_sheet = 10 if request.args.get("per_sheet") == "10" else 8
    badges = printouts.badges(cafe)
    for badge in badges:
        badge["qr"] = qr_svg(badge["personal_url"], fit=True)
    return render_template("print_badges.html", cafe=cafe, badges=badges, per_sheet=per_sheet)


@blueprint.get("/m/<token>/print/signs")
def table_signs(token: str):
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    return render_template("print_signs.html", cafe=cafe, signs=printouts.table_signs(cafe),
                           links=public_links(cafe),
                           qr=qr_svg(public_links(cafe)["join_url"], scale=6))
