"""The one error type a service raises: a stable code for programs, a sentence for people."""

from flask_babel import lazy_gettext as _l


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
