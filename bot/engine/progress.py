"""Which criterion to ask next, derived from the answers (never a stored pointer)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from wwc_rules import Standard


def area_order(standard: Standard, focus: str | None, mine: Collection[str], others: Collection[str]) -> list[str]:
    """Areas in the order a user works through them.

    The area they chose, then the areas assigned to them, then unassigned
    areas, and areas assigned to colleagues last; each group in the
    standard's order.
    """
    codes = [a.code for a in standard.areas]

    def rank(code: str) -> int:
        if code == focus:
            return 0
        if code in mine:
            return 1
        return 3 if code in others else 2

    return sorted(codes, key=rank)  # a stable sort: the standard's order within each group


def next_criterion(
    standard: Standard,
    answered: Collection[str],
    *,
    skipped: Sequence[str] = (),
    focus: str | None = None,
    mine: Collection[str] = (),
    others: Collection[str] = (),
) -> str | None:
    """The first unanswered criterion by ``area_order`` and standard order; skipped ones last.

    >>> from wwc_rules import load_standard
    >>> next_criterion(load_standard(), {"DM1"}, skipped=["DM2"])
    'DM3'
    """
    later = set(skipped)
    for area in area_order(standard, focus, mine, others):
        for c in standard.criteria_in(area):
            if c.code not in answered and c.code not in later:
                return c.code
    for code in skipped:
        if code not in answered and standard.has_criterion(code):
            return code
    return None


def area_complete(standard: Standard, area: str, answered: Collection[str]) -> bool:
    return all(c.code in answered for c in standard.criteria_in(area))
