"""The server's clock in epoch milliseconds: the one time every device counts against."""

import time


def now_ms() -> int:
    return int(time.time() * 1000)
