"""The child process that checks an upload: `python -m app.services.archive.child`.

Started by `restore_file`: parsing and checking a large file is pure CPU work that would
stall every connection of an eventlet or gevent server. The child reads the file on stdin
and writes its answer on stdout as a pickle (the plan holds datetimes; unpickling is about
twice as fast as reading JSON again, and only this module's own output is unpickled).
"""

import argparse
import pickle
import sys
from pathlib import Path

from flask import Flask
from flask_babel import Babel

from app.config import LANGUAGES
from app.services import validate
from app.services.archive.check import NOT_AN_EXPORT, read
from app.services.errors import ServiceError, invalid
from app.services.helpers import run_below_server

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def main(argv=None) -> int:
    """Read an upload on stdin; write {"plan": ...} or {"error": ...} as a pickle on stdout."""
    parser = argparse.ArgumentParser(prog="python -m app.services.archive.child")
    parser.add_argument("--locale", choices=LANGUAGES, required=True)
    parser.add_argument("--max-participants", type=int, required=True)
    args = parser.parse_args(argv)
    run_below_server()
    # A Flask app for the translations alone: refusals are worded in the uploader's language.
    app = Flask(__name__)
    Babel(app, locale_selector=lambda: args.locale,
          default_translation_directories=str(TRANSLATIONS))
    with app.app_context():
        try:
            data = validate.json_file(sys.stdin.buffer.read(), "archive", NOT_AN_EXPORT)
            if not isinstance(data, dict):
                raise invalid("archive", NOT_AN_EXPORT)
            answer = {"plan": read(data, args.max_participants)}
        except ServiceError as exc:
            answer = {"error": {"code": exc.code, "message": str(exc.message),
                                "status": exc.status, "details": exc.details}}
    pickle.dump(answer, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
