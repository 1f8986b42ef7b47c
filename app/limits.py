"""Rate limits that keep one noisy client from starving the others.

Socket events: token buckets in memory. Checking one costs a dict lookup and a little
arithmetic, so a flood is refused before it reaches the database; each server process limits
the connections it holds. The `limits` package has no token bucket, and its memory storage
walks every key every 10 ms while hits come in, which made a check 10-30 times dearer with a
few thousand connections (docs/architecture.md, "Why some things are hand-written").

Ideas and new cafés: the `limits` package's sliding windows, rarer checks that several server
processes share through Redis when MESSAGE_QUEUE names one (memory otherwise).
"""

import logging
import time
from dataclasses import dataclass, field

from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

log = logging.getLogger(__name__)

# How often a limiter drops the buckets that have filled up again (seconds).
PRUNE_INTERVAL = 60.0


@dataclass
class Bucket:
    rate: float  # tokens added per second
    burst: float  # most tokens held
    stamp: float  # when tokens was last brought up to date (time.monotonic)
    tokens: float = field(init=False)

    def __post_init__(self):
        self.tokens = self.burst

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self) -> bool:
        self.refill(time.monotonic())
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Limiter:
    """Buckets by key, made on first use and dropped once full again: a full bucket is the
    same as a new one, so dropping it changes nothing but the memory held."""

    def __init__(self, rate: float, burst: float):
        self.rate = rate
        self.burst = burst
        self.buckets: dict[object, Bucket] = {}
        self.pruned_at = time.monotonic()

    def bucket(self, key) -> Bucket:
        now = time.monotonic()
        self._prune_now_and_then(now)
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = Bucket(self.rate, self.burst, stamp=now)
        return bucket

    def allow(self, key) -> bool:
        return self.bucket(key).take()

    def forget(self, key) -> None:
        self.buckets.pop(key, None)

    def _prune_now_and_then(self, now: float) -> None:
        if now - self.pruned_at < PRUNE_INTERVAL:
            return
        self.pruned_at = now
        for key, bucket in list(self.buckets.items()):
            bucket.refill(now)
            if bucket.tokens >= bucket.burst:
                del self.buckets[key]


class EventLimits:
    """Socket events: per connection, per person (their token, however many connections it
    opens) and per address.

    An event counts only when all three admit it: what one limit refuses costs nothing from the
    others, so a flooder cannot use up the budget of the address it shares with a hall of phones
    behind one NAT.
    """

    def __init__(self, config):
        per_second = config.EVENTS_PER_SECOND
        self.connections = Limiter(rate=per_second, burst=per_second * 3)
        # One person's second tab or phone shares their budget: that is what holds a flooder.
        self.people = Limiter(rate=per_second, burst=per_second * 3)
        per_address = config.ADDRESS_EVENTS_PER_SECOND
        self.addresses = Limiter(rate=per_address, burst=per_address * 10)

    def allow(self, connection, token, address) -> bool:
        now = time.monotonic()
        buckets = [self.connections.bucket(connection), self.people.bucket(token),
                   self.addresses.bucket(address)]
        for bucket in buckets:
            bucket.refill(now)
        if any(bucket.tokens < 1 for bucket in buckets):
            return False
        for bucket in buckets:
            bucket.tokens -= 1
        return True

    def disconnected(self, connection) -> None:
        self.connections.forget(connection)


class WindowLimit:
    """At most `amount` a key in any `seconds`, counted by the `limits` package's sliding
    window: after a burst the budget comes back steadily, as a bucket's would."""

    def __init__(self, storage: Storage, name: str, amount: int, seconds: int):
        self.name = name
        self.item = RateLimitItemPerSecond(amount, seconds)
        self.window = SlidingWindowCounterRateLimiter(storage)

    def allow(self, key) -> bool:
        try:
            return self.window.hit(self.item, self.name, str(key))
        except StorageError:
            # Redis is away for a moment (restarting): a limit is a guard, not a reason to
            # refuse the ideas it guards. The per-connection buckets still hold a flooder.
            log.warning("rate limit %s not checked: its storage is unreachable", self.name)
            return True


def shared_storage(message_queue: str | None) -> Storage:
    """Redis when the server processes share one as their message queue, else this process's
    memory."""
    if message_queue and message_queue.startswith(("redis://", "rediss://")):
        return storage_from_string(message_queue, wrap_exceptions=True)
    return MemoryStorage()


class Limits:
    """The app's limiters, made from its settings in create_app."""

    def __init__(self, config):
        storage = shared_storage(config.MESSAGE_QUEUE)
        per_minute = config.IDEAS_PER_MINUTE
        # A burst of half a minute's ideas, then the minute's rate (at least a few ideas in
        # a few minutes, whatever the setting).
        burst = max(3, per_minute // 2)
        seconds = max(1, round(burst * 60 / max(1, per_minute)))
        self.ideas = WindowLimit(storage, "ideas", burst, seconds)
        self.cafes = WindowLimit(storage, "cafes", config.CAFES_PER_HOUR, 3600)
        self.claims = WindowLimit(storage, "claims", config.CLAIMS_PER_MINUTE, 60)
        self.events = EventLimits(config)
