"""Rate limits that keep one noisy client from starving the others.

Token buckets in memory, per connection and per participant: checking one costs a dict
lookup and a little arithmetic, so a flood is refused before it reaches the database.
Each server process limits the clients connected to it.
"""

import time
from dataclasses import dataclass, field


@dataclass
class Bucket:
    rate: float  # tokens added per second
    burst: float  # most tokens held
    tokens: float = field(init=False)
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        self.tokens = self.burst

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Limiter:
    """Buckets by key, made on first use; forget() drops a key when its client leaves."""

    def __init__(self, rate: float, burst: float):
        self.rate = rate
        self.burst = burst
        self.buckets: dict[object, Bucket] = {}

    def allow(self, key) -> bool:
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = Bucket(self.rate, self.burst)
        return bucket.take()

    def forget(self, key) -> None:
        self.buckets.pop(key, None)


class Limits:
    """The app's limiters, made from its settings in create_app."""

    def __init__(self, config):
        per_minute = config.IDEAS_PER_MINUTE
        self.ideas = Limiter(rate=per_minute / 60, burst=max(3, per_minute // 2))
        self.cafes = Limiter(rate=config.CAFES_PER_HOUR / 3600, burst=config.CAFES_PER_HOUR)
        self.events = Limiter(rate=config.EVENTS_PER_SECOND, burst=config.EVENTS_PER_SECOND * 3)
