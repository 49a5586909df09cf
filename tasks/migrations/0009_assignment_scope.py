"""Assignment.document and Assignment.jurisdiction: copies of the task's document and its
jurisdiction, filled for the existing rows and kept right by the database.

Triggers, per vendor (SQLite cannot change NEW, so its triggers update the row after the write;
PostgreSQL sets NEW before it):

- an assignment inserted, or its task (or either copy) changed: both copied from its task;
- a task's document changed: its assignments' document and jurisdiction;
- a document's jurisdiction changed: its tasks' assignments' jurisdiction.

An assignment whose task is not (yet) there keeps what it was given (a restore loads the tables in
any order and brings the values along).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Both assignment triggers (after an insert, after a change of its task or either copy) copy the
# values from the task when they differ from it.
_SQLITE_ASSIGNMENT_TRIGGER = """
    CREATE TRIGGER {name} {event} ON tasks_assignment
    FOR EACH ROW WHEN EXISTS (SELECT 1 FROM tasks_task WHERE id = NEW.task_id) AND (
        NEW.document_id IS NOT (SELECT document_id FROM tasks_task WHERE id = NEW.task_id)
        OR NEW.jurisdiction_id IS NOT (SELECT d.jurisdiction_id FROM tasks_task t
                                       JOIN tasks_document d ON d.id = t.document_id WHERE t.id = NEW.task_id))
    BEGIN
        UPDATE tasks_assignment SET
            document_id = (SELECT document_id FROM tasks_task WHERE id = NEW.task_id),
            jurisdiction_id = (SELECT d.jurisdiction_id FROM tasks_task t
                               JOIN tasks_document d ON d.id = t.document_id WHERE t.id = NEW.task_id)
        WHERE id = NEW.id;
    END
    """

SQLITE_FORWARD = [
    _SQLITE_ASSIGNMENT_TRIGGER.format(name="assignment_scope_insert", event="AFTER INSERT"),
    _SQLITE_ASSIGNMENT_TRIGGER.format(name="assignment_scope_update",
                                      event="AFTER UPDATE OF task_id, document_id, jurisdiction_id"),
    """
    CREATE TRIGGER task_scope_update AFTER UPDATE OF document_id ON tasks_task
    FOR EACH ROW WHEN OLD.document_id IS NOT NEW.document_id
    BEGIN
        UPDATE tasks_assignment SET
            document_id = NEW.document_id,
            jurisdiction_id = (SELECT jurisdiction_id FROM tasks_document WHERE id = NEW.document_id)
        WHERE task_id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER document_scope_update AFTER UPDATE OF jurisdiction_id ON tasks_document
    FOR EACH ROW WHEN OLD.jurisdiction_id IS NOT NEW.jurisdiction_id
    BEGIN
        UPDATE tasks_assignment SET jurisdiction_id = NEW.jurisdiction_id
        WHERE task_id IN (SELECT id FROM tasks_task WHERE document_id = NEW.id);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS assignment_scope_insert",
    "DROP TRIGGER IF EXISTS assignment_scope_update",
    "DROP TRIGGER IF EXISTS task_scope_update",
    "DROP TRIGGER IF EXISTS document_scope_update",
]

POSTGRESQL_FORWARD = [
    """
    CREATE FUNCTION tasks_assignment_scope() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        doc bigint;
        jur bigint;
    BEGIN
        SELECT t.document_id, d.jurisdiction_id INTO doc, jur
        FROM tasks_task t JOIN tasks_document d ON d.id = t.document_id WHERE t.id = NEW.task_id;
        IF FOUND THEN
            NEW.document_id := doc;
            NEW.jurisdiction_id := jur;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER assignment_scope BEFORE INSERT OR UPDATE OF task_id, document_id, jurisdiction_id
    ON tasks_assignment FOR EACH ROW EXECUTE FUNCTION tasks_assignment_scope()
    """,
    """
    CREATE FUNCTION tasks_task_scope() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE tasks_assignment SET
            document_id = NEW.document_id,
            jurisdiction_id = (SELECT jurisdiction_id FROM tasks_document WHERE id = NEW.document_id)
        WHERE task_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER task_scope AFTER UPDATE OF document_id ON tasks_task
    FOR EACH ROW WHEN (OLD.document_id IS DISTINCT FROM NEW.document_id) EXECUTE FUNCTION tasks_task_scope()
    """,
    """
    CREATE FUNCTION tasks_document_scope() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE tasks_assignment SET jurisdiction_id = NEW.jurisdiction_id
        WHERE task_id IN (SELECT id FROM tasks_task WHERE document_id = NEW.id);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER document_scope AFTER UPDATE OF jurisdiction_id ON tasks_document
    FOR EACH ROW WHEN (OLD.jurisdiction_id IS DISTINCT FROM NEW.jurisdiction_id)
    EXECUTE FUNCTION tasks_document_scope()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS document_scope ON tasks_document",
    "DROP FUNCTION IF EXISTS tasks_document_scope()",
    "DROP TRIGGER IF EXISTS task_scope ON tasks_task",
    "DROP FUNCTION IF EXISTS tasks_task_scope()",
    "DROP TRIGGER IF EXISTS assignment_scope ON tasks_assignment",
    "DROP FUNCTION IF EXISTS tasks_assignment_scope()",
]

FILL = """
UPDATE tasks_assignment SET
    document_id = (SELECT t.document_id FROM tasks_task t WHERE t.id = tasks_assignment.task_id),
    jurisdiction_id = (SELECT d.jurisdiction_id FROM tasks_task t JOIN tasks_document d ON d.id = t.document_id
                       WHERE t.id = tasks_assignment.task_id)
"""


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def _statements(vendor: str, *, forward: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_FORWARD if forward else SQLITE_REVERSE
    if vendor == "postgresql":
        return POSTGRESQL_FORWARD if forward else POSTGRESQL_REVERSE
    raise NotImplementedError(f"No scope triggers for {vendor}: Assignment.document/jurisdiction would go stale.")


def forward(apps, schema_editor) -> None:
    schema_editor.execute(FILL)
    _run(schema_editor, _statements(schema_editor.connection.vendor, forward=True))


def reverse(apps, schema_editor) -> None:
    _run(schema_editor, _statements(schema_editor.connection.vendor, forward=False))


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0008_export_job'),
        ('units', '0004_jurisdiction_portal_title'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='assignment',
            name='document',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tasks.document', verbose_name='document'),
        ),
        migrations.AddField(
            model_name='assignment',
            name='jurisdiction',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.jurisdiction', verbose_name='jurisdiction'),
        ),
        migrations.RunPython(forward, reverse, elidable=False),
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['jurisdiction', 'unit', 'document', 'status', 'due_on', 'completed_on', 'percent'], name='assignment_jurisdiction_cover'),
        ),
    ]
