"""Backup and restore: one archive with the data, the uploaded files and a manifest.

Archive (``.tar.gz``)::

    manifest.json   format, time, database, row count per model, size and SHA-256 of every member
    data.json       Django's JSON serialisation (the ``dumpdata`` format, read back by ``loaddata``)
                    of users, groups, admin log, units and tasks, history included. References to
                    content types, permissions and groups are natural keys, so they match whatever
                    ids the target database gave them; every other reference keeps its id, as the
                    rows keep theirs in the empty target. Written by the serializer directly:
                    ``dumpdata --natural-foreign`` would fetch the referenced row of every
                    reference (one query per row and field), fail on history rows that point at a
                    since-deleted user (history keeps such ids on purpose), and cut datetimes to
                    milliseconds.
    data.pgdump     instead of data.json on PostgreSQL: ``pg_dump -Fc --data-only`` of the same
                    tables (with their many-to-many tables, content types and permissions), so a
                    database of millions of rows is dumped and restored by the engine, not row by
                    row through the ORM.
    media/<path>    every file under MEDIA_ROOT (attachments, source documents)

The counts and the dump are read in one transaction: REPEATABLE READ (a snapshot) on PostgreSQL,
whose snapshot pg_dump takes over (``--snapshot``), a single read transaction on SQLite, so the
dump is consistent while people keep working. pg_dump reads only committed data, so on
PostgreSQL a backup runs outside any transaction (refused inside one).

A ``data.pgdump`` is restored with ``pg_restore --data-only -f -``: pg_restore turns the archive
into SQL (``COPY … FROM stdin`` blocks and sequence values), streamed and run through Django's own
connection, inside the restore's one transaction, so the counts check can still roll everything
back. The target's content types and permissions (made by ``migrate``) are replaced by the
archive's, which the archive's rows refer to by id. The client programs must be present
(``make deps``: postgresql-client, same major version as the server or newer).

Restore verifies the whole archive (member names, sizes, checksums) before it touches anything,
refuses a database that already holds data, loads everything in one transaction, checks the
counts against the manifest and only then puts the files in place. The archive holds password
hashes: keep it as safe as the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, transaction
from django.utils import timezone

from tasks.caching import data_changed
from tasks.services.errors import ServiceError

FORMAT = "opensched-backup"
VERSION = 1
DUMP_LABELS = ["auth.group", "auth.user", "admin.logentry", "units", "tasks"]
MANIFEST, DATA, PG_DATA = "manifest.json", "data.json", "data.pgdump"
PG_EXTRA_TABLES = ("django_content_type", "auth_permission")  # referenced by id from the dumped rows
PG_TIMEOUT_SECONDS = 6 * 3600  # a bound on pg_dump / pg_restore; far above any real database
_STDERR_CHARS = 300
_NATURAL = {"contenttypes.contenttype", "auth.permission", "auth.group"}
_CHUNK = 1024 * 1024


class BackupError(ServiceError):
    """An archive that cannot be written or restored; nothing was changed."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    counts: dict[str, int]
    media_files: int
    missing_media: list[str]
    size: int


def dumped_models() -> list:
    """The models ``DUMP_LABELS`` stands for (auto-created many-to-many tables travel with their owner)."""
    models = []
    for label in DUMP_LABELS:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return models


class _PreciseEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder keeping microseconds (a restore must give back the same timestamps)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time) and not (isinstance(o, dt.time) and o.utcoffset() is not None):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _Serializer(JSONSerializer):
    """Natural keys only where ids differ between databases (content types, permissions, groups)."""

    def handle_fk_field(self, obj, field):
        if field.remote_field.model._meta.label_lower in _NATURAL:
            super().handle_fk_field(obj, field)
        else:
            self._current[field.name] = self._value_from_field(obj, field)


def _dump(path: Path) -> None:
    """``dumpdata --natural-foreign <DUMP_LABELS>``, minus its costs (see the module docstring)."""
    by_app: dict = {}
    for model in dumped_models():
        by_app.setdefault(model._meta.app_config, []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)

    def rows():
        for model in ordered:
            yield from model._default_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)

    with open(path, "w", encoding="utf-8") as handle:
        _Serializer().serialize(rows(), stream=handle, use_natural_foreign_keys=True, cls=_PreciseEncoder)


def _pg_tables() -> list[str]:
    """The tables pg_dump writes: the dumped models', their many-to-many tables, content types and
    permissions."""
    tables = []
    for model in dumped_models():
        tables.append(model._meta.db_table)
        tables += [field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many
                   if field.remote_field.through._meta.auto_created]
    return list(dict.fromkeys([*tables, *PG_EXTRA_TABLES]))


def _pg_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found on PATH: install the PostgreSQL client programs "
                          "(make deps installs postgresql-client).")
    return path


def _pg_connection_args() -> tuple[list[str], dict[str, str]]:
    """pg_dump's arguments and environment for the database Django is connected to."""
    params = connection.get_connection_params()
    args = []
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args.append(f"{option}={params[key]}")
    args.append(f"--dbname={params.get('dbname') or connection.settings_dict['NAME']}")
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    if params.get("sslmode"):
        env["PGSSLMODE"] = str(params["sslmode"])
    return args, env


def _pg_failed(name: str, stderr: str) -> BackupError:
    lines = [line.strip() for line in (stderr or "").splitlines() if line.strip()]
    detail = (lines[-1] if lines else "no message")[:_STDERR_CHARS]
    return BackupError(f"{name} failed: {detail}")


def _pg_dump(path: Path) -> None:
    """``pg_dump -Fc --data-only`` of ``_pg_tables()`` in the current transaction's snapshot."""
    program = _pg_program("pg_dump")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot(), current_schema()")
        snapshot, schema = cursor.fetchone()
    args, env = _pg_connection_args()
    command = [program, "--format=custom", "--data-only", "--no-owner", "--no-privileges",
               f"--snapshot={snapshot}", f"--file={path}", *args]
    command += [f"--table={schema}.{table}" for table in _pg_tables()]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise BackupError(f"pg_dump took longer than {PG_TIMEOUT_SECONDS} s; stopped.") from None
    except OSError as exc:
        raise BackupError(f"cannot run pg_dump ({exc.__class__.__name__}: {exc}).") from None
    if done.returncode != 0:
        raise _pg_failed("pg_dump", done.stderr)


# Session settings, comments, and psql's restrict/unrestrict guards (pg_restore 15.14 and later).
_SKIPPED = ("SET ", "SELECT pg_catalog.set_config(", "--", "\\restrict ", "\\unrestrict ")


def _pg_restore(path: Path) -> None:
    """Run ``pg_restore --data-only -f -``'s SQL through Django's connection (the caller's transaction).

    The script holds session settings and psql meta-commands (skipped: the settings would change
    this connection's search path),
    ``COPY … FROM stdin`` blocks (streamed to COPY) and ``setval`` calls; anything else is refused."""
    program = _pg_program("pg_restore")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name('auth_permission')}")
        cursor.execute(f"DELETE FROM {connection.ops.quote_name('django_content_type')}")
        raw = cursor.cursor
        with tempfile.TemporaryFile(mode="w+") as errors:
            try:
                proc = subprocess.Popen([program, "--data-only", "--no-owner", "--no-privileges", "--file=-",
                                         str(path)], stdout=subprocess.PIPE, stderr=errors)
            except OSError as exc:
                raise BackupError(f"cannot run pg_restore ({exc.__class__.__name__}: {exc}).") from None
            try:
                _pg_run_script(raw, proc.stdout)
            finally:
                proc.stdout.close()
                try:
                    code = proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    code = proc.wait()
            if code != 0:
                errors.seek(0)
                raise _pg_failed("pg_restore", errors.read())
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _pg_run_script(raw, stream) -> None:
    lines = iter(stream)
    for line in lines:
        text = line.decode("utf-8").rstrip("\n")
        if not text or text.startswith(_SKIPPED):
            continue
        if text.startswith("COPY ") and text.endswith(" FROM stdin;"):
            with raw.copy(text[:-1]) as copy:
                for row in lines:
                    if row == b"\\.\n":
                        break
                    copy.write(row)
                else:
                    raise BackupError("pg_restore's output ended inside a COPY block.")
        elif text.startswith("SELECT pg_catalog.setval(") and text.endswith(";"):
            raw.execute(text)
        else:
            raise BackupError(f"unexpected statement in pg_restore's output: {text[:80]!r}")


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in dumped_models()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[tuple[str, Path]]:
    """Regular files under MEDIA_ROOT as (relative POSIX path, path); symbolic links are left out."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def _referenced_files() -> set[str]:
    """Names of the files rows point at (attachments, source documents)."""
    from tasks.models import Attachment, Document

    names = set(Attachment.objects.exclude(file="").values_list("file", flat=True))
    return names | set(Document.objects.exclude(source_file="").values_list("source_file", flat=True))


def backup_create(*, output: Path | str) -> BackupResult:
    """Write a consistent archive of all application data and uploaded files to ``output``."""
    output = Path(output)
    media_root = Path(settings.MEDIA_ROOT)
    work = Path(tempfile.mkdtemp(prefix="opensched-backup-"))
    try:
        outermost = not connection.in_atomic_block
        postgres = connection.vendor == "postgresql"
        if postgres and not outermost:
            raise BackupError("on PostgreSQL a backup runs outside any transaction: pg_dump reads only "
                              "committed data.")
        data_path = work / (PG_DATA if postgres else DATA)
        if postgres:
            _pg_program("pg_dump")  # before any work
        with transaction.atomic():
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            counts = _counts()
            referenced = _referenced_files()
            if postgres:
                _pg_dump(data_path)
            else:
                _dump(data_path)
        media = [(rel, path, path.stat().st_size, _sha256(path)) for rel, path in _media_files(media_root)]
        present = {rel for rel, *_ in media}
        missing = sorted(referenced - present)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "django": django.get_version(),
            "models": counts,
            "data": {"name": data_path.name, "size": data_path.stat().st_size, "sha256": _sha256(data_path)},
            "media": [{"path": rel, "size": size, "sha256": digest} for rel, _, size, digest in media],
            "missing_media": missing,
        }
        manifest_path = work / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = output.with_name(output.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(manifest_path, arcname=MANIFEST)
                archive.add(data_path, arcname=data_path.name)
                for rel, path, _size, _digest in media:
                    archive.add(path, arcname=f"media/{rel}", recursive=False)
            os.chmod(partial, 0o600)
            os.replace(partial, output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"cannot write {output} ({exc.__class__.__name__}: {exc.strerror or exc}).") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupResult(path=output, counts=counts, media_files=len(media), missing_media=missing,
                        size=output.stat().st_size)


def _safe_media_name(name: str) -> str | None:
    """The relative path of a ``media/…`` member, or None when the name could escape MEDIA_ROOT."""
    if not name.startswith("media/") or "\\" in name or "\x00" in name:
        return None
    rel = PurePosixPath(name[len("media/"):])
    if rel.is_absolute() or not rel.parts or any(part in ("", ".", "..") for part in rel.parts):
        return None
    return rel.as_posix()


def _extract_verified(archive_path: Path, into: Path) -> dict:
    """Read the archive, check every member against the manifest, extract into ``into``; return the manifest."""
    manifest = None
    seen: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"the member {member.name!r} is a link or a device; refusing the archive.")
                if member.name == MANIFEST:
                    manifest = json.loads(archive.extractfile(member).read().decode("utf-8"))
                    continue
                data = member.name in (DATA, PG_DATA)
                rel = member.name if data else _safe_media_name(member.name)
                if rel is None:
                    raise BackupError(f"the member {member.name!r} is not allowed in a backup archive.")
                target = into / ("data" if data else "media") / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.extractfile(member) as source, open(target, "wb") as sink:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        sink.write(chunk)
                seen[rel] = (member.size, digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"cannot read the archive ({exc.__class__.__name__}: {exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the archive has no OpenSched manifest.")
    if manifest.get("version") != VERSION:
        raise BackupError(f"backup format version {manifest.get('version')!r} is not supported (expected {VERSION}).")
    try:
        data_name = manifest["data"].get("name", DATA)
        if data_name not in (DATA, PG_DATA):
            raise TypeError(f"unknown data member {str(data_name)[:40]!r}")
        expected = {data_name: (manifest["data"]["size"], manifest["data"]["sha256"])}
        expected.update({item["path"]: (item["size"], item["sha256"]) for item in manifest.get("media", [])})
        if not all(isinstance(n, int) for n in manifest["models"].values()):
            raise TypeError("row counts must be integers")
    except (KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"the manifest is damaged ({exc.__class__.__name__}: {exc}).") from None
    for name, (size, digest) in expected.items():
        if name not in seen:
            raise BackupError(f"{name} is listed in the manifest but missing from the archive.")
        if seen[name] != (size, digest):
            raise BackupError(f"{name} does not match its checksum in the manifest: the archive is damaged.")
    extra = sorted(set(seen) - set(expected))
    if extra:
        raise BackupError(f"{extra[0]} is in the archive but not in its manifest.")
    return manifest


def _check_empty() -> None:
    filled = {m._meta.label_lower: n for m in dumped_models() if (n := m._default_manager.count())}
    if not filled:
        return
    documents = filled.get("tasks.document")
    what = (f"{documents} documents" if documents
            else "rows (" + ", ".join(f"{label}: {n}" for label, n in list(filled.items())[:4]) + ")")
    raise BackupError(f"the database already holds {what}. Restore only into an empty database: "
                      "create a new database, run migrate, then restore.")


def backup_restore(*, archive: Path | str) -> dict[str, int]:
    """Bring an archive back into an empty database and MEDIA_ROOT; returns the row counts restored."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    media_root = Path(settings.MEDIA_ROOT)
    work = Path(tempfile.mkdtemp(prefix="opensched-restore-"))
    placed: list[Path] = []
    try:
        manifest = _extract_verified(archive, work)
        data_name = manifest["data"].get("name", DATA)
        if data_name == PG_DATA and connection.vendor != "postgresql":
            raise BackupError(f"this archive was written from PostgreSQL (pg_dump); it restores only into "
                              f"PostgreSQL, not {connection.vendor}.")
        _check_empty()
        if data_name == PG_DATA:
            _pg_program("pg_restore")
        staged = [(item["path"], work / "media" / item["path"]) for item in manifest.get("media", [])]
        for rel, source in staged:
            target = media_root / rel
            if target.exists() and _sha256(target) != _sha256(source):
                raise BackupError(f"{target} exists with other content; move it away or use an empty MEDIA_ROOT.")
        with transaction.atomic():
            try:
                if data_name == PG_DATA:
                    with transaction.atomic():  # a savepoint: a failed COPY leaves the outer block usable
                        _pg_restore(work / "data" / PG_DATA)
                    if connection.features.can_defer_constraint_checks:
                        with connection.cursor() as cursor:  # foreign keys checked now, reported here
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                else:
                    call_command("loaddata", str(work / "data" / DATA), verbosity=0)
            except BackupError:
                raise
            except Exception as exc:  # deserialisation and integrity errors alike: report, roll back
                raise BackupError(f"the data could not be loaded ({exc.__class__.__name__}: "
                                  f"{str(exc)[:_STDERR_CHARS]}).") from None
            data_changed()
            counts = _counts()
            wanted = manifest["models"]
            wrong = {label: (counts.get(label), n) for label, n in wanted.items() if counts.get(label) != n}
            if wrong:
                label, (got, want) = next(iter(wrong.items()))
                raise BackupError(f"restored {got} rows of {label} instead of {want}; nothing was kept.")
            for rel, source in staged:
                target = media_root / rel
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
                    placed.append(target)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts


__all__ = ["BackupError", "BackupResult", "backup_create", "backup_restore", "dumped_models"]
