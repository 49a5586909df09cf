"""The operator's admin (``opensched.admin_site``): a window on the data, not a second write path.

Everything whose writes carry rules — deadlines and due dates, assignment states, reports and
their files, the calendar — is read-only here: those writes go through the services, from the
portal's pages and the management commands. The operator may still correct texts and metadata,
and delete rows.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tasks.models import (
    Assignment,
    AssignmentPeriod,
    Attachment,
    CalendarDay,
    CalendarYear,
    Document,
    ExportJob,
    ExtensionRequest,
    ImportDraft,
    Notification,
    NotificationSetting,
    ProgressReport,
    ReminderLog,
    ReportingPeriod,
    Section,
    Task,
    Urge,
)


class ServiceWrittenMixin:
    """Rows written only by the services: the admin shows and deletes them, never adds or edits."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


TASK_DEADLINE_FIELDS = ["deadline_phrase", "deadline_kind", "deadline_data", "due_on", "due_provisional", "event_on"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "label", "title", "level", "parent"]
    show_change_link = True


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["order", "number", "section", "heading", "deadline_phrase", "due_on", "due_provisional"]
    readonly_fields = ["deadline_phrase", "due_on", "due_provisional"]
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "doc_number", "jurisdiction", "year", "issued_on", "kind", "is_published"]
    list_filter = ["jurisdiction", "year", "kind", "is_published"]
    search_fields = ["title", "doc_number", "issuer"]
    date_hierarchy = "issued_on"
    inlines = [SectionInline, TaskInline]
    list_select_related = ["jurisdiction"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "level", "order"]
    list_filter = ["document__jurisdiction", "level"]
    search_fields = ["title", "label", "document__title"]
    inlines = [TaskInline]


class AssignmentInline(ServiceWrittenMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "role", "status", "percent", "due_on", "completed_on"]
    autocomplete_fields = ["unit"]
    show_change_link = True


class ReportingPeriodInline(ServiceWrittenMixin, admin.TabularInline):
    model = ReportingPeriod
    extra = 0


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["number", "heading", "document", "deadline_kind", "due_on", "due_provisional"]
    list_filter = ["document__jurisdiction", "document__year", "deadline_kind", "due_provisional"]
    search_fields = ["text", "heading", "number", "deadline_phrase"]
    inlines = [AssignmentInline, ReportingPeriodInline]
    list_select_related = ["document"]
    raw_id_fields = ["origin", "section"]
    # Deadlines are set in the portal (tasks.services.due_dates), which recomputes every due date.
    readonly_fields = TASK_DEADLINE_FIELDS


class ProgressReportInline(ServiceWrittenMixin, admin.StackedInline):
    model = ProgressReport
    extra = 0
    fields = ["text", "percent", "evidence_urls", "state", "review_note", "reviewer"]
    readonly_fields = ["reviewer"]
    show_change_link = True


@admin.register(Assignment)
class AssignmentAdmin(ServiceWrittenMixin, SimpleHistoryAdmin):
    list_display = ["task", "unit", "role", "status", "percent", "due_on", "completed_on"]
    list_filter = ["status", "role", "task__document__jurisdiction", "task__document__year"]
    search_fields = ["task__text", "task__heading", "unit__name", "unit__short_name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["task"]
    inlines = [ProgressReportInline]
    list_select_related = ["task", "unit"]


class AttachmentInline(ServiceWrittenMixin, admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(ServiceWrittenMixin, SimpleHistoryAdmin):
    list_display = ["assignment", "author", "percent", "state", "created_at", "reviewer"]
    list_filter = ["state", "assignment__task__document__jurisdiction"]
    search_fields = ["text", "review_note", "assignment__unit__name"]
    raw_id_fields = ["assignment", "period"]
    inlines = [AttachmentInline]
    list_select_related = ["assignment__task", "assignment__unit", "author"]


@admin.register(Attachment)
class AttachmentAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    list_display = ["original_name", "report", "size", "content_type", "is_public", "uploaded_at"]
    list_filter = ["is_public"]
    search_fields = ["original_name"]
    raw_id_fields = ["report"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    list_display = ["label", "task", "starts_on", "due_on", "due_provisional"]
    raw_id_fields = ["task"]


@admin.register(AssignmentPeriod)
class AssignmentPeriodAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    list_display = ["assignment", "period", "status", "completed_on"]
    list_filter = ["status"]
    raw_id_fields = ["assignment", "period"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ServiceWrittenMixin, SimpleHistoryAdmin):
    list_display = ["assignment", "original_due", "requested_due", "state", "requested_by", "decided_by"]
    list_filter = ["state"]
    raw_id_fields = ["assignment"]


@admin.register(Urge)
class UrgeAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    list_display = ["assignment", "sent_by", "created_at"]
    raw_id_fields = ["assignment"]
    search_fields = ["message"]


@admin.register(CalendarYear)
class CalendarYearAdmin(ServiceWrittenMixin, SimpleHistoryAdmin):
    list_display = ["year", "is_official", "source", "note", "updated_at"]
    list_filter = ["is_official", "source"]


@admin.register(CalendarDay)
class CalendarDayAdmin(ServiceWrittenMixin, SimpleHistoryAdmin):
    list_display = ["date", "jurisdiction", "is_working", "name", "source", "updated_by", "updated_at"]
    list_filter = ["is_working", "source", ("jurisdiction", admin.EmptyFieldListFilter), "jurisdiction"]
    raw_id_fields = ["updated_by"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(Notification)
class NotificationAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    list_display = ["key", "recipient", "sent_at"]
    search_fields = ["key"]


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "digest"]


@admin.register(ImportDraft)
class ImportDraftAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    list_display = ["filename", "jurisdiction", "created_by", "created_at"]
    exclude = ["content"]


@admin.register(ExportJob)
class ExportJobAdmin(ServiceWrittenMixin, admin.ModelAdmin):
    """Background exports: the operator sees their state and errors (the files are their askers')."""

    list_display = ["title", "user", "export_format", "state", "done", "total", "error_code", "created_at",
                    "expires_at"]
    list_filter = ["state", "source", "export_format"]
    search_fields = ["title", "user__username"]
    exclude = ["file"]
