"""Errors as readable pages for people and as JSON for programs."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.services.errors import ServiceError


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app) -> None:
    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError):
        db.session.rollback()
        # Busy (503): the client may simply send the same request again shortly.
        headers = {"Retry-After": "2"} if exc.status == 503 else {}
        if _wants_json():
            return jsonify(ok=False, error=exc.to_dict()), exc.status, headers
        return render_template("error.html", message=str(exc.message)), exc.status, headers

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            404: _("This page does not exist."),
            405: _("This address does not accept that request."),
            413: _("That upload is too large."),
            500: _("Something went wrong on the server. Please try again."),
        }
        message = messages.get(exc.code, exc.description)
        if _wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return jsonify(ok=False, error={"code": code, "message": message}), exc.code
        return render_template("error.html", message=message), exc.code
