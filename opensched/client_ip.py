"""The client's address, as django-axes and the logs should see it.

Behind nginx (``BEHIND_PROXY=1``) every request comes from the proxy's address, so throttling by
``REMOTE_ADDR`` would lock a named user out for everybody. The proxy appends the address it saw to
``X-Forwarded-For``; only the right-most ``OPENSCHED_PROXY_COUNT`` entries were written by proxies we
run, and only when the request really came from one of ``OPENSCHED_TRUSTED_PROXIES``. Anything to
their left was written by the client and is ignored, so a client cannot choose its own address.
"""

from ipaddress import ip_address

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the trusted proxy's view of the client, else ``REMOTE_ADDR``."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = getattr(settings, "OPENSCHED_PROXY_COUNT", 0)
    if not proxies or remote not in getattr(settings, "OPENSCHED_TRUSTED_PROXIES", ()):
        return remote
    header = (request.META.get("HTTP_X_FORWARDED_FOR", "") or "")[:1000]
    forwarded = [part for part in header.split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
