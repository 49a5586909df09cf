"""Reading pages in tests as parsed HTML (lxml.html): find the element meant, then look inside it."""

from __future__ import annotations

import lxml.html
from lxml.html import HtmlElement


def parse(html: str | HtmlElement) -> HtmlElement:
    return html if isinstance(html, HtmlElement) else lxml.html.document_fromstring(html)


def find_all(html: str | HtmlElement, xpath: str) -> list[HtmlElement]:
    return parse(html).xpath(xpath)


def find(html: str | HtmlElement, xpath: str) -> HtmlElement:
    """The first element ``xpath`` selects (relative paths start with ``.``); fails when there is none."""
    found = find_all(html, xpath)
    assert found, f"nothing matches {xpath}"
    return found[0]


def by_testid(html: str | HtmlElement, name: str) -> HtmlElement:
    """The first element with ``data-testid="name"`` inside ``html``."""
    return find(html, f'.//*[@data-testid="{name}"]')


def text(element: HtmlElement) -> str:
    """The element's text as a reader sees it, whitespace collapsed."""
    return " ".join(element.text_content().split())


def hrefs(element: HtmlElement) -> list[str]:
    """The targets of the links inside ``element``, in page order."""
    return [a.get("href") for a in element.iter("a") if a.get("href") is not None]
