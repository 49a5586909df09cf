"""gunicorn settings: ``gunicorn -c opensched/gunicorn_conf.py opensched.wsgi``.

gunicorn trusts ``X-Forwarded-Proto`` (and so calls a request HTTPS) when it comes from
``forwarded_allow_ips``, which by default is 127.0.0.1 — any local process could then claim HTTPS.
Here the trust follows ``BEHIND_PROXY``, the same switch Django's ``SECURE_PROXY_SSL_HEADER`` and
the client-address rule (``opensched.client_ip``) use: behind the proxy only ``TRUSTED_PROXIES``
(default 127.0.0.1 and ::1) are trusted, otherwise nobody is.
"""

import os

from opensched.env import env_bool, env_int, env_list

behind_proxy = env_bool("BEHIND_PROXY", False)
forwarded_allow_ips = ",".join(env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])) if behind_proxy else ""

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = env_int("GUNICORN_WORKERS", 4)
# A request that takes longer than this is a bug or an attack: the worker is recycled.
timeout = env_int("GUNICORN_TIMEOUT", 60)
# Request line and header bounds (gunicorn's own limits, stated so they are seen).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
