"""Helper processes the server starts (the harvest's worker, the seating engine's background
search, the archive's reader) run below it in the CPU's queue.

On a laptop whose cores are taken (the browsers drawing the console and the screen, a burst
of ideas to embed) the consoles' and phones' answers come first and the helpers' results a
moment later: with the harvest's worker at the server's priority, a burst of ideas stalled
the console's answers for over a second (issue 18). On an idle machine it changes nothing.
"""

import os

BELOW_SERVER = 10  # niceness added: such a process gets about a tenth of a contended core


def run_below_server(pid: int = 0) -> None:
    """Lower the process `pid` (0: this one) below the server; a process that ended
    meanwhile is left alone."""
    try:
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, mine + BELOW_SERVER))
    except ProcessLookupError:
        pass
