"""The walk: every demo account, at desktop (1366 px) and phone (390 px) width, through the pages
its menu and its first rows lead to, in the default (Chinese) interface.

On every page: the page answers without an error, nothing is requested from another host, the
console shows no error (a CSP violation is one), the page does not scroll sideways, the interface
shows no "中文 / English" pair, and on the phone the buttons are at least 44 px tall. A screenshot
of every page is kept in test-artifacts/walk/ (for the reviewer; not asserted on).
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from tasks.services.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.test_browser_flow import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser]

WALK_ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "walk"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
MAX_PAGES_PER_ACCOUNT = 18
# A detail page of each kind the first page links to is walked too (its first link only).
DETAIL_PATTERNS = [
    r"^/assignments/\d+/$", r"^/documents/\d+/$", r"^/tasks/\d+/$", r"^/units/\d+/$",
    r"^/jurisdictions/\d+/$", r"^/public/.+", r"^/review/.+", r"^/registry/.+", r"^/calendar/.+",
    r"^/yearly-review/.+", r"^/assignments/print/",
]
SKIP = re.compile(r"/(export|exports|logout|download|files|attachments?)/|\?format=|/admin/.+/(add|delete)/")
BILINGUAL = re.compile(r"[\u4e00-\u9fff]\s+/\s+[A-Za-z]{3,}|[A-Za-z]{3,}\s+/\s+[\u4e00-\u9fff]")
TAP_MIN_PX = 44


def _same_origin_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme and f"{parts.scheme}://{parts.netloc}" != base:
            continue
        if not parts.path.startswith("/") or SKIP.search(href):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _pages_of(page, base: str, account) -> list[str]:
    """The menu's pages, then the first detail page of each kind they link to."""
    page.goto(f"{base}/")
    menu = [p for p in _same_origin_links(page, base) if page.locator(f'nav a[href="{p}"]').count()]
    pages = list(dict.fromkeys(["/", *menu]))
    if account.role == "operator":
        pages.append("/admin/")
    if account.role in ("office", "supervisor"):
        pages.append(reverse("portal:assignment_print"))
    if account.role == "office":
        pages.append(reverse("importing:upload"))
    for path in list(pages):
        if len(pages) >= MAX_PAGES_PER_ACCOUNT:
            break
        page.goto(f"{base}{path}")
        for pattern in DETAIL_PATTERNS:
            found = next((p for p in _same_origin_links(page, base) if re.match(pattern, p) and p not in pages), None)
            if found and len(pages) < MAX_PAGES_PER_ACCOUNT:
                pages.append(found)
    return pages


def _problems_on(page, base: str, path: str, width: str) -> list[str]:
    problems = []
    if page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"] + 1:
        problems.append("scrolls sideways")
    text = page.inner_text("body")
    for match in BILINGUAL.finditer(text):
        problems.append(f"bilingual text {match.group(0)!r}")
    if width == "phone":
        small = page.evaluate(
            """min => [...document.querySelectorAll('main button, main .btn, main input[type=submit]')]
                .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < min)
                .map(e => (e.innerText || e.value || e.getAttribute('aria-label') || e.outerHTML.slice(0, 60))
                    .trim())""",
            TAP_MIN_PX)
        problems.extend(f"button under {TAP_MIN_PX}px: {label!r}" for label in small[:5])
    return problems


@pytest.fixture
def demo(transactional_db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    call_command("seed_demo", "--force", verbosity=0)


def test_every_demo_account_walks_every_page_at_desktop_and_phone_width(demo, live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    WALK_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    walked = 0
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for account in DEMO_ACCOUNTS:
            pages = None
            for width, viewport in WIDTHS.items():
                context = chromium.new_context(viewport=viewport, locale="zh-CN")
                page = context.new_page()
                console: list[str] = []
                outside: list[str] = []
                page.on("console", lambda m, sink=console: m.type == "error" and sink.append(m.text))
                page.on("request", lambda r, sink=outside: (not r.url.startswith(base) and not r.url.startswith(
                    ("data:", "blob:"))) and sink.append(r.url))
                page.goto(f"{base}/accounts/login/")
                page.fill("#id_username", account.username)
                page.fill("#id_password", DEMO_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()
                pages = pages or _pages_of(page, base, account)
                for path in pages:
                    console.clear()
                    response = page.goto(f"{base}{path}")
                    walked += 1
                    where = f"{account.username} {width} {path}"
                    if response is None or response.status >= 400:
                        problems.append(f"{where}: answered {response.status if response else 'nothing'}")
                        continue
                    problems.extend(f"{where}: {p}" for p in _problems_on(page, base, path, width))
                    problems.extend(f"{where}: console error {text[:120]}" for text in console)
                    slug = re.sub(r"[^\w]+", "_", path).strip("_") or "home"
                    page.screenshot(path=str(WALK_ARTIFACTS / f"{account.username}-{width}-{slug}.png"),
                                    full_page=True)
                problems.extend(f"{account.username} {width}: requested {url}" for url in outside)
                context.close()
        chromium.close()
    assert walked >= 2 * len(DEMO_ACCOUNTS) * 3, walked
    assert not problems, "\n".join(problems)
