"""Forms of the web import: the upload, and the decisions taken on the preview page.

The preview page can hold hundreds of tasks, so its form is not a Django Form with one field
object per control: :class:`ImportDecisionsForm` reads the plain POST names below and builds
both the page (the tasks with their current choices) and the ``decisions`` dict that
:func:`tasks.services.importing.document_import` takes.

POST names (``d`` = document index, ``t`` = task index, ``r`` = index of a unit as written):

- ``skip`` (repeated): indexes of documents not to import;
- ``replace`` (repeated): indexes of documents whose existing 文号 is to be replaced;
- ``create`` (repeated): unknown unit names to add to the registry;
- ``ref-d-t-r``: role of a unit as written (lead / responsible / cooperating), or ``none`` to drop
  it; missing means "as parsed";
- ``add-d-t`` (repeated): ids of further units (the units behind a vague reference, a corrected
  match, a confirmed suggestion); ``addrole-d-t``: their role;
- ``text-d-t``, ``phrase-d-t``: the requirement and the deadline phrase as corrected (missing means
  "as parsed"; the deadline is resolved again on confirmation);
- ``pending-d-t``: leave the task's vague references (区政府有关部门) for later, visibly;
- ``accept_mismatch``: import although the issuer or 文号 points to another jurisdiction;
- ``confirm_open``: the second step: import with the open items listed (they stay pending).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks.bounds import MAX_DEADLINE_PHRASE_CHARS, MAX_TASK_TEXT_CHARS
from tasks.models import DeadlineKind, Document, Role
from tasks.parsing.readers import MAX_SHEET_COLS
from tasks.services.errors import ColumnMapError
from tasks.services.import_drafts import COLUMN_ROLE_LABELS, check_column_map
from tasks.services.import_messages import message_text, warning_text
from tasks.upload_limits import upload_limit_attrs
from units.models import Jurisdiction

DROP = "none"
MAX_MAPPED_COLUMNS = MAX_SHEET_COLS  # the parser reads no wider table
ROLE_RANK = {Role.LEAD: 0, Role.RESPONSIBLE: 1, Role.COOPERATING: 2}
ATTENTION_FLAGS = ("needs_units", "vague_units", "unknown_unit", "more_units_implied")
ACTION_FLAGS = ("needs_units", "vague_units", "unknown_unit")  # the unit picker opens by itself
FLAG_LABELS = {
    "needs_units": gettext_lazy("No units named"),
    "vague_units": gettext_lazy("Vague units: pick them"),
    "unknown_unit": gettext_lazy("Unit not in the registry"),
    "more_units_implied": gettext_lazy("List ends in 等: more units implied"),
    "from_annex": gettext_lazy("From the annexed table"),
    "units_from_subject": gettext_lazy("Units suggested from the sentence"),
}
FLAG_HELP = {
    "needs_units": gettext_lazy("The document names no unit for this task: pick the units, or leave it for later."),
    "vague_units": gettext_lazy(
        "The document names the units only vaguely (有关部门, 相关单位, …等部门): pick the units it means, "
        "or tick “leave for later”."
    ),
    "unknown_unit": gettext_lazy("A name is not in the unit registry: create it above, or pick an existing unit."),
    "more_units_implied": gettext_lazy("The list of units ends in 等: check whether units are missing."),
    "from_annex": gettext_lazy("Read from the task table annexed to the document."),
    "units_from_subject": gettext_lazy("The units were read from the subject of the sentence: check them."),
}

# Codes of tasks.deadlines.WARNINGS: why a deadline-like phrase gave no due date.
DEADLINE_WARNING_LABELS = {
    "impossible_date": gettext_lazy("The deadline names a date that does not exist: check the phrase."),
    "bad_count": gettext_lazy("The deadline counts a negative or implausibly large number of days: check the phrase."),
    "out_of_range": gettext_lazy("The deadline falls outside the supported dates: check the phrase."),
}

_DEADLINE_KINDS = dict(DeadlineKind.choices)
_DOCUMENT_KINDS = dict(Document.Kind.choices)


class UploadForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=gettext_lazy("Jurisdiction"),
        queryset=Jurisdiction.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".txt,.md,.docx,.xlsx"}),
        help_text=gettext_lazy(".txt or .md (UTF-8 or GBK), .docx or .xlsx"),
    )

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(upload_limit_attrs())
        field_ = self.fields["jurisdiction"]
        field_.queryset = jurisdictions
        if len(jurisdictions) != 1:
            field_.empty_label = "---------"


@dataclass
class UnitRow:
    """One unit as the document wrote it, with what it was matched to and its chosen role."""

    index: int
    name: str
    kind: str  # unit | collective | vague | unknown
    label: str  # what it was matched to, for the page
    member_count: int
    members: str  # the member units' names of a collective, for a tooltip
    role: str  # the chosen role, or DROP
    field_name: str


@dataclass
class TaskChoice:
    key: str
    anchor: str
    data: dict
    rows: list[UnitRow]
    added: set[int]
    add_role: str
    suggested: bool
    attention: bool
    open_picker: bool
    heading: str  # shown only when it is not the section title already shown above
    flags: list[tuple[str, str]]
    deadline_kind: str
    options_html: SafeString  # the unit picker's <option>s, built once per page in Python (fast for 100s of tasks)
    text: str = ""  # the requirement as shown in the box (parsed or corrected)
    phrase: str = ""  # the deadline phrase as shown in the box
    text_changed: bool = False
    phrase_changed: bool = False
    vague_names: list[str] = field(default_factory=list)
    pending: bool = False  # "leave for later" ticked
    warnings: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        """Vague references neither resolved (units picked) nor left for later."""
        return bool(self.vague_names) and not self.added and not self.pending


@dataclass
class DocumentChoice:
    index: int
    data: dict
    exists: bool
    has_reports: bool
    skip: bool
    replace: bool
    kind: str
    items: list[tuple[str, object]]  # ("section", section dict) | ("task", TaskChoice)
    warnings: list[str]
    task_count: int
    attention_count: int
    mismatch: str = ""  # why the document seems to belong to another jurisdiction


class ImportDecisionsForm:
    """The preview page's choices: defaults from the preview, or what was posted."""

    def __init__(self, *, preview: dict, units: list[dict], existing: dict[str, bool], data=None,
                 mismatches: dict[str, dict] | None = None, jurisdiction_name: str = ""):
        """``units``: the jurisdiction's units ({"id", "label", "name"}); ``existing``: 文号 → has reports;
        ``mismatches``: document index → {"code", "params"} (``import_preview.preview_mismatches``)."""
        self.preview = preview
        self.mismatches = mismatches or {}
        self.jurisdiction_name = jurisdiction_name
        self.units = units
        self.unit_ids = {u["id"] for u in units}
        self.unit_labels = {u["id"]: u["label"] for u in units}
        self.unit_names = {u["id"]: u.get("name") or u["label"] for u in units}
        self._options = [
            (u["id"], f'<option value="{u["id"]}">{escape(u["label"])}</option>',
             f'<option value="{u["id"]}" selected>{escape(u["label"])}</option>')
            for u in units
        ]
        self.existing = existing
        self.data = data
        self.errors: list[str] = []
        self.unknown_units = list(preview.get("unknown_units") or [])
        self.create = self._create_choices()
        self.skip = self._indexes("skip")
        self.replace = self._indexes("replace")
        self.documents = [self._document(i, d) for i, d in enumerate(preview.get("documents", []))]
        self.accept_mismatch = bool(data is not None and data.get("accept_mismatch"))
        self.confirm_open = bool(data is not None and data.get("confirm_open"))

    @property
    def mismatched(self) -> list[DocumentChoice]:
        return [doc for doc in self.documents if doc.mismatch and not doc.skip]

    @property
    def open_items(self) -> list[TaskChoice]:
        """Tasks of the documents to import whose vague references are still open."""
        return [item for doc in self.documents if not doc.skip for kind, item in doc.items
                if kind == "task" and item.open]

    @property
    def asks_open_items(self) -> bool:
        """The second step: the person confirmed with open items and has not confirmed them yet."""
        return self.is_bound and not self.errors and bool(self.open_items) and not self.confirm_open

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    # -- reading the POST ---------------------------------------------------------------------

    def _indexes(self, name: str) -> set[int]:
        if self.data is None:
            return set()
        result = set()
        for value in self.data.getlist(name):
            try:
                result.add(int(value))
            except ValueError:
                self.errors.append(_("Invalid value for %(name)s.") % {"name": name})
        return result

    def _role(self, name: str, default: str, *, allow_drop: bool) -> str:
        if self.data is None or name not in self.data:
            return default
        value = self.data.get(name)
        if value in Role.values or (allow_drop and value == DROP):
            return value
        self.errors.append(_("Invalid role %(value)s.") % {"value": value})
        return default

    def _create_choices(self) -> set[str]:
        if self.data is None:
            return set()
        chosen = set(self.data.getlist("create"))
        if chosen - set(self.unknown_units):
            self.errors.append(_("Only the unknown names of this file can be created as units."))
        return chosen & set(self.unknown_units)

    def _text(self, name: str, default: str, key: str, *, limit: int, required: bool) -> str:
        """A corrected text box: as parsed when not posted; bounded before anything else is done."""
        if self.data is None or name not in self.data:
            return default
        value = self.data.get(name) or ""
        number = _task_number(key)
        if len(value) > limit:
            code = "task_text_too_long" if required else "phrase_too_long"
            self.errors.append(message_text(code, {"task": number, "limit": limit}))
            return value[:limit]
        value = value.strip() if required else " ".join(value.split())
        if required and not value:
            self.errors.append(message_text("task_text_empty", {"task": number}))
            return default
        return default if value == default.strip() else value

    def _added(self, name: str, default: list[int]) -> set[int]:
        if self.data is None:
            return set(default) & self.unit_ids
        added = self._indexes(name)
        if added - self.unit_ids:
            self.errors.append(_("A chosen unit is not a unit of this jurisdiction."))
        return added & self.unit_ids

    # -- building the page --------------------------------------------------------------------

    def _row(self, key: str, r: int, unit: dict) -> UnitRow:
        if unit.get("vague"):
            kind, label = "vague", _("vague: pick the units below")
        elif unit.get("unit_id"):
            kind, label = "unit", self.unit_names.get(unit["unit_id"]) or unit.get("unit") or ""
        elif unit.get("collective_id") or unit.get("member_ids"):
            kind, label = "collective", _("%(n)s units") % {"n": len(unit.get("member_ids") or [])}
        else:
            kind, label = "unknown", _("not in the registry")
        field_name = f"ref-{key}-{r}"
        role = unit.get("role") or Role.RESPONSIBLE
        if kind != "vague":
            role = self._role(field_name, role, allow_drop=True)
        members = "、".join(self.unit_labels[i] for i in unit.get("member_ids") or [] if i in self.unit_labels)
        return UnitRow(index=r, name=unit["name"], kind=kind, label=label, members=members,
                       member_count=len(unit.get("member_ids") or []), role=role, field_name=field_name)

    def _task(self, d: int, t: int, task: dict) -> TaskChoice:
        key = f"{d}-{t}"
        flags = list(task.get("flags") or [])
        rows = [self._row(key, r, u) for r, u in enumerate(task.get("units") or [])]
        suggested = "needs_units" in flags and bool(task.get("suggested_unit_ids"))
        added = self._added(f"add-{key}", (task.get("suggested_unit_ids") or []) if suggested else [])
        parsed_text = task.get("text") or ""
        parsed_phrase = (task.get("deadline") or {}).get("phrase") or ""
        text = self._text(f"text-{key}", parsed_text, key, limit=MAX_TASK_TEXT_CHARS, required=True)
        phrase = self._text(f"phrase-{key}", parsed_phrase, key, limit=MAX_DEADLINE_PHRASE_CHARS, required=False)
        vague_names = [u["name"] for u in task.get("units") or [] if u.get("vague")]
        return TaskChoice(
            text=text,
            phrase=phrase,
            text_changed=text != parsed_text,
            phrase_changed=phrase != parsed_phrase,
            vague_names=vague_names,
            pending=bool(vague_names) and self.data is not None and bool(self.data.get(f"pending-{key}")),
            key=key,
            anchor=f"task-{key}",
            data=task,
            rows=rows,
            added=added,
            add_role=self._role(f"addrole-{key}", Role.RESPONSIBLE, allow_drop=False),
            suggested=suggested,
            attention=any(f in flags for f in ATTENTION_FLAGS),
            open_picker=bool(added) or any(f in flags for f in ACTION_FLAGS),
            heading=_heading(task),
            flags=[(f, str(FLAG_LABELS.get(f, f)), str(FLAG_HELP.get(f, ""))) for f in flags],
            deadline_kind=str(_DEADLINE_KINDS.get((task.get("deadline") or {}).get("kind"), "")),
            options_html=mark_safe("".join(sel if pk in added else plain for pk, plain, sel in self._options)),
        )

    def _document(self, d: int, doc: dict) -> DocumentChoice:
        skip = d in self.skip
        replace = d in self.replace
        number = doc.get("doc_number") or ""
        exists = bool(number) and number in self.existing
        has_reports = exists and self.existing[number]
        tasks = [self._task(d, t, task) for t, task in enumerate(doc.get("tasks") or [])]
        warnings_by_task: dict[int | None, list[str]] = {}
        for w in self.preview.get("warnings", []):
            if w.get("document") == d:
                warnings_by_task.setdefault(w.get("task"), []).append(warning_text(w))
        for t, choice in enumerate(tasks):
            codes = (choice.data.get("deadline") or {}).get("warnings") or []
            choice.warnings = [str(DEADLINE_WARNING_LABELS.get(c, c)) for c in codes] + warnings_by_task.get(t, [])
        return DocumentChoice(
            index=d, data=doc, exists=exists, has_reports=has_reports, skip=skip, replace=replace,
            kind=str(_DOCUMENT_KINDS.get(doc.get("kind"), doc.get("kind") or "")),
            items=_section_items(doc, tasks), warnings=warnings_by_task.get(None, []),
            task_count=len(tasks), attention_count=sum(1 for c in tasks if c.attention),
            mismatch=_mismatch_text(self.mismatches.get(str(d))),
        )

    # -- validation and the decisions dict ------------------------------------------------------

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        chosen = [doc for doc in self.documents if not doc.skip]
        if not chosen:
            self.errors.append(_("Every document is marked to be skipped: there is nothing to import."))
        if self.mismatched and not self.accept_mismatch:
            self.errors.append(message_text("mismatch_not_confirmed", {"jurisdiction": self.jurisdiction_name}))
        for doc in chosen:
            number = doc.data.get("doc_number")
            if doc.has_reports:
                self.errors.append(
                    _("%(number)s already exists and units have reported progress on it: it cannot be replaced. "
                      "Skip this document.") % {"number": number}
                )
            elif doc.exists and not doc.replace:
                self.errors.append(
                    _("%(number)s has already been imported: tick “replace” to import it again, or skip it.")
                    % {"number": number}
                )
        return not self.errors

    def decisions(self) -> dict:
        tasks: dict[str, dict] = {}
        for doc in self.documents:
            if doc.skip:
                continue
            for kind, item in doc.items:
                if kind == "task":
                    tasks[item.key.replace("-", ":")] = self._task_decision(item)
        return {
            "tasks": tasks,
            "create_units": sorted(self.create),
            "skip_documents": sorted(doc.index for doc in self.documents if doc.skip),
            "replace_documents": sorted(doc.index for doc in self.documents if doc.replace and not doc.skip),
            "accept_jurisdiction_mismatch": self.accept_mismatch,
        }

    def _task_decision(self, choice: TaskChoice) -> dict:
        units: dict[int, str] = {}
        names: dict[str, str] = {}

        def keep(target: dict, key, role: str) -> None:
            if key not in target or ROLE_RANK[role] < ROLE_RANK[target[key]]:
                target[key] = role

        for row, unit in zip(choice.rows, choice.data.get("units") or [], strict=True):
            if row.kind == "vague" or row.role == DROP:
                continue
            if row.kind == "unit":
                keep(units, unit["unit_id"], row.role)
            elif row.kind == "collective":
                for unit_id in unit.get("member_ids") or []:
                    keep(units, unit_id, row.role)
            elif row.name in self.create:
                keep(names, row.name, row.role)
        for unit_id in choice.added:
            keep(units, unit_id, choice.add_role)
        decision: dict = {"units": {str(k): v for k, v in units.items()}, "names": names}
        if choice.text_changed:
            decision["text"] = choice.text
        if choice.phrase_changed:
            decision["phrase"] = choice.phrase
        if choice.vague_names and (choice.pending or not choice.added):
            decision["pending"] = True  # left for later, ticked or confirmed in the second step
        return decision


def _task_number(key: str) -> int | str:
    try:
        return int(key.rsplit("-", 1)[-1]) + 1
    except ValueError:
        return key


def _mismatch_text(mismatch: dict | None) -> str:
    return message_text(mismatch["code"], mismatch.get("params")) if mismatch else ""


def _heading(task: dict) -> str:
    heading = task.get("heading") or ""
    section = task.get("section") or []
    return "" if not heading or (section and heading in section[-1]) or heading == task.get("text") else heading


def _section_items(doc: dict, tasks: list[TaskChoice]) -> list[tuple[str, object]]:
    """Tasks in document order, each preceded by the section headings not shown yet."""
    sections = {s["key"]: s for s in doc.get("sections") or []}
    shown: set[str] = set()
    items: list[tuple[str, object]] = []
    for choice in tasks:
        chain = []
        key = choice.data.get("section_key")
        while key and key in sections and key not in shown and len(chain) < 20:
            chain.append(sections[key])
            key = sections[key].get("parent_key")
        for section in reversed(chain):
            shown.add(section["key"])
            items.append(("section", section))
        items.append(("task", choice))
    return items


class ColumnMapForm(forms.Form):
    """One select per column of the draft's table: what the column holds (``col-<index>``).

    The fields are built from the stored table's width (at most the parser's column limit), so
    a posted index beyond the table is never read; roles come from ``COLUMN_ROLES`` only.
    """

    def __init__(self, *args, table: dict, width: int, initial_map: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.width = min(int(width or 0), MAX_MAPPED_COLUMNS)
        header = list(table.get("header") or [])
        guessed = list(table.get("roles") or [])
        initial_map = initial_map or {}
        choices = [(role, label) for role, label in COLUMN_ROLE_LABELS.items()]
        rows = [list(r) for r in table.get("rows") or []]
        self.columns = []
        for index in range(self.width):
            role = initial_map.get(index) or (guessed[index] if index < len(guessed) else None) or "ignore"
            name = f"col-{index}"
            self.fields[name] = forms.ChoiceField(
                label=header[index] if index < len(header) and header[index] else
                _("Column %(number)s") % {"number": index + 1},
                choices=choices, initial=role,
                widget=forms.Select(attrs={"class": "form-select", "data-testid": f"column-role-{index}"}),
            )
            self.columns.append({
                "index": index,
                "number": index + 1,
                "header": header[index] if index < len(header) else "",
                "samples": [r[index] for r in rows if index < len(r) and r[index]][:3],
                "field_name": name,
            })
        self.rows = [[r[i] if i < len(r) else "" for i in range(self.width)] for r in rows]

    def bound_columns(self):
        return [(column, self[column["field_name"]]) for column in self.columns]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        column_map = {i: cleaned[f"col-{i}"] for i in range(self.width)}
        try:
            check_column_map(column_map, width=self.width)
        except ColumnMapError as exc:
            raise forms.ValidationError(str(exc)) from None
        cleaned["column_map"] = column_map
        return cleaned
