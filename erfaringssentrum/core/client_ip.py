"""The visitor's IP address, read one way everywhere: rate limits (ours and allauth's) and the
security log.

Behind the reverse proxy every request comes from the proxy's address (REMOTE_ADDR), and the
proxy appends the address it saw to X-Forwarded-For. Only the entries our own proxies added
can be trusted: a client can send any X-Forwarded-For it likes, and the proxies append to it.
With TRUSTED_PROXY_COUNT = n, the client is the n-th address from the right; with 0 (no proxy,
as in development) X-Forwarded-For is ignored.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        entries = forwarded.split(",")
        # Fewer entries than proxies: the request skipped a proxy; the leftmost is the
        # furthest any of them saw.
        address = _valid(entries[-proxies] if len(entries) >= proxies else entries[0])
        if address:
            return address
    return _valid(remote) or remote or "-"
