"""Simulated annealing over the moves of `moves.py` (swaps, spare seats, trades, pillar swaps).

The first person of a move is preferably one in conflict (see SeatingState.has_conflict), as in
min-conflicts local search for the Social Golfer Problem (Dotú & Van Hentenryck 2005); the partner
is anyone at another table of that round, or a spare seat at a table of equal capacity. One
geometric cooling run; the best seating seen is kept by lexicographic comparison of the figures.
"""
import math
import time

CONFLICT_TRIES = 4  # draws to find a conflicted first person before taking any
CLOCK_EVERY = 1024  # moves between clock readings and temperature updates
SPARE_SEAT_SHARE = 0.25  # share of spare-seat moves in rounds where they exist
TRADE_SHARE = 0.2  # share of schedule trades among the other moves
PILLAR_SWAP_SHARE = 0.3  # share of pillar swaps among the moves after trades and spare seats
PARTNER_TRIES = 8  # draws at a table of the wanted pillar to find a pillar-swap partner
PILLAR_SWAP_COST = 2  # moves of the budget an evaluated pillar swap counts for (measured: ~2)


class Anneal:
    def __init__(self, state, moves, rng, temperatures, same_pillar_share=0.0):
        """`moves`: a Moves of this state; `temperatures`: (hot, cold), the start and end of the
        geometric cooling; `same_pillar_share`: the share of swaps whose partner is drawn at a
        table of the first person's pillar (see Moves.same_pillar_tables)."""
        self.state = state
        self.moves = moves
        self.rng = rng
        self.hot, self.cold = temperatures
        self.same_pillar_share = same_pillar_share
        self.best_figures = state.figures()
        self.best_seats = [row[:] for row in state.seats]

    def run(self, moves, deadline, lower_bound):
        """Cool from hot to cold over `moves` moves; stop early at `lower_bound` figures or when
        the monotonic clock passes `deadline`. Returns the best seats seen."""
        state, rng = self.state, self.rng
        random = rng.random  # int(random() * n) picks an index: same stream, much cheaper
        rounds, movable, seats = self.moves.rounds, self.moves.movable, state.seats
        spare_rounds, peers, members = self.moves.spare_rounds, self.moves.peers, state.members
        swap_delta, move_delta = state.swap_delta, state.move_delta
        has_conflict, trade_delta = state.has_conflict, state.trade_delta
        twins, presence = self.moves.twins, self.moves.presence
        pillar_swaps = self.moves.pillar_swaps
        same_pillar_share, same_pillar_tables = (self.same_pillar_share,
                                                 self.moves.same_pillar_tables)
        hosts = self.moves.hosts
        if not rounds or self.best_figures <= lower_bound:
            return self.best_seats
        cooling = (self.cold / self.hot) ** (CLOCK_EVERY / max(moves, 1))
        temperature = self.hot
        charged = 0  # budget spent beyond one move per step (pillar swaps count double)
        for move in range(moves):
            if move % CLOCK_EVERY == 0 and move:
                # checked here only, not per step: the loop is the hot path
                if time.monotonic() > deadline or move + charged >= moves:
                    break
                if charged:  # cool along the budget spent, not the steps taken
                    temperature = self.hot * (self.cold / self.hot) ** ((move + charged) / moves)
                else:
                    temperature *= cooling
            r = rounds[int(random() * len(rounds))]
            people = movable[r]
            a = people[int(random() * len(people))]
            for _ in range(CONFLICT_TRIES):
                if has_conflict(r, a):
                    break
                a = people[int(random() * len(people))]
            table_a = seats[r][a]
            if a in twins and random() < TRADE_SHARE:
                others = twins[a]
                b = others[int(random() * len(others))]
                if b == a:
                    continue
                delta = trade_delta(presence[a], a, b)
                if delta > 0 and random() >= math.exp(-delta / temperature):
                    continue
                state.trade(presence[a], a, b)
            elif r in spare_rounds and random() < SPARE_SEAT_SHARE:
                candidates = peers[table_a]
                target = candidates[int(random() * len(candidates))] if candidates else table_a
                if target == table_a or len(members[r][target]) + 1 != len(members[r][table_a]):
                    continue
                delta = move_delta(r, a, target)
                if delta > 0 and random() >= math.exp(-delta / temperature):
                    continue
                state.move(r, a, target)
            elif pillar_swaps and random() < PILLAR_SWAP_SHARE:
                made = self._pillar_swap(r, a, temperature)
                if made is None:
                    continue
                charged += PILLAR_SWAP_COST - 1  # it evaluates two swaps: charged as such
                if not made:
                    continue
            else:
                if same_pillar_share and random() < same_pillar_share:
                    tables = same_pillar_tables[table_a]
                    group = members[r][tables[int(random() * len(tables))]]
                    b = group[int(random() * len(group))] if group else a
                    if b in hosts:
                        continue
                else:
                    b = people[int(random() * len(people))]
                if seats[r][b] == table_a:
                    continue
                delta = swap_delta(r, a, b)
                if delta > 0 and random() >= math.exp(-delta / temperature):
                    continue
                state.swap(r, a, b)
            # Every accepted move is checked: a lexicographically better plan may come with a
            # worse weighted cost (one pillar repeat less for two repeat pairs more), and
            # sampling the best now and then missed the last repeat pair on small cafés.
            figures = state.figures()
            if figures < self.best_figures:
                self.best_figures = figures
                self.best_seats = [row[:] for row in seats]
                if figures <= lower_bound:
                    break
        return self.best_seats

    def _pillar_swap(self, r, a, temperature):
        """a and a partner b trade seats in round r and in another round r2, where a sits at
        b's pillar of round r and b at a's: both keep the pillars they visit. With 0 pillar
        repeats a single swap across pillars adds two, so under strict weights only swaps within
        a pillar and trades of twins were left, and diversity froze at the structure of stage 1.
        The partner is drawn at tables of the wanted pillar (a scan of the round would cost too
        much in large cafés). Returns None if no partner was found (nothing evaluated), else
        whether the move was made."""
        state, random = self.state, self.rng.random
        rounds, pillar_rows, members = self.moves.rounds, state.pillar_rows, state.members
        r2 = rounds[int(random() * len(rounds))]
        row_a = pillar_rows[a]
        pillar, wanted = row_a[r], row_a[r2]
        if r2 == r or pillar == wanted or pillar < 0 or wanted < 0:
            return None
        tables = self.moves.pillar_tables[wanted]
        for _ in range(PARTNER_TRIES):
            group = members[r][tables[int(random() * len(tables))]]
            b = group[int(random() * len(group))] if group else a
            if b != a and pillar_rows[b][r2] == pillar and pillar_rows[b][r] == wanted:
                break
        else:
            return None
        delta = state.pillar_swap_delta(r, r2, a, b)
        if delta > 0 and random() >= math.exp(-delta / temperature):
            return False
        state.swap(r, a, b)
        state.swap(r2, a, b)
        return True
