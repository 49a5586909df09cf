"""Backup and restore through pg_dump / pg_restore: what happens without the client programs, and
archives of one engine brought to the other (the round trip itself: tests/test_backup_roundtrip.py,
run on both engines in CI)."""

import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tasks.services import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def no_client_programs(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **kw: None if name.startswith("pg_") else real(name))


def _pgdump_archive(path, data=b"PGDMP fake"):
    manifest = {"format": backup.FORMAT, "version": backup.VERSION, "models": {},
                "data": {"name": "data.pgdump", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()},
                "media": []}
    with tarfile.open(path, "w:gz") as archive:
        for name, content in (("manifest.json", json.dumps(manifest).encode()), ("data.pgdump", data)):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


def test_a_backup_without_pg_dump_is_one_clear_line(media, tmp_path, no_client_programs):
    target = tmp_path / "b.tar.gz"
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError) as caught:
            call_command("backup", "-o", str(target), stdout=io.StringIO())
        assert str(caught.value).startswith("backup failed: pg_dump was not found on PATH")
        assert "\n" not in str(caught.value) and not target.exists()
    else:  # SQLite keeps its own path: no client programs needed
        call_command("backup", "-o", str(target), stdout=io.StringIO())
        assert target.exists()


def test_a_pg_dump_archive_restores_only_with_pg_restore_into_postgresql(media, tmp_path, no_client_programs):
    archive = _pgdump_archive(tmp_path / "pg.tar.gz")
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(archive), stdout=io.StringIO())
    message = str(caught.value)
    if connection.vendor == "postgresql":
        assert message.startswith("restore refused: pg_restore was not found on PATH")
    else:
        assert message.startswith("restore refused: this archive was written from PostgreSQL (pg_dump)")
    assert "\n" not in message


def test_a_pg_dump_archive_pg_restore_cannot_read_is_refused_in_one_line(media, tmp_path):
    if connection.vendor != "postgresql":
        archive = _pgdump_archive(tmp_path / "pg.tar.gz")
        with pytest.raises(CommandError, match="only into PostgreSQL"):
            call_command("restore", str(archive), stdout=io.StringIO())
        return
    archive = _pgdump_archive(tmp_path / "pg.tar.gz", data=b"not a custom-format archive")
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert str(caught.value).startswith("restore refused: pg_restore failed:")
    assert "\n" not in str(caught.value)
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.exists()  # the content types it deleted first came back with the rollback


def test_the_dumped_tables_include_many_to_many_tables_content_types_and_permissions():
    tables = backup._pg_tables()
    for table in ("tasks_task", "auth_user", "auth_user_groups", "auth_group_permissions",
                  "django_content_type", "auth_permission", "tasks_historicalassignment"):
        assert table in tables
    assert len(tables) == len(set(tables))
