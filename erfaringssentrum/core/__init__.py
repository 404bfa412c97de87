"""The machinery every app shares: the page cache, search, Markdown, e-mail and its queue,
calendar files, rate limits, the client's address, the privacy registry, staff rights, the
caches that fail soft, the CSV writer of the admin exports, and `DomainError`, the base of the
errors the services raise when a rule stops an action.

It imports no domain app (resources, faq, assessments, courses) and nothing of the project
package but its models (tests/site/test_layout.py): the apps import core, never the other way.
"""
