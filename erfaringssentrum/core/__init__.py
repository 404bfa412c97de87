"""The machinery every app shares: the page cache, search, Markdown, e-mail and its queue,
calendar files, rate limits, the client's address, the privacy registry, staff rights, the
caches that fail soft, the CSV writer of the admin exports, and `DomainError`, the base of the
errors the services raise when a rule stops an action; and the RFC 6238 codes the demo staff
account and the tests log in with.

It imports no domain app (resources, faq, assessments, courses) and nothing of the project
package but its models (tests/site/test_layout.py): the apps import core, never the other way.
"""
