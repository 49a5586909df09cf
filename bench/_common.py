"""Helpers shared by bench/run.py, bench/load.py and the robustness tests: Django set-up for a
throwaway database, HTML form reading (so the load test follows the real forms' field names),
multipart encoding and small statistics. Standard library only."""

from __future__ import annotations

import logging
import os
import statistics
import sys
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent


# --- Django in this process ---------------------------------------------------------------------------------
def django_setup(*, sqlite_path: str | None = None) -> str:
    """Point Django at DATABASE_URL if given, else at a fresh SQLite file; migrate; return a description."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensched.settings_test")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = sqlite_path or os.environ.get("SQLITE_PATH") or ""
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login otherwise
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # The test settings log every query at DEBUG when DEBUG is on; keep timings honest.
    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


# --- numbers ------------------------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0–100) by nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def figure(name: str, value, unit: str, ratio=None) -> dict:
    """One result row; ``value`` is the measurement, ``ratio`` the comparison the name describes (or None)."""
    def clean(x):
        return None if x is None else round(float(x), 4)

    return {"name": name, "value": clean(value), "unit": unit, "ratio": clean(ratio)}


def table(rows: list[dict]) -> str:
    lines = [f"{'figure':<52} {'value':>12} {'unit':<12} {'ratio':>8}"]
    for row in rows:
        value = "n/a" if row["value"] is None else f"{row['value']:.4g}"
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.3g}"
        lines.append(f"{row['name']:<52} {value:>12} {row['unit']:<12} {ratio:>8}")
    return "\n".join(lines)


# --- HTML forms ---------------------------------------------------------------------------------------------
@dataclass
class Form:
    """A <form> as a browser would submit it: its target and the values it would send by default."""

    action: str
    method: str = "get"
    enctype: str = "application/x-www-form-urlencoded"
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""

    def data(self, **overrides) -> dict[str, object]:
        """Default values with ``overrides`` (a name given as None is left out)."""
        values: dict[str, object] = {}
        for name, value in self.fields:
            if name in values:
                current = values[name]
                values[name] = [*current, value] if isinstance(current, list) else [current, value]
            else:
                values[name] = value
        for name, value in overrides.items():
            if value is None:
                values.pop(name, None)
            else:
                values[name] = value
        return values

    def has(self, name: str) -> bool:
        return name in self.types


class _FormParser(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.current = Form(action=urljoin(self.base_url, a.get("action") or self.base_url),
                                method=(a.get("method") or "get").lower(),
                                enctype=a.get("enctype") or "application/x-www-form-urlencoded")
            self.forms.append(self.current)
            return
        form = self.current
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            form.types[name] = kind
            if kind == "file":
                form.files.append(name)
            elif kind in ("submit", "button", "image"):
                form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            else:
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name:
            form.types[name] = "button"
            form.buttons.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            form.types[name] = "textarea"
            form.textareas.append(name)
            self.textarea = name
            form.fields.append((name, ""))
        elif tag == "select" and name:
            form.types[name] = "select"
            form.options[name] = []
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "label": ""}

    def handle_data(self, data):
        if self.current is not None:
            self.current.text += data
        if self.textarea and self.current is not None:
            name, value = self.current.fields[-1]
            self.current.fields[-1] = (name, value + data)
        if self.option is not None:
            self.option["label"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "option" and self.option is not None and self.current is not None:
            value = self.option["value"] if self.option["value"] is not None else self.option["label"].strip()
            self.current.options[self.select].append(value)
            if self.select_first is None and value:
                self.select_first = value
            if self.option["selected"] and not self.select_chosen:
                self.current.fields.append((self.select, value))
                self.select_chosen = True
            self.option = None
        elif tag == "select" and self.select and self.current is not None:
            if not self.select_chosen and self.select_first is not None:
                self.current.fields.append((self.select, self.select_first))
            self.select = None


def parse_forms(html: str, base_url: str = "/") -> list[Form]:
    parser = _FormParser(base_url)
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(forms: list[Form], *, has: tuple[str, ...] = (), action_contains: str = "",
              method: str = "post") -> Form | None:
    for form in forms:
        if form.method == method and action_contains in form.action and all(form.has(n) for n in has):
            return form
    return None


# --- multipart for http.client ------------------------------------------------------------------------------
def multipart(fields: dict[str, object], files: dict[str, tuple[str, bytes, str]] | None = None
              ) -> tuple[bytes, str]:
    """Encode ``fields`` (str or list of str) and ``files`` (name → (filename, bytes, type)); returns body, type."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                         + str(item).encode() + b"\r\n")
    for name, (filename, content, ctype) in (files or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
