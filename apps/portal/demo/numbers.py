"""Split an exact total into random parts, so generated records add up to a target figure."""

from datetime import date, timedelta
from decimal import Decimal
from random import Random


def split_int(
    total: int, parts: int, rng: Random, *, spread: float = 0.5, minimum: int = 0
) -> list[int]:
    """`parts` integers of at least `minimum` that add up to `total`, varying by about `spread`."""
    if parts <= 0:
        return []
    if total < minimum * parts:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {minimum}")
    free = total - minimum * parts
    weights = [max(1e-9, 1 + rng.uniform(-spread, spread)) for _ in range(parts)]
    scale = free / sum(weights)
    values = [int(w * scale) for w in weights]
    for i in rng.sample(range(parts), free - sum(values)):
        values[i] += 1
    return [v + minimum for v in values]


def split_skewed(total: int, parts: int, rng: Random, *, minimum: int = 1) -> list[int]:
    """Like split_int, with the long tail of real gifts: many small, a few very large."""
    if parts <= 0:
        return []
    free = total - minimum * parts
    if free < 0:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {minimum}")
    weights = [rng.lognormvariate(0, 1.6) for _ in range(parts)]
    scale = free / sum(weights)
    values = [int(w * scale) for w in weights]
    remainder = free - sum(values)
    # The remainder is below `parts`; spread it one unit at a time.
    for i in rng.sample(range(parts), remainder):
        values[i] += 1
    return [v + minimum for v in values]


def split_money(
    total: Decimal, parts: int, rng: Random, *, minimum: Decimal = Decimal("1.00")
) -> list[Decimal]:
    """Amounts in yuan with fen precision that add up exactly to `total`."""
    fen = split_skewed(int(total * 100), parts, rng, minimum=int(minimum * 100))
    return [Decimal(f) / 100 for f in fen]


def random_day(rng: Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def sorted_days(rng: Random, start: date, end: date, count: int) -> list[date]:
    return sorted(random_day(rng, start, end) for _ in range(count))
