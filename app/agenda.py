"""The agenda, pure: when each round is planned to start and end, and how far the café runs
ahead of that plan or behind it. Times are epoch milliseconds on the server's clock.

A phase is the text of models.Phase (this module imports no models).
"""

from typing import NamedTuple

MINUTE_MS = 60_000


class Slot(NamedTuple):
    """One round as planned."""

    start: int
    end: int


class Drift(NamedTuple):
    """How much later than planned the café reaches its next step (negative: earlier).

    It stays so for holds_ms from the moment it was computed (a running clock), then grows
    with the clock (nothing moves the café on: the lobby, a pause, a clock run out), so a
    console counts it on without asking the server again.
    """

    behind_ms: int
    holds_ms: int


def planned_rounds(start_ms: int, round_minutes: list[int],
                   transition_minutes: list[int]) -> list[Slot]:
    """Each round's planned start and end: the rounds one after the other, each change-over
    between them."""
    slots = []
    at = start_ms
    for index, minutes in enumerate(round_minutes):
        if index:
            at += transition_minutes[index - 1] * MINUTE_MS
        slots.append(Slot(at, at + minutes * MINUTE_MS))
        at = slots[-1].end
    return slots


def drift(slots: list[Slot], phase: str, current_round: int, *, ends_at: int | None,
          remaining_ms: int | None, now: int) -> Drift | None:
    """The café against its plan now; None once no round is left to reach.

    The next step is the first round's start (lobby), the running round's end, or the next
    round's start (between rounds). It is reached when the clock runs out, or later if the
    moderator lets it run over; while nothing counts down it is reached no sooner than now.
    """
    if phase == "lobby":
        planned = slots[0].start
    elif phase in ("round", "paused"):
        planned = slots[current_round].end
    elif phase == "between" and current_round + 1 < len(slots):
        planned = slots[current_round + 1].start
    else:
        return None
    if phase == "paused":
        return Drift(now + remaining_ms - planned, 0)
    if ends_at is not None:
        return Drift(max(ends_at, now) - planned, max(0, ends_at - now))
    return Drift(now - planned, 0)
