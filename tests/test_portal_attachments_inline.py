"""Attachments shown in the page: PDFs and images inline with their own type and a strict policy;
every other type (HTML, SVG, office files) stays a download as application/octet-stream."""

import pytest
from django.urls import reverse

from tests import factories
from tests import factories_portal as fp

pytestmark = pytest.mark.django_db

INLINE = [
    ("scan.pdf", b"%PDF-1.4 x", "application/pdf"),
    ("photo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
    ("photo.JPG", b"\xff\xd8\xff\xe0", "image/jpeg"),
    ("photo.jpeg", b"\xff\xd8\xff\xe0", "image/jpeg"),
]
DOWNLOAD_ONLY = [
    ("page.html", b"<script>alert(1)</script>"),
    ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("table.xlsx", b"PK\x03\x04"),
    ("noextension", b"%PDF-1.4 pretending"),
    ("scan.pdf.html", b"<html></html>"),
]


def _attachment(world, name, content):
    report = factories.report(assignment=world.assignment, author=world.liaison)
    return fp.attachment(report=report, name=name, content=content)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("name", "content", "content_type"), INLINE)
def test_pdf_and_images_are_served_inline_with_their_type_and_a_strict_policy(client, world, name, content,
                                                                               content_type):
    item = _attachment(world, name, content)
    client.force_login(world.office)
    response = client.get(reverse("portal:attachment_view", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert ("sandbox" in policy) == content_type.startswith("image/")
    assert _body(response) == content


@pytest.mark.parametrize(("name", "content"), DOWNLOAD_ONLY)
def test_other_types_are_never_inline_even_on_the_view_url(client, world, name, content):
    item = _attachment(world, name, content)
    client.force_login(world.office)
    for url_name in ("portal:attachment_view", "portal:attachment_download"):
        response = client.get(reverse(url_name, args=[item.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_download_url_stays_a_download_for_a_pdf(client, world):
    item = _attachment(world, "scan.pdf", b"%PDF-1.4 x")
    client.force_login(world.liaison)
    response = client.get(reverse("portal:attachment_download", args=[item.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_view_url_keeps_the_access_checks(client, world):
    item = _attachment(world, "scan.pdf", b"%PDF-1.4 x")
    url = reverse("portal:attachment_view", args=[item.pk])
    client.force_login(world.other_liaison)
    assert client.get(url).status_code == 404
    client.force_login(world.other_office)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_assignment_page_offers_view_only_for_pdf_and_images(client, world):
    pdf = _attachment(world, "scan.pdf", b"%PDF-1.4 x")
    html = _attachment(world, "page.html", b"<p>")
    client.force_login(world.office)
    page = client.get(world.assignment.get_absolute_url()).content.decode()
    assert reverse("portal:attachment_view", args=[pdf.pk]) in page
    assert reverse("portal:attachment_view", args=[html.pk]) not in page
    assert reverse("portal:attachment_download", args=[html.pk]) in page
