"""A café's set-up: reading it from forms, JSON or a saved template, and changing it later.

The same plain dict is what a template file holds, so a set-up saved from one café starts
the next one.
"""

from flask_babel import lazy_gettext as _l

from app.bounds import LENGTHS, MAX_PILLARS, RANGES
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
        "round_minutes": cafe.round_minutes,
        "transition_minutes": cafe.transition_minutes,
        "dots_per_person": cafe.dots_per_person,
        "max_dots_per_idea": cafe.max_dots_per_idea,
        "pillars": [{"title": p.title, "question": p.question, "color": p.color}
                    for p in cafe.pillars],
        "tables": [{"name": t.name, "capacity": t.capacity,
                    "pillar": position.get(t.pillar_id)} for t in cafe.tables],
    }


def default_setup(language: str) -> dict:
    pillars = [{"title": title, "question": question} for title, question
               in defaults.DEFAULT_PILLARS[language]]
    return {
        "title": defaults.DEFAULT_TITLE[language],
        "place": "",
        "language": language,
        "anonymous": False,
        "hold_results": True,
        "pick_from_list": False,
        "roles": list(defaults.DEFAULT_ROLES[language]),
        "rounds": max(3, min(5, len(pillars))),
        "round_minutes": defaults.DEFAULT_ROUND_MINUTES,
        "transition_minutes": 3,
        "dots_per_person": 5,
        "max_dots_per_idea": 3,
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
        "rounds": validate.integer(data, "rounds", _l("Number of rounds"),
                                   low=RANGES.rounds.low, high=RANGES.rounds.high,
                                   default=base["rounds"]),
        "round_minutes": validate.integer(data, "round_minutes", _l("Minutes per round"),
                                          low=RANGES.round_minutes.low,
                                          high=RANGES.round_minutes.high,
                                          default=base["round_minutes"]),
        "transition_minutes": validate.integer(
            data, "transition_minutes", _l("Minutes for changing tables"),
            low=RANGES.transition_minutes.low, high=RANGES.transition_minutes.high,
            default=base["transition_minutes"]),
        "dots_per_person": validate.integer(data, "dots_per_person", _l("Dots per person"),
                                            low=RANGES.dots.low, high=RANGES.dots.high,
                                            default=base["dots_per_person"]),
        "pillars": pillars,
    }
    setup["max_dots_per_idea"] = validate.integer(
        data, "max_dots_per_idea", _l("Dots per idea at most"), low=RANGES.dots.low,
        high=setup["dots_per_person"],
        default=min(base["max_dots_per_idea"], setup["dots_per_person"]))
    setup["tables"] = _tables(data, base, len(pillars))
    return setup


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
                  "roles", "rounds", "round_minutes", "transition_minutes", "dots_per_person",
                  "max_dots_per_idea"):
        setattr(cafe, field, setup[field])
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
