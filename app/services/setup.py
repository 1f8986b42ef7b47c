"""A café's set-up: reading it from forms, JSON or a saved template, and changing it later.

The same plain dict is what a template file holds, so a set-up saved from one café starts
the next one.
"""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l

from app.bounds import LENGTHS, MAX_PILLARS, RANGES, VOTE_ON, Span
from app.config import LANGUAGES
from app.extensions import db
from app.models import Cafe, CafeTable, Phase, Pillar
from app.services import defaults, notify, replanning, seating, validate
from app.services.errors import invalid, require_phase

MAX_ROLES = 12
STRUCTURE = ("pillars", "tables", "seats_per_table", "rounds")


def setup_of(cafe: Cafe) -> dict:
    position = {p.id: i for i, p in enumerate(cafe.pillars)}
    return {
        "title": cafe.title,
        "place": cafe.place,
        "language": cafe.language,
        "anonymous": cafe.anonymous,
        "hold_results": cafe.hold_results,
        "pick_from_list": cafe.pick_from_list,
        "roles": list(cafe.roles),
        "rounds": cafe.rounds,
        "round_minutes": list(cafe.round_minutes_list),
        "transition_minutes": list(cafe.transition_minutes_list),
        "planned_start": (cafe.planned_start.isoformat(timespec="seconds")
                          if cafe.planned_start else None),
        "dots_per_person": cafe.dots_per_person,
        "max_dots_per_idea": cafe.max_dots_per_idea,
        "vote_on": cafe.vote_on,
        "pillars": [{"title": p.title, "question": p.question, "color": p.color}
                    for p in cafe.pillars],
        "tables": [{"name": t.name, "capacity": t.capacity,
                    "pillar": position.get(t.pillar_id)} for t in cafe.tables],
    }


def default_setup(language: str) -> dict:
    pillars = [{"title": title, "question": question} for title, question
               in defaults.DEFAULT_PILLARS[language]]
    rounds = max(3, min(5, len(pillars)))
    return {
        "title": defaults.DEFAULT_TITLE[language],
        "place": "",
        "language": language,
        "anonymous": False,
        "hold_results": True,
        "pick_from_list": False,
        "roles": list(defaults.DEFAULT_ROLES[language]),
        "rounds": rounds,
        "round_minutes": [defaults.DEFAULT_ROUND_MINUTES] * rounds,
        "transition_minutes": [defaults.DEFAULT_TRANSITION_MINUTES] * (rounds - 1),
        "planned_start": None,
        "dots_per_person": 5,
        "max_dots_per_idea": 3,
        "vote_on": "ideas",
        "pillars": pillars,
        "tables": None,  # two per pillar unless given
    }


def read_setup(data: dict, base: dict) -> dict:
    """Validate every field given in data; fields not given keep the value in base."""
    data = validate.payload(data)
    language = data.get("language", base["language"])
    if language not in LANGUAGES:
        raise invalid("language", _l("Choose German (de) or English (en)."))
    pillars = _pillars(data.get("pillars"), base["pillars"])
    rounds = validate.integer(data, "rounds", _l("Number of rounds"), low=RANGES.rounds.low,
                              high=RANGES.rounds.high, default=base["rounds"])
    setup = {
        "language": language,
        "title": validate.text(data, "title", _l("Title"), min_len=1, max_len=LENGTHS.title,
                               default=base["title"]),
        "place": validate.text(data, "place", _l("Place"), min_len=0, max_len=LENGTHS.place,
                               default=base.get("place", "")),
        "anonymous": validate.boolean(data, "anonymous", _l("Anonymous"),
                                      default=base["anonymous"]),
        # Templates saved before the option existed hold results back, as new cafés do.
        "hold_results": validate.boolean(data, "hold_results", _l("Hold results back"),
                                         default=base.get("hold_results", True)),
        # Off unless asked for (names on the list are personal data), in older templates too.
        "pick_from_list": validate.boolean(data, "pick_from_list", _l("Pick from the list"),
                                           default=base.get("pick_from_list", False)),
        "roles": _roles(data.get("roles"), base["roles"]),
        "rounds": rounds,
        "round_minutes": _agenda(
            data, "round_minutes", base["round_minutes"], rounds, RANGES.round_minutes,
            defaults.DEFAULT_ROUND_MINUTES, each=_l("Minutes per round"),
            count_error=_l("Give the minutes of each round: %(count)d numbers.",
                           count=rounds),
            label=lambda n: _l("Minutes of round %(number)d", number=n)),
        "transition_minutes": _agenda(
            data, "transition_minutes", base["transition_minutes"], rounds - 1,
            RANGES.transition_minutes, defaults.DEFAULT_TRANSITION_MINUTES,
            each=_l("Minutes for changing tables"),
            count_error=_l("Give the minutes of each change-over between rounds: "
                           "%(count)d numbers.", count=rounds - 1),
            label=lambda n: _l("Minutes for changing tables after round %(number)d",
                               number=n)),
        "planned_start": _planned_start(data.get("planned_start", base.get("planned_start"))),
        "dots_per_person": validate.integer(data, "dots_per_person", _l("Dots per person"),
                                            low=RANGES.dots.low, high=RANGES.dots.high,
                                            default=base["dots_per_person"]),
        # Templates saved before the option existed vote on ideas, as new cafés do.
        "vote_on": _vote_on(data.get("vote_on", base.get("vote_on", "ideas"))),
        "pillars": pillars,
    }
    setup["max_dots_per_idea"] = validate.integer(
        data, "max_dots_per_idea", _l("Dots per idea at most"), low=RANGES.dots.low,
        high=setup["dots_per_person"],
        default=min(base["max_dots_per_idea"], setup["dots_per_person"]))
    setup["tables"] = _tables(data, base, len(pillars))
    return setup


def _vote_on(value) -> str:
    if value not in VOTE_ON:
        raise invalid("vote_on", _l("Choose whether people vote on ideas or on themes."))
    return value


def _agenda(data: dict, field: str, base: list[int], count: int, span: Span, fallback: int,
            *, each, count_error, label) -> list[int]:
    """Minutes for each of `count` rounds (or change-overs), as a list of that length.

    One number stands for each of them: the create page, the API and templates and exports
    made before the agenda give one. Given nothing, the base's list is kept, cut short or
    continued with its last value when the number of rounds changes.
    """
    raw = data.get(field)
    if raw is None:
        return (base + [base[-1] if base else fallback] * count)[:count]
    if not isinstance(raw, list):
        one = validate.integer(data, field, each, low=span.low, high=span.high,
                               default=fallback)
        return [one] * count
    if len(raw) != count:
        raise invalid(field, count_error)
    minutes = []
    for number, value in enumerate(raw, start=1):
        if value is None:
            raise invalid(field, _l("%(label)s must be a whole number.", label=label(number)))
        minutes.append(validate.integer({field: value}, field, label(number), low=span.low,
                                        high=span.high, default=fallback))
    return minutes


def _planned_start(raw) -> datetime | None:
    """An ISO 8601 date and time with its UTC offset (the console sends the browser's local
    time that way), kept in UTC; empty: no start planned."""
    if raw is None or raw == "":
        return None
    try:
        moment = datetime.fromisoformat(raw.strip()) if isinstance(raw, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise invalid("planned_start", _l("Give the planned start as a date and a time."))
    if moment.tzinfo is None:
        raise invalid("planned_start", _l(
            "Give the planned start with its offset from UTC, e.g. 2026-05-04T14:00+02:00."))
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first UTC moment Python knows
        raise invalid("planned_start",
                      _l("Give the planned start as a date and a time.")) from None


def _pillars(raw, base: list[dict]) -> list[dict]:
    if raw is None:
        raw = base
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_PILLARS:
        raise invalid("pillars", _l("A café needs 1 to %(max)d pillars.", max=MAX_PILLARS))
    pillars = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise invalid("pillars", _l("Each pillar needs a title and a question."))
        color = item.get("color") or defaults.PILLAR_COLORS[i % len(defaults.PILLAR_COLORS)]
        if color not in defaults.PILLAR_COLORS:
            raise invalid("color", _l("Choose one of the offered colours."))
        pillars.append({
            "title": validate.text(item, "title", _l("Pillar title"), min_len=1,
                                   max_len=LENGTHS.pillar_title),
            "question": validate.text(item, "question", _l("Guiding question"), min_len=0,
                                      max_len=LENGTHS.question, default=""),
            "color": color,
        })
    return pillars


def _roles(raw, base: list[str]) -> list[str]:
    if raw is None:
        return list(base)
    if isinstance(raw, str):
        raw = [line for line in raw.splitlines() if line.strip()]
    if not isinstance(raw, list) or len(raw) > MAX_ROLES:
        raise invalid("roles", _l("Give at most 12 roles, one per line."))
    return [validate.text({"role": role}, "role", _l("Role"), min_len=1,
                          max_len=LENGTHS.role)
            for role in raw]


def _tables(data: dict, base: dict, pillar_count: int) -> list[dict]:
    """A list of tables, or a number of them (spread round the pillars) with seats each."""
    raw = data.get("tables")
    if isinstance(raw, list):
        if not RANGES.tables.low <= len(raw) <= RANGES.tables.high:
            raise invalid("tables", _l("A café needs 1 to %(max)d tables.",
                                       max=RANGES.tables.high))
        return [_table(item, pillar_count) for item in raw]
    if raw is None and base["tables"] and "seats_per_table" not in data:
        return [_table(item, pillar_count) for item in base["tables"]]
    count = validate.integer(data, "tables", _l("Number of tables"),
                             low=RANGES.tables.low, high=RANGES.tables.high,
                             default=len(base["tables"] or []) or pillar_count * 2)
    seats = validate.integer(data, "seats_per_table", _l("Seats per table"),
                             low=RANGES.seats.low, high=RANGES.seats.high,
                             default=defaults.DEFAULT_SEATS_PER_TABLE)
    # Tables go round the pillars so every pillar gets an even share of them.
    return [{"name": "", "capacity": seats, "pillar": n % pillar_count} for n in range(count)]


def _table(item, pillar_count: int) -> dict:
    if not isinstance(item, dict):
        raise invalid("tables", _l("Each table needs its seats and its pillar."))
    pillar = item.get("pillar")
    if pillar is not None and (isinstance(pillar, bool) or not isinstance(pillar, int)
                               or not 0 <= pillar < pillar_count):
        raise invalid("pillar", _l("A table's pillar must be one of the café's pillars."))
    return {
        "name": validate.text(item, "name", _l("Table name"), min_len=0,
                              max_len=LENGTHS.table_name,
                              default=""),
        "capacity": validate.integer(item, "capacity", _l("Seats per table"),
                                     low=RANGES.seats.low, high=RANGES.seats.high,
                                     default=defaults.DEFAULT_SEATS_PER_TABLE),
        "pillar": pillar,
    }


def apply_setup(cafe: Cafe, setup: dict) -> None:
    """Write a validated set-up onto the café, reusing pillar and table rows by position."""
    for field in ("title", "place", "language", "anonymous", "hold_results", "pick_from_list",
                  "roles", "rounds", "planned_start", "dots_per_person", "max_dots_per_idea",
                  "vote_on"):
        setattr(cafe, field, setup[field])
    cafe.round_minutes_list = setup["round_minutes"]
    cafe.transition_minutes_list = setup["transition_minutes"]
    pillars = list(cafe.pillars)
    for i, wanted in enumerate(setup["pillars"]):
        if i == len(pillars):
            pillars.append(Pillar(position=i))
        pillars[i].position = i
        pillars[i].title, pillars[i].question, pillars[i].color = (
            wanted["title"], wanted["question"], wanted["color"])
    cafe.pillars = pillars[:len(setup["pillars"])]
    tables = list(cafe.tables)
    for i, wanted in enumerate(setup["tables"]):
        if i == len(tables):
            tables.append(CafeTable(number=i + 1))
        tables[i].number = i + 1
        tables[i].name = wanted["name"]
        tables[i].capacity = wanted["capacity"]
        tables[i].pillar = None if wanted["pillar"] is None else cafe.pillars[wanted["pillar"]]
    cafe.tables = tables[:len(setup["tables"])]


def update_setup(cafe: Cafe, data: dict) -> Cafe:
    """Change the set-up. Pillars, tables and rounds only before the first round starts."""
    data = validate.payload(data)
    current = setup_of(cafe)
    setup = read_setup(data, current)
    structural = any(setup[key] != current[key] for key in ("pillars", "tables", "rounds"))
    if setup["vote_on"] != current["vote_on"] and cafe.voting_open:
        # Dots given so far would silently stop counting.
        raise invalid("vote_on", _l("What people vote on can be changed while voting is "
                                    "closed only."))
    if structural:
        require_phase(cafe, Phase.LOBBY, message=_l(
            "Pillars, tables and rounds can only be changed before the first round."))
        if seating.plan_outdated(cafe):
            # Its seats name the old tables (and so do its route cards); a plan for the new
            # ones is made ahead, or when the first round starts.
            seating.drop_future_seats(cafe, cafe.current_round)
            cafe.plan_printed = False
    apply_setup(cafe, setup)
    db.session.commit()
    notify.cafe_changed(cafe)
    if structural:
        replanning.plan_ahead(cafe)
    return cafe
