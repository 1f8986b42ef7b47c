"""The one error type a service raises: a stable code for programs, a sentence for people."""

from flask_babel import lazy_gettext as _l

from app.models import Cafe, Phase


class ServiceError(Exception):
    def __init__(self, code: str, message, status: int = 400, **details):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status
        self.details = details

    def to_dict(self) -> dict:
        error = {"code": self.code, "message": str(self.message)}
        if self.details:
            error["details"] = self.details
        return error


def invalid(field: str, message) -> ServiceError:
    return ServiceError("invalid_input", message, field=field)


def not_allowed() -> ServiceError:
    return ServiceError(
        "forbidden", _l("This action needs the moderator's link of this café."), status=403
    )


def busy() -> ServiceError:
    """The database stayed locked (or the writer stuck) too long; the client keeps its input."""
    return ServiceError(
        "busy", _l("The server is busy. Your input is kept; please send it again in a moment."),
        status=503,
    )


PHASE_NAMES = {
    Phase.LOBBY: _l("before the first round"),
    Phase.ROUND: _l("while a round runs"),
    Phase.PAUSED: _l("while the round is paused"),
    Phase.BETWEEN: _l("between rounds"),
    Phase.HARVEST: _l("during the harvest"),
    Phase.CLOSED: _l("after the café has ended"),
}


def require_phase(cafe: Cafe, *phases: str, message=None) -> None:
    """Refuse what the café's phase does not allow: always `wrong_phase`, with the phase in
    the details; `message` says it better where the general sentence would be vague."""
    if cafe.phase not in phases:
        raise ServiceError(
            "wrong_phase",
            message or _l("This is not possible %(when)s.", when=PHASE_NAMES[cafe.phase]),
            status=409,
            phase=cafe.phase,
        )
