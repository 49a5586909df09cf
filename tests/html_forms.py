"""The forms of a page as a browser would submit them (lxml.html), for tests that fill real forms."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html


@dataclass
class Form:
    """A <form>: its target, the values it sends by default, and its fields' kinds."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)

    def data(self, **overrides) -> dict[str, object]:
        """Default values with ``overrides`` (a name given as None is left out)."""
        sent: dict[str, list[str]] = {}
        for name, value in self.fields:
            sent.setdefault(name, []).append(value)
        values: dict[str, object] = {name: given[0] if len(given) == 1 else given for name, given in sent.items()}
        values.update((name, value) for name, value in overrides.items() if value is not None)
        return {name: value for name, value in values.items() if overrides.get(name, value) is not None}


def parse_forms(html: str, base_url: str = "/") -> list[Form]:
    page = lxml.html.document_fromstring(html, base_url=base_url)
    page.make_links_absolute(base_url)
    forms = []
    for element in page.forms:
        form = Form(action=element.action or base_url, method=(element.method or "get").lower(),
                    fields=list(element.form_values()))
        for control in element.inputs:
            name = control.get("name")
            if not name:
                continue
            kind = control.tag if control.tag in ("textarea", "select") else (control.get("type") or "text").lower()
            form.types[name] = kind
            if kind == "file":
                form.files.append(name)
            elif kind == "textarea":
                form.textareas.append(name)
        forms.append(form)
    return forms
