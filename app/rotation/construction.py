"""Resolvable designs: affine planes over GF(q) as a zero-repeat starting plan.

The affine plane AG(2, q) has q*q points and q+1 parallel classes; each class splits the points
into q lines of q, and two points share exactly one line over all classes. Read points as
travellers, lines as tables and classes as rounds: up to q+1 rounds in which nobody meets anyone
twice. Local search finds such a tight design only by luck (every pair must meet exactly once), so
where a scenario has this shape the planner starts from the construction instead.
"""
from itertools import combinations, islice

from .scenario import ABSENT, NO_PILLAR


def prime_power(q):
    """(p, k) with p prime and p**k == q, or None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k, rest = 0, q
    while rest % p == 0:
        rest //= p
        k += 1
    return (p, k) if rest == 1 else None


def finite_field(q):
    """Addition and multiplication tables of GF(q), elements 0..q-1, or None if q is no prime power.

    An element's base-p digits are the coefficients of a polynomial over GF(p); products are taken
    modulo the first monic polynomial of degree k whose quotient ring has no zero divisors (a
    finite ring without zero divisors is a field, so that polynomial is irreducible).
    """
    found = prime_power(q)
    if found is None:
        return None
    p, k = found
    digits = [[(e // p**i) % p for i in range(k)] for e in range(q)]
    add = [[sum(((da + db) % p) * p**i
                for i, (da, db) in enumerate(zip(digits[a], digits[b], strict=True)))
            for b in range(q)] for a in range(q)]
    for tail in range(q):  # monic modulus x^k + tail(x)
        mul = [[_poly_mul_mod(digits[a], digits[b], digits[tail], p) for b in range(q)]
               for a in range(q)]
        if all(mul[a][b] for a in range(1, q) for b in range(1, q)):
            return add, mul
    raise AssertionError(f"no irreducible polynomial found for GF({q})")  # cannot happen


def _poly_mul_mod(a, b, tail, p):
    """(a * b) mod (x^k + tail) over GF(p), coefficient lists low-first, result as an integer."""
    k = len(a)
    product = [0] * (2 * k - 1)
    for i, ca in enumerate(a):
        for j, cb in enumerate(b):
            product[i + j] = (product[i + j] + ca * cb) % p
    for degree in range(2 * k - 2, k - 1, -1):  # x^k == -tail(x)
        coef = product[degree]
        if coef:
            product[degree] = 0
            for i, ct in enumerate(tail):
                product[degree - k + i] = (product[degree - k + i] - coef * ct) % p
    return sum(c * p**i for i, c in enumerate(product[:k]))


def resolvable_classes(points, group, rng, wanted, hole_class=False):
    """Up to `wanted` parallel classes of points 0..points-1 in groups of `group`, no two points
    together twice; class[point] -> group label. None if no affine geometry has this shape.
    `hole_class`: if the partial spread falls short of `wanted`, add one class that does repeat
    pairs, but as few as the spread allows (_hole_subspace).

    Points are the vectors of GF(q)^n (points = q**n), groups the cosets of k-dimensional subspaces
    (group = q**k). Cosets of two subspaces repeat no pair when the subspaces meet only in 0, so a
    set of such subspaces (a partial spread) gives a resolvable design. For k = 1 every pair of
    directions qualifies, giving (q**n - 1) / (q - 1) classes (for n = 2: the affine plane).
    """
    shape = _geometry_shape(points, group)
    if shape is None:
        return None
    q, n, k = shape
    add, mul = finite_field(q)
    vectors = _VectorSpace(q, n, add, mul)
    if k == 1:
        subspaces = [vectors.span([d]) for d in vectors.directions()]
        rng.shuffle(subspaces)
    else:
        subspaces = _partial_spread(vectors, k, rng, wanted)
        extra = hole_class and len(subspaces) < wanted and _hole_subspace(vectors, k, subspaces)
        if extra:
            subspaces.append(extra)
    return [vectors.cosets(subspace) for subspace in subspaces[:wanted]]


def _geometry_shape(points, group):
    """(q, n, k) with q a prime power, q**n == points, q**k == group and 1 <= k < n; the largest q
    wins, since k = 1 yields the most classes."""
    for q in range(group, 1, -1):
        if prime_power(q) is None:
            continue
        k = _log(group, q)
        n = _log(points, q)
        if k and n and k < n:
            return q, n, k
    return None


def _log(value, base):
    """e with base**e == value, or None."""
    exponent, power = 0, 1
    while power < value:
        power *= base
        exponent += 1
    return exponent if power == value else None


class _VectorSpace:
    """GF(q)^n with vectors encoded as integers in base q."""

    def __init__(self, q, n, add, mul):
        self.q, self.n, self.add, self.mul = q, n, add, mul

    def digits(self, v):
        return [(v // self.q**i) % self.q for i in range(self.n)]

    def number(self, digits):
        return sum(d * self.q**i for i, d in enumerate(digits))

    def plus(self, u, v):
        pairs = zip(self.digits(u), self.digits(v), strict=True)
        return self.number([self.add[a][b] for a, b in pairs])

    def times(self, c, v):
        return self.number([self.mul[c][a] for a in self.digits(v)])

    def directions(self):
        """One nonzero vector per 1-dimensional subspace: the last nonzero digit is 1."""
        return [v for v in range(1, self.q**self.n)
                if next(d for d in reversed(self.digits(v)) if d) == 1]

    def span(self, basis):
        elements = {0}
        for b in basis:
            elements = {self.plus(e, self.times(c, b)) for e in elements for c in range(self.q)}
        return sorted(elements)

    def cosets(self, subspace):
        """Coset label of every vector: the smallest vector of its coset, renumbered 0, 1, ..."""
        labels, leaders = [], {}
        for v in range(self.q**self.n):
            leader = min(self.plus(v, u) for u in subspace)
            labels.append(leaders.setdefault(leader, len(leaders)))
        return labels


SPREAD_ATTEMPTS = 200  # random greedy passes when searching a partial spread


def _partial_spread(vectors, k, rng, wanted):
    """k-dimensional subspaces meeting pairwise only in 0, by repeated random greedy passes."""
    best = []
    size = vectors.q**vectors.n
    for _ in range(SPREAD_ATTEMPTS):
        chosen, covered = [], set()
        for _ in range(4 * wanted + 20):
            subspace = vectors.span([rng.randrange(1, size) for _ in range(k)])
            if len(subspace) == vectors.q**k and covered.isdisjoint(subspace[1:]):
                chosen.append(subspace)
                covered.update(subspace[1:])
        if len(chosen) > len(best):
            best = chosen
        if len(best) >= wanted:
            break
    return best


HOLE_BASES = 5000  # bases of uncovered vectors tried for the hole class


def _hole_subspace(vectors, k, spread):
    """The k-dimensional subspace with the most *holes* (nonzero vectors no subspace of the
    spread contains), spanned by holes. Cosets of it meet pairs whose difference is a hole for the
    first time and repeat only the pairs whose difference is covered. For 32 golfers in groups of
    4 the 9 lines of a maximal partial spread of PG(4, 2) leave 4 holes, no line among them (else
    the spread would grow); so the graph of unmet pairs (difference a hole) has no triangle, a
    tenth round repeats at least 2 pairs per table, and the cosets of the span of two holes (2
    holes and one covered vector) repeat exactly 2: 16 repeat pairs, the least possible on top
    of these 9 rounds."""
    covered = {v for subspace in spread for v in subspace[1:]}
    holes = [v for v in range(1, vectors.q**vectors.n) if v not in covered]
    best, best_holes = None, -1
    for basis in islice(combinations(holes, k), HOLE_BASES):
        subspace = vectors.span(basis)
        found = sum(v not in covered for v in subspace[1:])
        if len(subspace) == vectors.q**k and found > best_holes:
            best, best_holes = subspace, found
    return best


def _pure_golfer(problem):
    """Social Golfer shape: equal tables, no pillars, hosts, attributes, absences or fixed
    rounds. Only there may the design add a class that repeats pairs (a café keeps its plans)."""
    return (len(set(problem.capacity)) == 1 and problem.pillar_count == 0
            and not problem.diversify and not problem.fixed_seats
            and not any(problem.is_host(p) for p in range(problem.people))
            and all(all(row) for row in problem.present))


def resolvable_start(problem, free_rounds, sizes, rng):
    """Seat rows for the free rounds built from a resolvable design, or None if the shape differs.

    The shape: the same travellers are present in every free round, and in each such round every
    table has either no traveller seat or the same number g of them, with g dividing the count.
    """
    travellers = [p for p in range(problem.people)
                  if not problem.is_host(p) and problem.present[free_rounds[0]][p]]
    traveller_set = set(travellers)
    slots_by_round = []
    for r in free_rounds:
        present_travellers = {p for p in range(problem.people)
                              if not problem.is_host(p) and problem.present[r][p]}
        if present_travellers != traveller_set:
            return None
        slots_by_round.append(_traveller_slots(problem, r, sizes[r]))
    group_sizes = {s for slots in slots_by_round for s in slots if s}
    if len(group_sizes) != 1:
        return None
    group = group_sizes.pop()
    classes = resolvable_classes(len(travellers), group, rng, len(free_rounds),
                                 hole_class=_pure_golfer(problem))
    if not classes:
        return None

    rng.shuffle(travellers)  # point i is travellers[i]
    visited = _pillars_visited_in_fixed_rounds(problem)
    rows = {}
    for j, r in enumerate(free_rounds[:len(classes)]):  # later rounds start at random
        groups = classes[j]
        tables = [t for t, s in enumerate(slots_by_round[j]) if s]
        table_of_group = _label_groups(problem, groups, travellers, tables, visited)
        row = [problem.host_table[p] if problem.present[r][p] and problem.is_host(p) else ABSENT
               for p in range(problem.people)]
        for point, person in enumerate(travellers):
            row[person] = table_of_group[groups[point]]
            pillar = problem.table_pillar[row[person]]
            if pillar != NO_PILLAR:
                visited[person].add(pillar)
        rows[r] = row
    return rows


def _traveller_slots(problem, r, sizes):
    slots = list(sizes)
    for p in range(problem.people):
        if problem.is_host(p) and problem.present[r][p]:
            slots[problem.host_table[p]] -= 1
    return slots


def _pillars_visited_in_fixed_rounds(problem):
    visited = [set() for _ in range(problem.people)]
    for row in problem.fixed_seats:
        for p, t in enumerate(row):
            if t != ABSENT and problem.table_pillar[t] != NO_PILLAR:
                visited[p].add(problem.table_pillar[t])
    return visited


def _label_groups(problem, groups, travellers, tables, visited):
    """Give each group a table, greedily sending groups to pillars their members have not seen."""
    members = [[] for _ in tables]
    for point, person in enumerate(travellers):
        members[groups[point]].append(person)
    free_tables = list(tables)
    table_of_group = []
    for group_members in members:
        best = min(free_tables, key=lambda t: (
            sum(problem.table_pillar[t] in visited[person] for person in group_members), t))
        free_tables.remove(best)
        table_of_group.append(best)
    return table_of_group
