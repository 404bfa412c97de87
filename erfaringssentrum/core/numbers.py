"""Counts in Norwegian text for staff: «1 ny tid», «3 nye tider»."""


def count_of(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
