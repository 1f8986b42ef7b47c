"""The JSON API: creating cafés and joining them, for scripts and the phone page."""

from flask import Blueprint, Response, jsonify, request
from flask_babel import get_locale

from app.links import cafe_links
from app.services import cafes, idea_list, people, roster, snapshots

blueprint = Blueprint("api", __name__, url_prefix="/api")


def _json_body() -> dict:
    body = request.get_json(silent=True)
    return {} if body is None and not request.data else body


@blueprint.post("/cafes")
def create_cafe():
    cafe = cafes.create_cafe(_json_body(), default_language=_language(),
                             address=request.remote_addr)
    return jsonify(cafe_links(cafe)), 201


@blueprint.get("/cafes/<code>")
def cafe_info(code: str):
    cafe = cafes.cafe_by_code(code)
    summary = snapshots.cafe_summary(cafe)
    return jsonify({key: summary[key] for key in ("code", "title", "language", "roles",
                                                   "pillars", "timer")})


@blueprint.get("/cafes/<code>/ideas")
def cafe_ideas(code: str):
    """Every visible idea without authors: what the screen shows, for voting on the phone.
    Every phone asks when voting opens: one ready body per version, gzipped when accepted,
    and 304 to a phone that has this version already."""
    ideas = idea_list.visible_list(cafes.cafe_by_code(code))
    packed = "gzip" in request.headers.get("Accept-Encoding", "")
    etag = ideas.gzip_etag if packed else ideas.etag
    # no-cache: the browser keeps the list but asks each time whether it is still current.
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if request.if_none_match.contains_raw(etag):
        return Response(status=304, headers=headers)
    response = Response(ideas.gzipped if packed else ideas.body, mimetype="application/json",
                        headers=headers)
    if packed:
        response.headers["Content-Encoding"] = "gzip"
    return response


@blueprint.post("/cafes/<code>/participants")
def join_cafe(code: str):
    phone = people.join(code, _json_body())
    return jsonify(token=phone.token,
                   participant=snapshots.participant_dict(phone.participant)), 201


@blueprint.post("/cafes/<code>/claim")
def claim_person(code: str):
    """A phone becomes a person on the list by the secret of their personal link."""
    phone = people.claim(code, _json_body(), address=request.remote_addr)
    return jsonify(token=phone.token, participant=snapshots.participant_dict(phone.participant))


@blueprint.get("/cafes/<code>/list")
def search_list(code: str):
    """Unclaimed people on the list whose name begins with `q`, when the café lets phones
    pick their name (at most 20: never the whole list)."""
    people_found, more = people.search_list(code, request.args.get("q"), request.remote_addr)
    return jsonify(people=people_found, more=more)


@blueprint.post("/cafes/<code>/pick")
def pick_person(code: str):
    """A phone becomes the person on the list it picked."""
    phone = people.pick(code, _json_body(), address=request.remote_addr)
    return jsonify(token=phone.token, participant=snapshots.participant_dict(phone.participant))


def _language() -> str:
    return str(get_locale())


def _moderated_cafe():
    """The café whose moderator token came in the Authorization header."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return cafes.cafe_for_moderator(token if scheme.lower() == "bearer" else None)


@blueprint.post("/moderator/participants")
def import_participants():
    """A participant list as CSV (the request body or a form field named file)."""
    cafe = _moderated_cafe()
    upload = request.files.get("file")
    raw = upload.read() if upload else request.get_data()
    result = roster.import_csv(cafe, raw)
    return jsonify(ok=True, imported=len(result.people), duplicates=result.duplicates), 201
