"""The base of every domain error: a service raises one when a rule stops the action.

`message` is Norwegian and written for the person who tried (an adviser, a participant, staff),
so views, forms and the admin show it as it is. Read it as `error.message`, the one way used
everywhere (tests/site/test_domain_errors.py checks the apps never read `str(error)`).
"""


class DomainError(Exception):
    """A rule stopped the action; `message` says why, in Norwegian, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
