"""Downloads for the moderator: exports of the café's results and its set-up as a template."""

import json

from flask import Blueprint, Response, g

from app.services import cafes, exports, setup

blueprint = Blueprint("downloads", __name__)


@blueprint.get("/m/<token>/setup.json")
def setup_template(token: str):
    """The café's set-up as a template file for the next café."""
    cafe = cafes.cafe_for_moderator(token)
    body = json.dumps(setup.setup_of(cafe), ensure_ascii=False, indent=2)
    return _download(body, "application/json; charset=utf-8", cafe, "setup.json")


@blueprint.get("/m/<token>/export.csv")
def export_csv(token: str):
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    return _download(exports.ideas_csv(cafe), "text/csv; charset=utf-8", cafe, "csv")


@blueprint.get("/m/<token>/export.json")
def export_json(token: str):
    cafe = cafes.cafe_for_moderator(token)
    body = json.dumps(exports.cafe_json(cafe), ensure_ascii=False, indent=2)
    return _download(body, "application/json; charset=utf-8", cafe, "json")


def _download(body: str, mimetype: str, cafe, extension: str) -> Response:
    filename = f"worldcafe-{cafe.code}-{cafe.created_at:%Y-%m-%d}.{extension}"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })
