"""Input checks shared by every service: each failure names the field and says what fits."""

import json
import re

from flask_babel import lazy_gettext as _l

from app.services.errors import invalid

_MISSING = object()
# Decimal digits that int() reads (str.isdigit() also passes "²", which int() refuses), and
# not more of them than any field could use (int() refuses strings past 4300 digits).
_WHOLE_NUMBER = re.compile(r"-?\d{1,18}")
# Database keys are signed 64-bit integers: a bigger number cannot name a row.
MAX_ROW_ID = 2**63 - 1
# Digits of a number in an uploaded JSON file: more than any field uses (2**63 has 19), and
# far below the 4300 at which int() gives up with an error that is no reason for people.
MAX_JSON_DIGITS = 20


class _TooManyDigits(ValueError):
    pass


def text(data: dict, field: str, label, *, min_len: int, max_len: int, default=_MISSING) -> str:
    value = data.get(field, default)
    if value is _MISSING or value is None:
        if default is not _MISSING:
            return default
        value = ""
    if not isinstance(value, str) or not _storable(value):
        raise invalid(field, _l("%(label)s must be text.", label=label))
    # Line breaks inside a single-line field would break exports and table layouts.
    value = value.strip()
    if not min_len <= len(value) <= max_len:
        raise invalid(
            field,
            _l("%(label)s needs %(min)d to %(max)d characters.", label=label, min=min_len,
               max=max_len),
        )
    return value


def integer(data: dict, field: str, label, *, low: int, high: int, default: int) -> int:
    value = data.get(field, default)
    if value is None:
        return default
    if isinstance(value, str):
        value = whole_number(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(field, _l("%(label)s must be a whole number.", label=label))
    if not low <= value <= high:
        raise invalid(
            field, _l("%(label)s must be from %(low)d to %(high)d.", label=label, low=low,
                      high=high)
        )
    return value


def whole_number(value: str) -> int | None:
    """The text as a whole number, or None when it is not one that int() reads as written."""
    value = value.strip()
    return int(value) if _WHOLE_NUMBER.fullmatch(value) else None


def boolean(data: dict, field: str, label, *, default: bool) -> bool:
    value = data.get(field, default)
    if isinstance(value, bool):
        return value
    if value in ("on", "true", "1", 1):
        return True
    if value in ("off", "false", "0", 0, "", None):
        return False
    raise invalid(field, _l("%(label)s must be yes or no.", label=label))


def row_id(value) -> int | None:
    """The value as a database id, or None when it cannot be one (wrong type, out of range)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID:
        return value
    return None


def _storable(value: str) -> bool:
    """JSON can carry lone surrogates ("\\ud800"); they are not text and UTF-8 cannot hold them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def payload(data) -> dict:
    if not isinstance(data, dict):
        raise invalid("payload", _l("The request must be a JSON object."))
    return data


def json_file(raw: bytes, field: str, not_json) -> object:
    """The document in an uploaded JSON file. A file that is not JSON is refused with the
    caller's words (not_json); one that is JSON but holds something no field can use (a
    number of thousands of digits, nesting deeper than Python's recursion limit) with that
    reason, rather than an error deep inside the parser."""
    try:
        return json.loads(raw, parse_int=_short_integer)
    except _TooManyDigits:
        raise invalid(field, _l("The file holds a number with more than %(max)d digits.",
                                max=MAX_JSON_DIGITS)) from None
    except RecursionError:
        raise invalid(field, _l("The file's lists and objects are nested too deeply.")) from None
    except ValueError:  # not UTF-8 or not JSON
        raise invalid(field, not_json) from None


def _short_integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise _TooManyDigits
    return int(digits)
