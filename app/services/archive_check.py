"""Reading and checking a café's JSON export before anything of it is written.

`read` turns the parsed file into a plan of plain values, or refuses it with the place and
the problem. Uploads are checked in a child process (`python -m app.services.archive_check`,
started by archive.restore_file): parsing and checking a large file is pure CPU work that
would stall every connection of an eventlet or gevent server. The child reads the file on
stdin and writes its answer on stdout as a pickle (the plan holds datetimes; unpickling is
about twice as fast as reading JSON again, and only this module's own output is unpickled).
"""

import argparse
import os
import pickle
import sys
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_babel import lazy_gettext as _l

from app.config import LANGUAGES
from app.services import setup, validate, votes
from app.services.errors import ServiceError, invalid
from app.services.exports.json_export import JSON_SCHEMA_VERSION
from app.services.ideas import MAX_IDEA_LENGTH
from app.services.summaries import MAX_SUMMARY_LENGTH

SECTIONS = ("participants", "plan", "ideas", "votes", "summaries")
NOT_AN_EXPORT = _l("This file is not a café export of this app (JSON).")
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def _broken(where: str, problem) -> ServiceError:
    return ServiceError(
        "invalid_archive",
        _l("The file cannot be restored. At %(where)s: %(problem)s", where=where,
           problem=problem),
        field=where,
    )


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _broken(where, _l("an object with fields was expected."))
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise _broken(where, _l("a list was expected."))
    return value


def _integer(value, where: str, low: int, high: int, *, null: bool = False) -> int | None:
    if value is None and null:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _broken(where, _l("a whole number from %(low)d to %(high)d was expected.",
                                low=low, high=high))
    return value


def _flag(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise _broken(where, _l("true or false was expected."))
    return value


def _text(value, where: str, label, min_len: int, max_len: int, *, null: bool = False):
    if value is None and null:
        return None
    try:
        return validate.text({"value": value}, "value", label, min_len=min_len,
                             max_len=max_len)
    except ServiceError as exc:
        raise _broken(where, exc.message) from None


def _time(value, where: str, *, null: bool = False) -> datetime | None:
    if value is None and null:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise _broken(where, _l("a date and time (ISO 8601) was expected."))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    # Stored as UTC: a time whose UTC falls outside the years 1 to 9999 cannot be stored.
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise _broken(where, _l("a date and time between the years 1 and 9999 (in UTC) was "
                                "expected.")) from None


def _ref(item: dict, where: str, seen: set) -> int:
    ref = _integer(item.get("ref"), f"{where}.ref", 1, validate.MAX_ROW_ID)
    if ref in seen:
        raise _broken(f"{where}.ref", _l("this number is used twice."))
    seen.add(ref)
    return ref


def _known(value, where: str, known) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value not in known:
        raise _broken(where, _l("this refers to an entry the file does not contain."))
    return value


def read(data, max_participants: int) -> dict:
    """The checked content of a parsed export, or a ServiceError naming what is wrong."""
    data = validate.payload(data)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ServiceError("invalid_archive", NOT_AN_EXPORT, field="schema_version")
    if version != JSON_SCHEMA_VERSION:
        raise ServiceError(
            "unsupported_version",
            _l("This export has schema version %(found)d; this app restores version "
               "%(wanted)d only.", found=version, wanted=JSON_SCHEMA_VERSION),
            field="schema_version",
        )
    for section in ("setup", "cafe"):
        _object(data.get(section), section)
    for section in SECTIONS:
        _list(data.get(section), section)
    raw_setup = data["setup"]
    _list(raw_setup.get("pillars"), "setup.pillars")
    _list(raw_setup.get("tables"), "setup.tables")
    language = raw_setup.get("language")
    if language not in LANGUAGES:
        raise _broken("setup.language", _l("Choose German (de) or English (en)."))
    try:
        values = setup.read_setup(raw_setup, setup.default_setup(language))
    except ServiceError as exc:
        raise _broken(f"setup.{exc.details.get('field', '')}".rstrip("."), exc.message) from None
    rounds, tables = values["rounds"], len(values["tables"])
    raw_cafe = data["cafe"]
    plan = {
        "setup": values,
        "code": raw_cafe.get("code") if isinstance(raw_cafe.get("code"), str) else None,
        "created_at": _time(raw_cafe.get("created_at"), "cafe.created_at"),
        "rounds_started": _integer(raw_cafe.get("rounds_started"), "cafe.rounds_started", 0,
                                   rounds),
    }
    plan["participants"] = _participants(data["participants"], tables, rounds,
                                         max_participants)
    people = {p["ref"] for p in plan["participants"]}
    plan["plan"] = _seats(data["plan"], people, tables, rounds)
    plan["ideas"] = _ideas(data["ideas"], people, len(values["pillars"]), tables, rounds)
    ideas = {i["ref"] for i in plan["ideas"]}
    plan["votes"] = _votes(data["votes"], people, ideas)
    plan["summaries"] = _summaries(data["summaries"], people, tables)
    return plan


def _participants(items: list, tables: int, rounds: int, limit: int) -> list[dict]:
    if len(items) > limit:
        raise _broken("participants", _l("a café holds at most %(max)d people.", max=limit))
    seen: set[int] = set()
    hosts: set[int] = set()
    people = []
    for i, raw in enumerate(items):
        where = f"participants[{i}]"
        item = _object(raw, where)
        host = _integer(item.get("host_table"), f"{where}.host_table", 1, tables, null=True)
        if host is not None:
            if host in hosts:
                raise _broken(f"{where}.host_table", _l("a table has one host only."))
            hosts.add(host)
        people.append({
            "ref": _ref(item, where, seen),
            "name": _text(item.get("name"), f"{where}.name", _l("Name"), 1, 60, null=True),
            "organisation": _text(item.get("organisation"), f"{where}.organisation",
                                  _l("Organisation"), 0, 120, null=True) or "",
            "role": _text(item.get("role"), f"{where}.role", _l("Role"), 0, 60,
                          null=True) or "",
            "host_table": host,
            "joined_at": _time(item.get("joined_at"), f"{where}.joined_at"),
            "left_after_round": _integer(item.get("left_after_round"),
                                         f"{where}.left_after_round", 0, rounds, null=True),
        })
    return people


def _seats(items: list, people: set, tables: int, rounds: int) -> list[dict]:
    seen: set[int] = set()
    rows = []
    for i, raw in enumerate(items):
        where = f"plan[{i}]"
        item = _object(raw, where)
        person = _known(item.get("participant"), f"{where}.participant", people)
        if person in seen:
            raise _broken(f"{where}.participant", _l("this person is in the plan twice."))
        seen.add(person)
        numbers = _list(item.get("tables"), f"{where}.tables")
        if len(numbers) != rounds:
            raise _broken(f"{where}.tables", _l("one table number (or null) per round was "
                                                "expected."))
        rows.append({"participant": person, "tables": [
            _integer(n, f"{where}.tables[{r}]", 1, tables, null=True)
            for r, n in enumerate(numbers)]})
    return rows


def _ideas(items: list, people: set, pillars: int, tables: int, rounds: int) -> list[dict]:
    seen: set[int] = set()
    ideas = []
    for i, raw in enumerate(items):
        where = f"ideas[{i}]"
        item = _object(raw, where)
        ideas.append({
            "ref": _ref(item, where, seen),
            "participant": _known(item.get("participant"), f"{where}.participant", people),
            "pillar_index": _integer(item.get("pillar_index"), f"{where}.pillar_index", 0,
                                     pillars - 1, null=True),
            "table": _integer(item.get("table"), f"{where}.table", 1, tables, null=True),
            "round": _integer(item.get("round"), f"{where}.round", 1, rounds),
            "time": _time(item.get("time"), f"{where}.time"),
            "text": _text(item.get("text"), f"{where}.text", _l("Idea"), 1, MAX_IDEA_LENGTH),
            "hidden": _flag(item.get("hidden"), f"{where}.hidden"),
            "pinned": _flag(item.get("pinned"), f"{where}.pinned"),
            "merged_into": item.get("merged_into"),
            "original_text": _text(item.get("original_text"), f"{where}.original_text",
                                   _l("Idea"), 1, MAX_IDEA_LENGTH, null=True),
            "edited_at": _time(item.get("edited_at"), f"{where}.edited_at", null=True),
        })
    merged = {idea["ref"]: idea["merged_into"] for idea in ideas}
    for i, idea in enumerate(ideas):
        target = idea["merged_into"]
        if target is None:
            continue
        where = f"ideas[{i}].merged_into"
        _known(target, where, seen)
        # Duplicates point at the idea kept, which is itself merged into nothing.
        if target == idea["ref"] or merged[target] is not None:
            raise _broken(where, _l("an idea can only be merged into an idea that is kept."))
    return ideas


def _votes(items: list, people: set, ideas: set) -> list[dict]:
    seen: set[tuple[int, int]] = set()
    rows = []
    for i, raw in enumerate(items):
        where = f"votes[{i}]"
        item = _object(raw, where)
        pair = (_known(item.get("participant"), f"{where}.participant", people),
                _known(item.get("idea"), f"{where}.idea", ideas))
        if pair in seen:
            raise _broken(where, _l("this person's dots on this idea are listed twice."))
        seen.add(pair)
        rows.append({"participant": pair[0], "idea": pair[1],
                     "dots": _integer(item.get("dots"), f"{where}.dots", 1, votes.MAX_DOTS)})
    return rows


def _summaries(items: list, people: set, tables: int) -> list[dict]:
    seen: set[int] = set()
    rows = []
    for i, raw in enumerate(items):
        where = f"summaries[{i}]"
        item = _object(raw, where)
        table = _integer(item.get("table"), f"{where}.table", 1, tables)
        if table in seen:
            raise _broken(f"{where}.table", _l("a table has one summary only."))
        seen.add(table)
        author = item.get("author")
        rows.append({
            "table": table,
            "author": None if author is None else _known(author, f"{where}.author", people),
            "text": _text(item.get("text"), f"{where}.text", _l("Summary"), 0,
                          MAX_SUMMARY_LENGTH),
            "updated_at": _time(item.get("updated_at"), f"{where}.updated_at"),
        })
    return rows


# ---- the child process ---------------------------------------------------------------------

def main(argv=None) -> int:
    """Read an upload on stdin; write {"plan": ...} or {"error": ...} as a pickle on stdout."""
    parser = argparse.ArgumentParser(prog="python -m app.services.archive_check")
    parser.add_argument("--locale", choices=LANGUAGES, required=True)
    parser.add_argument("--max-participants", type=int, required=True)
    args = parser.parse_args(argv)
    # Below the server in the CPU's queue: on a small machine it would compete for the core
    # that answers the clients.
    os.nice(10)
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
