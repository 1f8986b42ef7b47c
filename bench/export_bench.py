"""How long each export of a large café takes: 600 people, 5 pillars, 100 tables, 5 rounds,
5,000 ideas, dots, summaries; every format must finish within 5 s.

The café's set-up goes through the service layer; people, seats, ideas, votes and summaries
are bulk-inserted through the models (the services would take minutes for 5,000 ideas, and
the seating engine is benchmarked on its own). Each export is then fetched through the app
like the console's links do, and its bytes are counted. Restoring the JSON into a fresh
database is timed as well.

    .venv/bin/python bench/export_bench.py [--ideas 5000] [--people 600]
"""

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from app import create_app
from app.config import Config
from app.extensions import db
from app.models import Idea, Participant, Phase, Seat, TableSummary, Vote
from app.realtime.publisher import RecordingPublisher
from app.services import archive, cafes

BUDGET_S = 5.0
PILLARS = [
    ("Aktive Begegnung", "Wo kommen Menschen bei uns ins Gespräch?"),
    ("Gleichberechtigte Teilhabe", "Welche Hürden bauen wir ab?"),
    ("Vielfalt", "Wie wird Vielfalt sichtbar?"),
    ("Augenhöhe von Verwaltung und zivilgesellschaftlichem Engagement",
     "Was braucht Zusammenarbeit auf Augenhöhe?"),
    ("Sprache und Information", "Wie erreichen Informationen alle?"),
]
TOWNS = ["Köln", "Düsseldorf", "Münster", "Lüdenscheid", "Bünde", "Gütersloh", "Höxter",
         "Mülheim", "Lünen", "Schwäbisch Gmünd", "Fürth", "Görlitz", "Jülich", "Neuss",
         "Wülfrath", "Öhringen", "Überlingen", "Kötzting", "Bückeburg", "Hörstel"]
KINDS = ["Stadt", "Verein", "Integrationsrat", "Kreis", "Initiative"]
FIRST = ["Jürgen", "Ayşe", "Zoë", "Björn", "Małgorzata", "Özlem", "Jörg", "Mehmet", "Anna",
         "Dragoş", "Sören", "Fatma", "Lukas", "Grete", "Yusuf", "Ines"]
LAST = ["Groß", "Öztürk", "Müller", "Weiß", "Schäfer", "Nowak", "Kaya", "Krüger", "Fuß",
        "Bauer", "Şahin", "Lindström", "Meißner", "Haas"]
WORDS = ["Begegnung", "Straßenfest", "Nachbarschaft", "Sprachcafé", "Rathaus", "Ehrenamt",
         "Teilhabe", "Zugänge", "Öffnungszeiten", "Übersetzung", "Beratung",
         "Willkommenskultur", "Jugendliche", "Familien", "Vereine", "Spielplatz", "Bücherei",
         "Sportverein", "Mehrsprachigkeit", "Patenschaften", "Gemeinwesen", "Haushaltsmittel",
         "Förderung", "Räume", "Barrierefreiheit", "Mobilität", "Bürgerbüro"]
STARTS = ["Mehr", "Weniger", "Gemeinsame", "Regelmäßige", "Offene", "Kostenlose", "Bessere",
          "=Ideen", "+Kooperation", "-Bürokratie", "@Vernetzung"]


def sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(4, 14))
    text = f"{rng.choice(STARTS)} {' '.join(words)} – „{rng.choice(WORDS)}“ für alle"
    if rng.random() < 0.1:
        text += "\nUnd: " + " ".join(rng.sample(WORDS, 5)) + " 🎉"
    return text[:500]


def build(n_people: int, n_ideas: int, seed: int = 7):
    """The café: set-up through the service, the rest bulk-inserted; returns it."""
    rng = random.Random(seed)
    rounds, tables = 5, 100
    cafe = cafes.create_cafe({
        "title": "Landesweites Netzwerktreffen „Vielfalt vor Ort“",
        "pillars": [{"title": t, "question": q} for t, q in PILLARS],
        "tables": tables, "seats_per_table": 7, "rounds": rounds, "language": "de",
    })
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    table_ids = [t.id for t in cafe.tables]
    pillar_of = {t.id: t.pillar_id for t in cafe.tables}
    db.session.execute(insert(Participant), [
        {"cafe_id": cafe.id, "token": cafes.new_token(),
         "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
         "organisation": "" if n % 17 == 0 else f"{rng.choice(KINDS)} {rng.choice(TOWNS)}",
         "role": rng.choice(["Verwaltung", "Zivilgesellschaft", "Fachleute", ""]),
         "host_table_id": table_ids[n] if n < tables else None,
         "joined_at": start - timedelta(minutes=30 - n % 30), "connections": 0}
        for n in range(n_people)
    ])
    people = list(db.session.scalars(select(Participant.id).where(
        Participant.cafe_id == cafe.id).order_by(Participant.id)))
    # Hosts stay at their table; travellers move on by a fixed step each round.
    seats = {}
    for r in range(rounds):
        for n, pid in enumerate(people):
            table = table_ids[n] if n < tables else table_ids[(n + r * 7) % tables]
            seats[(pid, r)] = table
    db.session.execute(insert(Seat), [
        {"cafe_id": cafe.id, "round_index": r, "participant_id": pid, "table_id": table}
        for (pid, r), table in seats.items()])
    idea_rows = []
    for n in range(n_ideas):
        pid, r = rng.choice(people), n * rounds // n_ideas
        table = seats[(pid, r)]
        idea_rows.append({
            "cafe_id": cafe.id, "participant_id": pid, "client_id": f"bench-{n:08d}",
            "pillar_id": pillar_of[table], "table_id": table, "round_index": r,
            "text": sentence(rng), "created_at": start + timedelta(seconds=n * 1.3),
            "withdrawn": n % 100 == 99, "hidden": n % 50 == 7, "pinned": n % 200 == 3,
        })
    db.session.execute(insert(Idea), idea_rows)
    ideas = list(db.session.execute(select(Idea.id, Idea.withdrawn, Idea.hidden).where(
        Idea.cafe_id == cafe.id).order_by(Idea.id)).tuples())
    visible = [i for i, withdrawn, hidden in ideas if not (withdrawn or hidden)]
    # Duplicates: every 16th idea is folded into the idea before it.
    kept, merged = set(), set()
    for a, b in zip(visible[::16], visible[1::16], strict=False):
        db.session.execute(Idea.__table__.update().where(Idea.id == b).values(merged_into_id=a))
        kept.add(a)
        merged.add(b)
    votable = [i for i in visible if i not in merged]
    vote_rows = []
    for pid in people:
        left = 5
        for idea in rng.sample(votable, 4):
            dots = min(left, rng.randint(1, 3))
            if dots:
                vote_rows.append({"cafe_id": cafe.id, "participant_id": pid, "idea_id": idea,
                                  "dots": dots})
                left -= dots
    db.session.execute(insert(Vote), vote_rows)
    db.session.execute(insert(TableSummary), [
        {"cafe_id": cafe.id, "table_id": table_ids[n], "author_id": people[n],
         "text": " ".join(sentence(rng) for _ in range(3))[:1000],
         "updated_at": start + timedelta(hours=2)}
        for n in range(tables)])
    cafe.phase = Phase.CLOSED
    cafe.current_round = rounds - 1
    db.session.commit()
    return cafe, {"people": len(people), "tables": tables, "rounds": rounds,
                  "ideas": len(ideas), "withdrawn": sum(w for _, w, _ in ideas),
                  "hidden": sum(h for _, _, h in ideas), "merged": len(merged),
                  "votes": len(vote_rows), "dots": sum(v["dots"] for v in vote_rows)}


def timed_get(client, url: str) -> tuple[float, int, int]:
    began = time.perf_counter()
    response = client.get(url)
    body = response.get_data()
    elapsed = time.perf_counter() - began
    return elapsed, response.status_code, len(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=5000)
    parser.add_argument("--people", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        config = dict(SECRET_KEY="bench", ASYNC_MODE="threading", MESSAGE_QUEUE=None,
                      PUBLIC_URL=None, CAFES_PER_HOUR=1000)
        app = create_app(Config(INSTANCE_DIR=folder,
                                DATABASE_URL=f"sqlite:///{folder / 'bench.db'}", **config))
        app.extensions["publisher"] = RecordingPublisher()
        with app.app_context():
            began = time.perf_counter()
            cafe, figures = build(args.people, args.ideas)
            print(f"built in {time.perf_counter() - began:.1f} s: " + ", ".join(
                f"{value} {key}" for key, value in figures.items()))
            token = cafe.moderator_token
        client = app.test_client()
        rows, failed = [], False
        pages = [("report (HTML)", "report"), ("DOCX", "export.docx"),
                 ("XLSX", "export.xlsx"), ("CSV", "export.csv"), ("JSON", "export.json"),
                 ("Markdown", "export.md")]
        for anonymous in ("", "?anonymous=1"):
            for label, page in pages:
                elapsed, status, size = timed_get(client, f"/m/{token}/{page}{anonymous}")
                failed |= status != 200 or elapsed > BUDGET_S
                rows.append((label + (" anonymous" if anonymous else ""), elapsed, size, status))
        body = client.get(f"/m/{token}/export.json").get_data()
        db.session.remove()
        fresh = create_app(Config(INSTANCE_DIR=folder,
                                  DATABASE_URL=f"sqlite:///{folder / 'fresh.db'}", **config))
        fresh.extensions["publisher"] = RecordingPublisher()
        with fresh.test_request_context("/"):
            began = time.perf_counter()
            restored = archive.restore(json.loads(body))
            elapsed = time.perf_counter() - began
            rows.append(("JSON import (restore)", elapsed, len(body), 200))
            failed |= elapsed > BUDGET_S
            same = fresh.test_client().get(f"/m/{restored.moderator_token}/export.json")
            identical = same.get_data() == body
        db.session.remove()
    print()
    print("| format | seconds | bytes |")
    print("|---|---:|---:|")
    for label, elapsed, size, status in rows:
        mark = "" if status == 200 and elapsed <= BUDGET_S else " **over budget**"
        print(f"| {label} | {elapsed:.2f} | {size:,} |{mark}")
    print(f"\nre-export of the restored café byte-identical: {identical}")
    return 1 if failed or not identical else 0


if __name__ == "__main__":
    sys.exit(main())
