"""A seating under search, with the objective kept up to date move by move.

Counts kept: how often each pair has met (a matrix) and how many pairs have met at least c times
(for max_meetings), each person's pillar per round, and per round, table and diversified attribute
how many people hold each value. Meetings are weighed by a table of marginal costs, `steps[c]` for
a pair's c-th meeting (0 for the first): a third meeting costs far more than a second, so the
search spreads forced repeats over many pairs instead of leaving travel buddies (SPEC priority:
max_meetings before repeat_pairs). A swap or a spare-seat move in one
round touches only the two tables involved, so its effect on the objective costs O(table size) to
know; a schedule trade of twins changes only value counts (see trade_delta).
"""
from array import array

from .figures import even_spread_pairs
from .scenario import ABSENT, NO_PILLAR, NO_VALUE


def pillar_repeats_in(pillars, pillar_count):
    """SPEC pillar_repeats of one traveller's pillar per round (NO_PILLAR where none)."""
    all_seen = (1 << pillar_count) - 1
    seen = repeats = 0
    for pillar in pillars:
        if pillar == NO_PILLAR:
            continue
        bit = 1 << pillar
        if not seen & bit:
            seen |= bit
        elif seen != all_seen:
            repeats += 1
    return repeats


def meeting_steps(rounds, repeat_weight, over_weight, growth=1):
    """Marginal cost of a pair's c-th meeting, c = 0..rounds + 1: nothing for the first, then
    `repeat_weight` for the second and `repeat_weight + over_weight * growth ** (c - 3)` for every
    one after (growth 1: each meeting beyond the second costs over_weight more)."""
    steps = [0, 0, repeat_weight]
    for c in range(3, max(rounds, 2) + 2):
        steps.append(repeat_weight + over_weight * growth ** (c - 3))
    return steps


class SeatingState:
    def __init__(self, problem, seats, weights):
        """`seats[r][p]`: table index or ABSENT, for every round; `weights`: (pillar weight,
        meeting steps (see meeting_steps), diversity weight) of the objective."""
        self.problem = problem
        self.seats = seats
        self.pillar_weight, steps, self.diversity_weight = weights
        self.steps = list(steps) + [steps[-1]] * max(0, len(seats) + 2 - len(steps))
        self.repeat_weight = self.steps[2]
        n, tables = problem.people, problem.tables
        self.members = [[[] for _ in range(tables)] for _ in seats]
        for r, row in enumerate(seats):
            for p, t in enumerate(row):
                if t != ABSENT:
                    self.members[r][t].append(p)

        self.meet = [array("H", bytes(2 * n)) for _ in range(n)]
        self.repeat_pairs = self.meeting_cost = 0
        # at_least[c]: pairs that have met c times or more (c >= 2)
        self.at_least = [0] * (len(seats) + 2)
        steps = self.steps
        for round_members in self.members:
            for group in round_members:
                for i, a in enumerate(group):
                    for b in group[i + 1:]:
                        count = self.meet[a][b] + 1
                        self.repeat_pairs += count >= 2
                        self.at_least[count] += 1
                        self.meeting_cost += steps[count]
                        self.meet[a][b] = self.meet[b][a] = count
        self.at_least[0] = self.at_least[1] = 0

        self.table_pillar = problem.table_pillar
        self.pillar_rows = [[NO_PILLAR if row[p] == ABSENT or problem.is_host(p)
                             else problem.table_pillar[row[p]] for row in seats]
                            for p in range(n)]
        self.pillar_repeats_of = [pillar_repeats_in(row, problem.pillar_count)
                                  for row in self.pillar_rows]
        self.pillar_repeats = sum(self.pillar_repeats_of)

        # value_counts[i][r][t * values + v]: people at table t in round r with value v of attr i;
        # fair_share[i][r][v]: most people with value v per table if spread evenly in round r
        self.value_counts, self.fair_share = [], []
        self.least_same_pairs = 0
        same_pairs = 0
        for values, value_count in zip(problem.attr_values, problem.value_counts, strict=True):
            per_round, fair_share = [], []
            for row in seats:
                counts = [0] * (tables * value_count)
                present_per_value = [0] * value_count
                for p, t in enumerate(row):
                    if t != ABSENT and values[p] != NO_VALUE:
                        counts[t * value_count + values[p]] += 1
                        present_per_value[values[p]] += 1
                same_pairs += sum(c * (c - 1) // 2 for c in counts)
                self.least_same_pairs += sum(even_spread_pairs(c, tables)
                                             for c in present_per_value)
                per_round.append(counts)
                fair_share.append([-(-c // tables) for c in present_per_value])
            self.value_counts.append(per_round)
            self.fair_share.append(fair_share)
        self.diversity_excess = same_pairs - self.least_same_pairs
        self.diversified = list(zip(problem.attr_values, problem.value_counts, self.value_counts,
                                    self.fair_share, strict=True))

    def reseated(self, seats):
        """A fresh state of the same problem and weights for other seats."""
        return SeatingState(self.problem, seats, self.weights())

    def weights(self):
        return self.pillar_weight, self.steps, self.diversity_weight

    def cost(self):
        return (self.pillar_weight * self.pillar_repeats + self.meeting_cost
                + self.diversity_weight * self.diversity_excess)

    @property
    def max_meetings(self):
        """SPEC max_meetings, but at least 1 (as figure_tuple): no pair, no repeat."""
        at_least, c = self.at_least, 1
        while c + 1 < len(at_least) and at_least[c + 1]:  # at_least falls with c: stop at 0
            c += 1
        return c

    def figures(self):
        """(pillar_repeats, max_meetings, repeat_pairs, diversity_excess): compared in that
        order, the SPEC priority (imbalance is 0 by construction)."""
        return self.pillar_repeats, self.max_meetings, self.repeat_pairs, self.diversity_excess

    def has_conflict(self, r, a):
        """Whether person a, in round r, repeats a meeting, shares their table with more people of
        one of their values than an even spread would, or (in any round) repeats a pillar."""
        if self.pillar_repeats_of[a]:
            return True
        table = self.seats[r][a]
        for values, value_count, per_round, fair_share in self.diversified:
            value = values[a]
            if value != NO_VALUE and (
                    per_round[r][table * value_count + value] > fair_share[r][value]):
                return True
        return self.repeat_pairs > 0 and self.repeats_a_meeting(r, a)  # skip the scan at 0

    def repeats_a_meeting(self, r, a, times=2):
        """Whether a meets someone at their table in round r whom they meet `times` times or
        more over all rounds (by default: in another round too)."""
        meet_a = self.meet[a]
        return any(meet_a[x] >= times for x in self.members[r][self.seats[r][a]] if x != a)

    def swap_delta(self, r, a, b):
        """Change of the weighted objective if a and b (at different tables) swap in round r."""
        seats = self.seats[r]
        table_a, table_b = seats[a], seats[b]
        delta = self._swap_repeats(r, a, b)

        pillar_a, pillar_b = self.table_pillar[table_a], self.table_pillar[table_b]
        if pillar_a != pillar_b:
            delta += self.pillar_weight * (self._pillar_change(a, r, pillar_b)
                                           + self._pillar_change(b, r, pillar_a))
        return delta + self.diversity_weight * self._same_pairs_change(r, a, b)

    def _swap_repeats(self, r, a, b):
        """Change of the meeting cost if a and b (at different tables) swap in round r."""
        seats, steps = self.seats[r], self.steps
        meet_a, meet_b = self.meet[a], self.meet[b]
        cost = 0
        for x in self.members[r][seats[a]]:
            if x != a:
                cost += steps[meet_b[x] + 1] - steps[meet_a[x]]
        for x in self.members[r][seats[b]]:
            if x != b:
                cost += steps[meet_a[x] + 1] - steps[meet_b[x]]
        return cost

    def _same_pairs_change(self, r, a, b):
        """Change of the same-value pairs (all attributes) if a and b swap in round r."""
        seats = self.seats[r]
        table_a, table_b = seats[a], seats[b]
        same = 0
        for values, value_count, per_round, _ in self.diversified:
            value_a, value_b = values[a], values[b]
            if value_a == value_b:
                continue
            counts = per_round[r]
            base_a, base_b = table_a * value_count, table_b * value_count
            if value_a != NO_VALUE:
                same += counts[base_b + value_a] - counts[base_a + value_a] + 1
            if value_b != NO_VALUE:
                same += counts[base_a + value_b] - counts[base_b + value_b] + 1
        return same

    def pillar_swap_delta(self, r, r2, a, b):
        """Change of the weighted objective if a and b swap in round r and in round r2 (a pillar
        swap, see Anneal._pillar_swap), computed without making the first swap: the meetings of
        round r2 are counted as they would be after the swap in round r."""
        seats, members2 = self.seats[r], self.members[r2]
        table_a, table_b = seats[a], seats[b]
        meet_a, meet_b, steps = self.meet[a], self.meet[b], self.steps
        repeats = self._swap_repeats(r, a, b)
        # after the swap in r, a has met the people of table_b once more and those of table_a
        # once less, and b the other way round (a and b never share a table in r or r2)
        for x in members2[self.seats[r2][a]]:
            if x != a:
                shift = (seats[x] == table_b) - (seats[x] == table_a)
                repeats += steps[meet_b[x] - shift + 1] - steps[meet_a[x] + shift]
        for x in members2[self.seats[r2][b]]:
            if x != b:
                shift = (seats[x] == table_b) - (seats[x] == table_a)
                repeats += steps[meet_a[x] + shift + 1] - steps[meet_b[x] - shift]
        pillars = 0
        for person in (a, b):
            row = self.pillar_rows[person]
            row[r], row[r2] = row[r2], row[r]
            pillars += pillar_repeats_in(row, self.problem.pillar_count)
            row[r], row[r2] = row[r2], row[r]
            pillars -= self.pillar_repeats_of[person]
        same = self._same_pairs_change(r, a, b) + self._same_pairs_change(r2, a, b)
        return repeats + self.pillar_weight * pillars + self.diversity_weight * same

    def move_delta(self, r, a, table):
        """Change of the weighted objective if a moves to another `table` in round r (a spare
        seat changing tables; see `move`)."""
        old = self.seats[r][a]
        meet_a, steps = self.meet[a], self.steps
        delta = 0
        for x in self.members[r][old]:
            if x != a:
                delta -= steps[meet_a[x]]
        for x in self.members[r][table]:
            delta += steps[meet_a[x] + 1]
        if self.table_pillar[old] != self.table_pillar[table]:
            delta += self.pillar_weight * self._pillar_change(a, r, self.table_pillar[table])
        for values, value_count, per_round, _ in self.diversified:
            value = values[a]
            if value != NO_VALUE:
                counts = per_round[r]
                delta += self.diversity_weight * (counts[table * value_count + value]
                                                  - counts[old * value_count + value] + 1)
        return delta

    def _pillar_change(self, person, r, new_pillar):
        row = self.pillar_rows[person]
        old_pillar = row[r]
        row[r] = new_pillar
        changed = pillar_repeats_in(row, self.problem.pillar_count)
        row[r] = old_pillar
        return changed - self.pillar_repeats_of[person]

    def trade_delta(self, rounds, a, b):
        """Change of the weighted objective if a and b trade places in each of `rounds`.

        Only for twins (present in the same rounds, none of them fixed): their trade relabels the
        plan, so who meets whom as seats and each seat's pillar sequence stay the same and the
        repeat and pillar figures cannot change; only diversity does."""
        delta = 0
        seats = self.seats
        for r in rounds:
            table_a, table_b = seats[r][a], seats[r][b]
            if table_a == table_b:
                continue
            for values, value_count, per_round, _ in self.diversified:
                value_a, value_b = values[a], values[b]
                if value_a == value_b:
                    continue
                counts = per_round[r]
                base_a, base_b = table_a * value_count, table_b * value_count
                if value_a != NO_VALUE:
                    delta += counts[base_b + value_a] - counts[base_a + value_a] + 1
                if value_b != NO_VALUE:
                    delta += counts[base_a + value_b] - counts[base_b + value_b] + 1
        return self.diversity_weight * delta

    def trade(self, rounds, a, b):
        """Let twins a and b trade places in each of `rounds` (see trade_delta)."""
        for r in rounds:
            if self.seats[r][a] != self.seats[r][b]:
                self.swap(r, a, b)

    def _met(self, row_a, row_x, x, a, change):
        """Count one meeting of a and x more (change 1) or less (-1); row_a, row_x: their rows
        of the meeting matrix."""
        if change > 0:
            count = row_a[x] + 1
            self.meeting_cost += self.steps[count]
            if count >= 2:
                self.repeat_pairs += 1
                self.at_least[count] += 1
        else:
            count = row_a[x]
            self.meeting_cost -= self.steps[count]
            if count >= 2:
                self.repeat_pairs -= 1
                self.at_least[count] -= 1
            count -= 1
        row_a[x] = row_x[a] = count

    def _repillar(self, person, r, pillar):
        self.pillar_rows[person][r] = pillar
        now = pillar_repeats_in(self.pillar_rows[person], self.problem.pillar_count)
        self.pillar_repeats += now - self.pillar_repeats_of[person]
        self.pillar_repeats_of[person] = now

    def swap(self, r, a, b):
        """Swap a and b (at different tables) in round r, updating every count."""
        seats = self.seats[r]
        table_a, table_b = seats[a], seats[b]
        group_a, group_b = self.members[r][table_a], self.members[r][table_b]
        meet, steps, at_least = self.meet, self.steps, self.at_least
        cost = repeats = 0
        for group, leaver, joiner in ((group_a, a, b), (group_b, b, a)):
            row_leaver, row_joiner = meet[leaver], meet[joiner]
            for x in group:
                if x == leaver:
                    continue
                row_x = meet[x]
                count = row_leaver[x]  # leaver and x meet once less
                cost -= steps[count]
                if count >= 2:
                    repeats -= 1
                    at_least[count] -= 1
                row_leaver[x] = row_x[leaver] = count - 1
                count = row_joiner[x] + 1  # joiner and x meet once more
                cost += steps[count]
                if count >= 2:
                    repeats += 1
                    at_least[count] += 1
                row_joiner[x] = row_x[joiner] = count
        self.meeting_cost += cost
        self.repeat_pairs += repeats
        group_a[group_a.index(a)] = b
        group_b[group_b.index(b)] = a
        seats[a], seats[b] = table_b, table_a

        pillar_a, pillar_b = self.table_pillar[table_a], self.table_pillar[table_b]
        if pillar_a != pillar_b:
            self._repillar(a, r, pillar_b)
            self._repillar(b, r, pillar_a)

        for values, value_count, per_round, _ in self.diversified:
            value_a, value_b = values[a], values[b]
            if value_a == value_b:
                continue
            counts = per_round[r]
            base_a, base_b = table_a * value_count, table_b * value_count
            if value_a != NO_VALUE:
                self.diversity_excess += counts[base_b + value_a] - counts[base_a + value_a] + 1
                counts[base_a + value_a] -= 1
                counts[base_b + value_a] += 1
            if value_b != NO_VALUE:
                self.diversity_excess += counts[base_a + value_b] - counts[base_b + value_b] + 1
                counts[base_b + value_b] -= 1
                counts[base_a + value_b] += 1

    def move(self, r, a, table):
        """Move a to another `table` in round r, updating every count. The planner only moves
        someone from a table one fuller than the target table of equal capacity, so the two
        tables trade sizes and imbalance stays 0."""
        old = self.seats[r][a]
        meet, meet_a = self.meet, self.meet[a]
        for x in self.members[r][old]:
            if x != a:
                self._met(meet_a, meet[x], x, a, -1)
        for x in self.members[r][table]:
            self._met(meet_a, meet[x], x, a, 1)
        self.members[r][old].remove(a)
        self.members[r][table].append(a)
        self.seats[r][a] = table
        if self.table_pillar[old] != self.table_pillar[table]:
            self._repillar(a, r, self.table_pillar[table])
        for values, value_count, per_round, _ in self.diversified:
            value = values[a]
            if value != NO_VALUE:
                counts = per_round[r]
                self.diversity_excess += (counts[table * value_count + value]
                                          - counts[old * value_count + value] + 1)
                counts[old * value_count + value] -= 1
                counts[table * value_count + value] += 1
