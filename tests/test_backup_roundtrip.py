"""backup / restore: a full round trip, and archives that must be refused without changing anything."""

import io
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.models import Attachment, Document, ImportDraft, ProgressReport
from tasks.services.backup import dumped_models
from tasks.services.synthetic import SyntheticSpec, synthetic_data_generate
from tests import factories

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40
DOCX = b"PK\x03\x04" + "政务公开工作要点".encode() * 500


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def filled(world, media):
    """The world, plus reports with real attachment files, a source document file, a group and synthetic rows."""
    report = factories.report(assignment=world.assignment, author=world.liaison, evidence_urls=["https://a.gov.cn/1"])
    returned = factories.report(assignment=world.other_assignment, author=world.other_liaison, percent=30,
                                state=ProgressReport.State.RETURNED, reviewer=world.office, review_note="请补充链接。")
    for name, content in (("进展.pdf", PDF), ("台账.docx", DOCX)):
        attachment = Attachment(report=report, original_name=name, size=len(content))
        attachment.file.save(name, ContentFile(content), save=True)
    Attachment(report=returned, original_name="x.txt", size=3).file.save("x.txt", ContentFile(b"abc"), save=True)
    world.document.source_file.save("要点.txt", ContentFile("一、深化重点领域政府信息公开".encode()), save=True)
    world.document.title = "改过的标题"  # a second history row
    world.document.save()
    group = Group.objects.create(name="office staff")
    group.permissions.set(Permission.objects.filter(content_type__app_label="tasks")[:5])
    world.office.groups.add(group)
    ImportDraft.objects.create(created_by=world.office, jurisdiction=world.j, filename="a.txt",
                               content=b"\x00\xffbinary", parsed={"documents": [{"title": "标题"}]})
    synthetic_data_generate(spec=SyntheticSpec(units=5, tasks=8, today=date(2026, 11, 21)))
    # history keeps the id of a user deleted since (no database constraint on history rows)
    factories.liaison(unit=world.unit, username="gone").delete()
    return world


def _snapshot():
    rows = {m._meta.label_lower: list(m._default_manager.order_by("pk").values()) for m in dumped_models()}
    rows["groups"] = sorted((u.username, g.name) for g in Group.objects.all() for u in g.user_set.all())
    rows["perms"] = sorted(Group.objects.values_list("name", "permissions__codename"))
    return rows


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _empty_everything(media: Path):
    """A freshly migrated database and an empty MEDIA_ROOT (inside the test's transaction)."""
    postgres = connection.vendor == "postgresql"
    if postgres:  # TRUNCATE refuses tables with pending deferred foreign-key checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


# pg_dump reads committed data only: the tests that write a backup commit their rows (transaction=True).
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_back_rows_and_files(filled, media, tmp_path):
    before, files = _snapshot(), _files(media)
    assert len(files) == 4 and before["tasks.attachment"] and before["tasks.historicaldocument"]
    dangling = {row["user_id"] for row in before["units.historicalmembership"]} - {
        row["id"] for row in before["auth.user"]}
    assert dangling, "the fixture should leave a history row pointing at a deleted user"
    archive = tmp_path / "b.tar.gz"
    out = io.StringIO()
    call_command("backup", "-o", str(archive), stdout=out)
    assert "4 media files" in out.getvalue() and archive.exists()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["models"]["tasks.task"] == len(before["tasks.task"])
    # PostgreSQL through the engine's own dump, SQLite through the serializer
    assert manifest["data"]["name"] == ("data.pgdump" if connection.vendor == "postgresql" else "data.json")
    assert len(manifest["media"]) == 4 and all(len(m["sha256"]) == 64 for m in manifest["media"])

    _empty_everything(media)
    assert not Document.objects.exists() and not _files(media)
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "restored" in out.getvalue()
    assert _snapshot() == before
    assert _files(media) == files
    attachment = Attachment.objects.get(original_name="进展.pdf")
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    # ids go on from the restored ones (sequences restored too)
    assert factories.document(jurisdiction=filled.j, doc_number="新〔2021〕1号").pk > max(
        row["id"] for row in before["tasks.document"])


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_documents(filled, media, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    before, files = _snapshot(), _files(media)
    with pytest.raises(CommandError, match=r"already holds 3 documents\. Restore only into an empty database"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert _snapshot() == before and _files(media) == files


def _rewrite(archive: Path, target: Path, change):
    """Copy ``archive`` to ``target`` passing every member through ``change(name, bytes) -> (name, bytes)``."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as sink:
        for member in source:
            name, data = change(member.name, source.extractfile(member).read())
            info = tarfile.TarInfo(name)
            info.size = len(data)
            sink.addfile(info, io.BytesIO(data))


def _tamper_data(name, data):
    if name not in ("data.json", "data.pgdump"):
        return name, data
    middle = len(data) // 2
    return name, data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


def _miscount(name, data):
    if name != "manifest.json":
        return name, data
    manifest = json.loads(data)
    manifest["models"]["tasks.task"] += 1
    return name, json.dumps(manifest).encode()


def _escape(name, data):
    return ("media/../../evil.txt" if name.endswith("x.txt") else name), data


def _drop_media(name, data):
    return ("media/other.txt" if name.endswith("x.txt") else name), data


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage,message", [
    ("garbage", "cannot read the archive"),
    ("truncated", "cannot read the archive"),
    ("tampered", r"data\.(json|pgdump) does not match its checksum"),
    ("escape", "not allowed in a backup archive"),
    ("renamed", "missing from the archive"),
    ("miscounted", "rows of tasks.task instead of"),
    ("missing", "does not exist"),
])
def test_a_damaged_archive_is_refused_with_a_clear_message_and_nothing_changes(
        filled, media, tmp_path, damage, message):
    good = tmp_path / "good.tar.gz"
    call_command("backup", "-o", str(good), stdout=io.StringIO())
    bad = tmp_path / "bad.tar.gz"
    raw = good.read_bytes()
    if damage == "garbage":
        bad.write_bytes(b"\x1f\x8b" + bytes(range(256)) * 8)
    elif damage == "truncated":
        bad.write_bytes(raw[: len(raw) // 2])
    elif damage != "missing":
        _rewrite(good, bad, {"tampered": _tamper_data, "escape": _escape, "renamed": _drop_media,
                          "miscounted": _miscount}[damage])
    _empty_everything(media)
    before = _snapshot()
    with pytest.raises(CommandError, match=message) as caught:
        call_command("restore", str(bad), stdout=io.StringIO())
    assert str(caught.value).startswith("restore refused:")
    assert _snapshot() == before and not Document.objects.exists()
    assert not _files(media)
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.django_db(transaction=True)
def test_backup_reads_everything_in_one_snapshot_on_postgresql(media, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("REPEATABLE READ is set on PostgreSQL only; SQLite reads in one transaction anyway")
    factories.document(jurisdiction=factories.jurisdiction())
    with CaptureQueriesContext(connection) as queries:
        call_command("backup", "-o", str(tmp_path / "b.tar.gz"), stdout=io.StringIO())
    statements = [q["sql"] for q in queries.captured_queries if q["sql"] != "BEGIN"]
    assert statements[0].startswith("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    assert any("tasks_document" in sql for sql in statements[1:])
