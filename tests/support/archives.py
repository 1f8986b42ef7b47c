"""A large café export made directly as data: faster than building the café and exporting it.

The shape is the JSON export's (schema version 2), with the fields a real export carries for
readers (pillar titles, authors), so the size is a real export's: 600 people with 5,000 ideas
make about 3 MB. Every value passes the restore's checks.
"""

from datetime import UTC, datetime, timedelta

ROUNDS = 5
TABLES = 100
PILLARS = 5
WORDS = ["Begegnung", "Straßenfest", "Nachbarschaft", "Sprachcafé", "Rathaus", "Ehrenamt",
         "Teilhabe", "Zugänge", "Öffnungszeiten", "Übersetzung", "Beratung", "Familien"]


def large_export(people: int = 600, ideas: int = 5000) -> dict:
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    pillars = [{"title": f"Säule {n + 1}", "question": "Was brauchen wir?", "color": None}
               for n in range(PILLARS)]
    tables = [{"name": "", "capacity": 8, "pillar": n % PILLARS} for n in range(TABLES)]
    setup = {"title": "Großes Netzwerktreffen", "place": "", "language": "de",
             "anonymous": False, "roles": ["Verwaltung", "Zivilgesellschaft"],
             "rounds": ROUNDS, "round_minutes": 20, "transition_minutes": 3,
             "dots_per_person": 5, "max_dots_per_idea": 3,
             "pillars": [{k: v for k, v in p.items() if v} for p in pillars],
             "tables": tables}

    def seat(person: int, round_index: int) -> int:
        return person if person <= TABLES else (person + round_index * 7) % TABLES + 1

    return {
        "schema_version": 2,
        "anonymous_export": False,
        "setup": setup,
        "cafe": {"code": "GROSS2", "created_at": start.isoformat(), "rounds_started": ROUNDS},
        "participants": [
            {"ref": n, "name": f"Person {n}", "organisation": f"Verein {n % 40}",
             "role": "Verwaltung" if n % 2 else "", "host_table": n if n <= TABLES else None,
             "joined_at": start.isoformat(), "left_after_round": None}
            for n in range(1, people + 1)
        ],
        "plan": [{"participant": n, "tables": [seat(n, r) for r in range(ROUNDS)]}
                 for n in range(1, people + 1)],
        "ideas": [
            {"ref": n, "pillar": f"Säule {n % PILLARS + 1}", "question": "Was brauchen wir?",
             "pillar_index": n % PILLARS, "table": seat(n % people + 1, (n - 1) * ROUNDS // ideas),
             "round": (n - 1) * ROUNDS // ideas + 1,
             "time": (start + timedelta(seconds=n)).isoformat(),
             "author": f"Person {n % people + 1}", "participant": n % people + 1,
             "text": " ".join(WORDS[(n + k) % len(WORDS)] for k in range(4 + n % 11)),
             "status": "shown", "hidden": False, "pinned": False, "merged_into": None,
             "original_text": None, "edited_at": None, "votes": 0}
            for n in range(1, ideas + 1)
        ],
        "votes": [{"participant": n, "idea": n % ideas + 1, "dots": 1}
                  for n in range(1, people + 1)],
        "summaries": [{"table": n, "author": n, "text": "Viele Ideen.",
                       "updated_at": start.isoformat()} for n in range(1, TABLES + 1)],
    }
