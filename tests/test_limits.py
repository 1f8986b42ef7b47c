"""The event limits: per connection, per person and per address, and what a refusal costs;
the windows for ideas and new cafés, and where they are kept."""

from types import SimpleNamespace

import limits.storage.memory
import pytest
from limits.storage import MemoryStorage, RedisStorage

from app import limits as app_limits
from app.limits import EventLimits, Limiter, Limits, WindowLimit, shared_storage


def event_limits(per_second=2, per_address=3) -> EventLimits:
    # Bursts: 3 × per_second a connection and a person, 10 × per_address an address.
    return EventLimits(SimpleNamespace(EVENTS_PER_SECOND=per_second,
                                       ADDRESS_EVENTS_PER_SECOND=per_address))


@pytest.fixture
def frozen_clock(monkeypatch):
    """Time stands still, so no bucket refills while a test counts."""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(app_limits.time, "monotonic", lambda: clock.now)
    return clock


def admitted(checks, count: int) -> int:
    return sum(checks() for _ in range(count))


def test_one_person_on_many_connections_has_one_budget(frozen_clock):
    events = event_limits(per_second=2)
    answers = [events.allow(f"sid-{n % 10}", "token-a", "10.0.0.1") for n in range(60)]
    assert sum(answers) == 6  # the burst of one person, not of ten connections
    assert events.allow("sid-other", "token-b", "10.0.0.1")


def test_many_people_on_one_address_share_its_budget(frozen_clock):
    events = event_limits(per_second=100, per_address=3)
    answers = [events.allow(f"sid-{n}", f"token-{n}", "10.0.0.1") for n in range(40)]
    assert sum(answers) == 30
    assert events.allow("sid-away", "token-away", "10.0.0.2")


def test_a_refused_flood_costs_the_address_nothing(frozen_clock):
    events = event_limits(per_second=2, per_address=3)
    assert admitted(lambda: events.allow("flooder", "token-f", "10.0.0.1"), 1000) == 6
    # The hall behind the same address still has all but the flooder's 6 events.
    hall = [events.allow(f"sid-{n}", f"token-{n}", "10.0.0.1") for n in range(30)]
    assert sum(hall) == 24


def test_budgets_refill_with_time(frozen_clock):
    events = event_limits(per_second=2)
    assert admitted(lambda: events.allow("sid", "token", "10.0.0.1"), 10) == 6
    frozen_clock.now += 1
    assert admitted(lambda: events.allow("sid", "token", "10.0.0.1"), 10) == 2


def test_full_buckets_are_dropped_and_the_rest_kept(frozen_clock):
    limiter = Limiter(rate=1, burst=100)
    for n in range(1000):
        limiter.allow(f"gone-{n}")
    for _ in range(100):
        limiter.allow("busy")
    frozen_clock.now += app_limits.PRUNE_INTERVAL  # refills 60 of the 100
    assert limiter.allow("someone")
    assert set(limiter.buckets) == {"busy", "someone"}
    assert limiter.buckets["busy"].tokens == pytest.approx(60)


@pytest.fixture
def window_clock(monkeypatch):
    """The `limits` package's clock stands still too, at the start of a 30-second window."""
    clock = SimpleNamespace(now=3000.0)
    monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=lambda: clock.now))
    return clock


def test_ideas_come_in_a_burst_of_half_a_minute_then_at_the_minute_rate(window_clock):
    ideas = Limits(SimpleNamespace(IDEAS_PER_MINUTE=20, CAFES_PER_HOUR=30, CLAIMS_PER_MINUTE=300,
                                   MESSAGE_QUEUE=None,
                                   EVENTS_PER_SECOND=20, ADDRESS_EVENTS_PER_SECOND=1000)).ideas
    assert admitted(lambda: ideas.allow(7), 30) == 10
    assert ideas.allow(8)  # someone else's budget is their own
    window_clock.now += 30 + 15  # half the next window: half the burst has come back
    assert admitted(lambda: ideas.allow(7), 30) == 5


def test_a_window_limit_refuses_past_its_amount_until_the_window_moves_on(window_clock):
    cafes = WindowLimit(MemoryStorage(), "cafes", amount=2, seconds=3600)
    assert [cafes.allow("10.0.0.1") for _ in range(3)] == [True, True, False]
    assert cafes.allow(None)  # a request without an address has a budget too
    window_clock.now += 2 * 3600
    assert cafes.allow("10.0.0.1")


def test_processes_share_the_windows_through_a_redis_message_queue():
    assert isinstance(shared_storage(None), MemoryStorage)
    assert isinstance(shared_storage("amqp://guest@localhost//"), MemoryStorage)
    assert isinstance(shared_storage("redis://localhost:6379/0"), RedisStorage)


def test_ideas_per_minute_of_zero_still_admits_a_few(window_clock):
    ideas = Limits(SimpleNamespace(IDEAS_PER_MINUTE=0, CAFES_PER_HOUR=30, CLAIMS_PER_MINUTE=300,
                                   MESSAGE_QUEUE=None,
                                   EVENTS_PER_SECOND=20, ADDRESS_EVENTS_PER_SECOND=1000)).ideas
    assert admitted(lambda: ideas.allow(7), 10) == 3
