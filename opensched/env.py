"""Read settings from the environment and fail loudly on values that make no sense.

A typo such as ``DEBUG=ture`` must stop start-up with a clear message instead of
silently running a production server in the wrong mode.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is not fit for production, or None: Django's own rule (``check --deploy``,
    security.W009) made an error: at least 50 characters, at least 5 distinct ones, and not one of
    Django's generated development keys."""
    if key.startswith("django-insecure-"):
        return "it is a development key (django-insecure-…)."
    if len(key) < 50:
        return "use at least 50 random characters."
    if len(set(key)) < 5:
        return "use at least 5 different characters."
    return None
