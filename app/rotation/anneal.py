"""Simulated annealing over swaps of two travellers in one planned round.

Moves keep every table's head count (so balance stays as `balance.py` set it), never touch hosts,
absent people or fixed rounds. The first person of a move is preferably one in conflict (see
SeatingState.has_conflict), as in min-conflicts local search for the Social Golfer Problem (Dotú &
Van Hentenryck 2005); the partner is anyone at another table of that round. One geometric cooling
run; the best seating seen is kept by lexicographic comparison of the figures.
"""
import math
import time

CONFLICT_TRIES = 4  # draws to find a conflicted first person before taking any
CLOCK_EVERY = 1024  # moves between clock readings and temperature updates


class Anneal:
    def __init__(self, state, movable, rng, temperatures):
        """`movable[r]`: people that may move in round r; `temperatures`: (hot, cold), the
        start and end of the geometric cooling."""
        self.state = state
        self.rounds = [r for r, people in movable.items()
                       if len({state.seats[r][p] for p in people}) >= 2]
        self.movable = movable
        self.rng = rng
        self.hot, self.cold = temperatures
        self.best_figures = state.figures()
        self.best_seats = [row[:] for row in state.seats]

    def run(self, moves, deadline, lower_bound):
        """Cool from hot to cold over `moves` swaps; stop early at `lower_bound` figures or when
        the monotonic clock passes `deadline`. Returns the best seats seen."""
        state, rng = self.state, self.rng
        random, randrange = rng.random, rng.randrange
        rounds, movable, seats = self.rounds, self.movable, state.seats
        swap_delta, has_conflict = state.swap_delta, state.has_conflict
        if not rounds or self.best_figures <= lower_bound:
            return self.best_seats
        cooling = (self.cold / self.hot) ** (CLOCK_EVERY / max(moves, 1))
        temperature = self.hot
        for move in range(moves):
            if move % CLOCK_EVERY == 0 and move:
                self._keep_if_best()
                if time.monotonic() > deadline:
                    break
                temperature *= cooling
            r = rounds[randrange(len(rounds))]
            people = movable[r]
            a = people[randrange(len(people))]
            for _ in range(CONFLICT_TRIES):
                if has_conflict(r, a):
                    break
                a = people[randrange(len(people))]
            b = people[randrange(len(people))]
            if seats[r][a] == seats[r][b]:
                continue
            delta = swap_delta(r, a, b)
            if delta > 0 and random() >= math.exp(-delta / temperature):
                continue
            state.swap(r, a, b)
            if delta < 0 and state.figures() <= lower_bound:
                break
        self._keep_if_best()
        return self.best_seats

    def _keep_if_best(self):
        # Copying the seats after every improving swap would dominate large cafés, so the best is
        # sampled every CLOCK_EVERY moves and at the end (at low temperature the state stays
        # close to its best; the lower bound is caught exactly).
        figures = self.state.figures()
        if figures < self.best_figures:
            self.best_figures = figures
            self.best_seats = [row[:] for row in self.state.seats]
