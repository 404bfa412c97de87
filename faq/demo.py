"""Demo content for `seed_demo` (idempotent)."""


def seed(*, stdout):
    pass
