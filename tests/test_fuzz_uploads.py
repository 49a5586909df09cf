"""Uploads that must be refused cleanly: over the size limit, of a forbidden type, or garbage.

"Cleanly" means no server error, nothing saved (no report, attachment, draft or document row)
and no file left under MEDIA_ROOT. Each group starts with a control upload that must succeed, so
a refusal is the rule at work and not a badly filled form. The forms are read from the pages
themselves (tests.html_forms.parse_forms), so the tests follow the real field names.
"""

import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks.models import Attachment, Document, ImportDraft, ProgressReport
from tests.html_forms import Form, parse_forms

LIMIT_MB = 1
LIMIT = LIMIT_MB * 1024 * 1024
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "documents" / "000_517b0bf8bf3974e6.txt"


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.OPENSCHED_MAX_UPLOAD_MB = LIMIT_MB
    return Path(settings.MEDIA_ROOT)


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _form_with_file(client, url: str) -> Form:
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} answered {page.status_code}"
    forms = [f for f in parse_forms(page.content.decode(), url) if f.method == "post" and f.files]
    assert forms, f"{url} shows no upload form"
    return forms[0]


def _post(client, form: Form, upload: SimpleUploadedFile, **overrides):
    data = form.data(**overrides)
    data[form.files[0]] = upload
    return client.post(urlsplit(form.action).path, data)


# --- attachments on a progress report ------------------------------------------------------------------------
def _report(client, world, name: str, content: bytes):
    form = _form_with_file(client, _url("portal:assignment_detail", world.assignment.pk))
    overrides = {n: "50" for n, kind in form.types.items() if kind == "number"}
    overrides[form.textareas[0]] = f"已公开 {name}"
    return _post(client, form, SimpleUploadedFile(name, content), **overrides)


@pytest.mark.django_db
def test_a_report_with_an_allowed_file_at_the_limit_is_accepted(client, world, media):
    client.force_login(world.liaison)
    response = _report(client, world, "证明材料.pdf", b"%PDF" + b"0" * (LIMIT - 4))
    assert response.status_code == 302, "the control upload was not accepted: the form filling is wrong"
    attachment = Attachment.objects.get()
    assert attachment.size == LIMIT and attachment.report.assignment == world.assignment
    assert len(_stored(media)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name,content", [
    ("big.pdf", b"%PDF" + b"0" * LIMIT),  # one byte over the limit
    ("evil.exe", b"MZ\x90\x00" + b"\x00" * 200),
    ("page.html", b"<script>alert(1)</script>"),
    ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("report.pdf.exe", b"MZ"),
    ("noextension", b"plain"),
])
def test_a_report_with_a_file_over_the_limit_or_of_a_forbidden_type_is_refused(client, world, media, name, content):
    client.force_login(world.liaison)
    response = _report(client, world, name, content)
    assert response.status_code < 500
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    assert not _stored(media)


@pytest.mark.django_db
def test_a_file_name_with_a_path_is_stored_inside_media_root_under_its_base_name(client, world, media):
    client.force_login(world.liaison)
    response = _report(client, world, "../../../../tmp/escape.txt", b"hello")
    assert response.status_code < 500
    for attachment in Attachment.objects.all():
        assert "/" not in attachment.original_name and ".." not in attachment.original_name
        assert Path(attachment.file.path).resolve().is_relative_to(media.resolve())
    assert all(p.resolve().is_relative_to(media.resolve()) for p in _stored(media))


# --- document import ------------------------------------------------------------------------------------------
def _import(client, name: str, content: bytes):
    form = _form_with_file(client, _url("importing:upload"))
    return _post(client, form, SimpleUploadedFile(name, content))


@pytest.mark.django_db
def test_importing_a_seed_document_makes_a_draft(client, world, media):
    client.force_login(world.office)
    response = _import(client, SEED.name, SEED.read_bytes())
    assert response.status_code == 302, "the control upload was not accepted: the form filling is wrong"
    assert ImportDraft.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name,content", [
    ("big.txt", "一、深化重点领域政府信息公开\n".encode() * (LIMIT // 40 + 1)),
    ("evil.exe", b"MZ\x90\x00"),
    ("scan.pdf", b"%PDF-1.4 not importable"),
    ("page.html", "<h1>一、深化重点领域政府信息公开</h1>".encode()),
    ("empty.txt", b""),
])
def test_an_import_over_the_limit_or_of_a_forbidden_type_is_refused(client, world, media, name, content):
    client.force_login(world.office)
    response = _import(client, name, content)
    assert response.status_code < 500
    assert not ImportDraft.objects.exists() and Document.objects.count() == 2
    assert not _stored(media)


def _garbage(seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    blob = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
    return [
        (f"g{seed}.docx", blob),
        (f"g{seed}.xlsx", b"PK\x03\x04" + blob),
        (f"g{seed}.txt", blob),
        (f"g{seed}.md", "（一）".encode() + blob.replace(b"\n", b"") + "（责任单位：".encode()),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(4))
def test_garbage_with_an_allowed_extension_never_causes_a_server_error(client, world, media, seed):
    client.force_login(world.office)
    cases = [*_garbage(seed), ("nul.txt", b"\x00" * 100), ("gbk.txt", "一、工作要点\n（一）做好公开。".encode("gbk")),
             ("long.txt", "做好公开" * 60000)]
    for name, content in cases:
        content = content.encode() if isinstance(content, str) else content
        response = _import(client, name, content)
        assert response.status_code < 500, name
    assert Document.objects.count() == 2
