"""Fill locale/zh_Hans/LC_MESSAGES/django.po from the TRANSLATIONS dictionary at the end of this file.

It also sets both catalogues' headers (Language, Plural-Forms, charset; header not fuzzy). The English catalogue
keeps empty msgstrs: its msgids are English, and gettext falls back to them.

Re-run after every `makemessages`:

    DEBUG=1 .venv/bin/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --ignore=bench
    .venv/bin/python locale/fill_translations.py          # fills, reports what is still missing
    DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv

Options:
    --check     change nothing; exit 1 if an entry stays untranslated or fuzzy, or if running the script would
                change a catalogue (dictionary not applied yet)
    --missing   print a Python dict skeleton of the msgids that have no translation yet (paste it into
                TRANSLATIONS below and translate)

The dictionary wins over what the .po holds; an entry the dictionary does not know keeps the .po's translation
(makemessages keeps existing translations, possibly flagged fuzzy: those are reported, never trusted).
Keys are the msgid, or (msgctxt, msgid) for entries with a context; plural entries are keyed by the singular
msgid and their value fills msgstr[0] (Chinese has one plural form).

No third-party dependency: a minimal .po reader/writer that understands msgctxt, msgid, msgid_plural,
msgstr, msgstr[n], multi-line strings, flags and obsolete (#~) entries.
"""

# The dictionary's keys are the catalogue's msgids verbatim, so its long lines are left long.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
EN_PO_PATH = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"

_COMMON_HEADER = {
    "Project-Id-Version": "OpenSched",
    "Last-Translator": "OpenSched <opensched@localhost>",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
HEADER_FIELDS = {
    **_COMMON_HEADER,
    "Language": "zh_Hans",
    "Language-Team": "Chinese (Simplified)",
    "Plural-Forms": "nplurals=1; plural=0;",
}
EN_HEADER_FIELDS = {
    **_COMMON_HEADER,
    "Language": "en",
    "Language-Team": "English",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}

# ---------------------------------------------------------------------------------------------------------------------
# .po reading and writing
# ---------------------------------------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), s)


def escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # every '#' line except obsolete ones, in order
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plain msgstr is index 0
    obsolete: list[str] = field(default_factory=list)  # raw '#~' lines, kept verbatim

    @property
    def flags(self) -> set[str]:
        out: set[str] = set()
        for line in self.comments:
            if line.startswith("#,"):
                out.update(f.strip() for f in line[2:].split(",") if f.strip())
        return out

    def remove_flag(self, flag: str) -> None:
        kept = []
        for line in self.comments:
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != flag]
                if not flags:
                    continue
                line = "#, " + ", ".join(flags)
            kept.append(line)
        self.comments = kept

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and self.msgid_plural is None and 0 in self.msgstr

    @property
    def key(self) -> str | tuple[str, str]:
        return (self.msgctxt, self.msgid) if self.msgctxt is not None else self.msgid

    def translated(self) -> bool:
        if not self.msgstr:
            return False
        return all(v != "" for v in self.msgstr.values())


def parse_po(text: str) -> list[Entry]:
    """Entries in file order; the header is the entry whose msgid is ''."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None  # which field continuation lines append to
    seen_keyword = False

    def flush() -> None:
        nonlocal current, target, seen_keyword
        if seen_keyword or current.comments or current.obsolete:
            entries.append(current)
        current = Entry()
        target = None
        seen_keyword = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            current.obsolete.append(raw)
            continue
        if line.startswith("#"):
            if seen_keyword:  # a comment after strings starts a new entry
                flush()
            current.comments.append(raw.rstrip())
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
        if m:
            seen_keyword = True
            keyword, index, value = m.group(1), m.group(2), unescape(m.group(3))
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else 0)
                current.msgstr[target[1]] = value
            elif keyword == "msgid" and current.msgstr:  # no blank line between entries
                flush()
                seen_keyword = True
                target = ("msgid", 0)
                current.msgid = value
            else:
                target = (keyword, 0)
                setattr(current, keyword, value)
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and target is not None:
            value = unescape(m.group(1))
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        raise ValueError(f"cannot parse .po line: {raw!r}")
    flush()
    return entries


def _quote(keyword: str, value: str) -> list[str]:
    """`keyword "value"`, split after each \\n the way gettext writes multi-line strings."""
    parts = re.findall(r"[^\n]*\n|[^\n]+", value)
    if len(parts) <= 1 and len(value) < 70:
        return [f'{keyword} "{escape(value)}"']
    return [f'{keyword} ""'] + [f'"{escape(p)}"' for p in parts]


def render_po(entries: list[Entry]) -> str:
    blocks = []
    for e in entries:
        lines = list(e.comments)
        if e.msgid or e.msgid_plural is not None or e.msgstr or e.msgctxt is not None:
            if e.msgctxt is not None:
                lines += _quote("msgctxt", e.msgctxt)
            lines += _quote("msgid", e.msgid)
            if e.msgid_plural is not None:
                lines += _quote("msgid_plural", e.msgid_plural)
                for i in sorted(e.msgstr):
                    lines += _quote(f"msgstr[{i}]", e.msgstr[i])
            else:
                lines += _quote("msgstr", e.msgstr.get(0, ""))
        lines += e.obsolete
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------------------------------------------------
# Filling
# ---------------------------------------------------------------------------------------------------------------------


def fix_header(header: Entry, fields: dict[str, str] = HEADER_FIELDS) -> None:
    header.remove_flag("fuzzy")
    lines = [line for line in header.msgstr.get(0, "").split("\n") if line]
    seen = set()
    out = []
    for line in lines:
        name = line.split(":", 1)[0]
        if name in fields:
            line = f"{name}: {fields[name]}"
            seen.add(name)
        out.append(line)
    out += [f"{name}: {value}" for name, value in fields.items() if name not in seen]
    # A stable revision date: the catalogue's own creation date (makemessages rewrites it on every run anyway).
    created = next((line.split(":", 1)[1].strip() for line in out if line.startswith("POT-Creation-Date:")), None)
    if created:
        out = [f"PO-Revision-Date: {created}" if line.startswith("PO-Revision-Date:") else line for line in out]
    header.msgstr[0] = "".join(line + "\n" for line in out)


def fill(entries: list[Entry], translations: dict) -> tuple[list[Entry], list[Entry]]:
    """Apply the dictionary; return (entries still missing, entries the dictionary does not know)."""
    missing, unknown = [], []
    for e in entries:
        if e.is_header:
            fix_header(e)
            continue
        if not (e.msgid or e.msgid_plural):
            continue
        value = translations.get(e.key)
        if value is None:
            unknown.append(e)
        else:
            e.msgstr = {0: value}  # also for plural entries: Chinese has one plural form
            e.remove_flag("fuzzy")
            e.comments = [c for c in e.comments if not c.startswith("#|")]  # msgmerge's previous msgid
        if not e.translated() or "fuzzy" in e.flags:
            missing.append(e)
    return missing, unknown


def skeleton(entries: list[Entry]) -> str:
    lines = []
    for e in entries:
        where = " ".join(c[3:] for c in e.comments if c.startswith("#:"))[:100]
        lines.append(f"    # {where}".rstrip())
        lines.append(f"    {e.key!r}: {e.msgstr.get(0, '')!r},")
    return "\n".join(lines)


def normalize(text: str) -> str:
    """Wrap the strings the way makemessages (gettext) does, so that re-running it changes nothing.

    Uses gettext's msgcat when it is installed (it is: compilemessages needs gettext); otherwise the text stays as
    render_po wrote it, which gettext tools read just as well.
    """
    msgcat = shutil.which("msgcat")
    if not msgcat:
        return text
    fd, tmp = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        subprocess.run([msgcat, "-o", tmp, tmp], check=True)
        with open(tmp, encoding="utf-8") as f:
            return f.read()
    finally:
        os.unlink(tmp)


def fix_english(check: bool) -> bool:
    """Give the English catalogue a proper header; return True if the file is (or would be) changed."""
    if not EN_PO_PATH.exists():
        return False
    original = EN_PO_PATH.read_text(encoding="utf-8")
    entries = parse_po(original)
    for e in entries:
        if e.is_header:
            fix_header(e, EN_HEADER_FIELDS)
            break
    text = normalize(render_po(entries))
    if text == original:
        return False
    if not check:
        EN_PO_PATH.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--missing", action="store_true")
    parser.add_argument("po", nargs="?", default=str(PO_PATH))
    args = parser.parse_args(argv)

    path = Path(args.po)
    original = path.read_text(encoding="utf-8")
    entries = parse_po(original)
    missing, unknown = fill(entries, TRANSLATIONS)
    real = [e for e in entries if e.msgid or e.msgid_plural]

    if args.missing:
        print(skeleton(missing))
        return 0

    text = normalize(render_po(entries))
    changed = text != original
    if args.check:
        for e in missing:
            print(f"untranslated or fuzzy: {e.key!r}")
        stale = [str(p) for p, c in ((path, changed), (EN_PO_PATH, fix_english(check=True))) if c]
        for p in stale:
            print(f"not up to date, run locale/fill_translations.py: {p}")
        return 1 if missing or stale else 0

    if changed:
        path.write_text(text, encoding="utf-8")
    fix_english(check=False)
    print(f"{path}: {len(real)} entries, {len(real) - len(missing)} translated, {len(missing)} missing")
    for e in unknown:
        state = "kept the .po's translation" if e not in missing else "UNTRANSLATED"
        print(f"  not in the dictionary ({state}): {e.key!r}")
    unused = sorted(str(k) for k in set(TRANSLATIONS) - {e.key for e in real})
    if unused:
        print(f"  {len(unused)} dictionary entries are no longer in the catalogue (harmless; delete when sure):")
        for key in unused:
            print(f"    {key!r}")
    if missing:
        print("Run with --missing for a dictionary skeleton of the missing entries.")
    return 1 if missing else 0


# ---------------------------------------------------------------------------------------------------------------------
# The translations
# ---------------------------------------------------------------------------------------------------------------------

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # --- Site, apps, exports -----------------------------------------------------------------------------------------
    "OpenSched work-point ledger": "OpenSched 工作要点台账",
    "Work points and progress": "工作要点与进展",
    "Jurisdictions and units": "行政区与单位",
    "Government transparency work-point ledger": "政务公开工作要点台账",
    "CSV (UTF-8)": "CSV（UTF-8）",
    "PDF": "PDF",
    "Excel": "Excel",
    "Excel workbook": "Excel 工作簿",
    "Export": "导出",
    "Export to Excel": "导出Excel",
    "More exports": "更多导出方式",
    "Ledger as CSV": "导出台账（CSV）",
    "Progress report (PDF)": "进展情况报告（PDF）",
    "Ledger of %(name)s (Excel)": "%(name)s工作台账（Excel）",
    "Progress report of %(name)s (PDF)": "%(name)s进展情况报告（PDF）",
    # --- Year-end review (回头看) -------------------------------------------------------------------------------------
    "No.": "序号",
    "Section": "章节",
    "Task": "任务",
    "Unit": "单位",
    "Role": "分工",
    "Deadline": "完成时限",
    "Due date": "到期日期",
    "Final state": "最终状态",
    "Completed on": "完成日期",
    "Carried into": "转入",
    "Year-end review: %(document)s": "回头看：%(document)s",
    "Year-end review: %(name)s": "回头看：%(name)s",
    "Year-end review": "回头看",
    "Tasks": "任务",
    "%(total)s tasks; %(done)s completed on time; %(unfinished)s not completed or late; %(carried)s carried over.": (
        "共%(total)s项任务；按时完成%(done)s项；未完成或逾期完成%(unfinished)s项；已转入下年度%(carried)s项。"
    ),
    "Units": "单位",
    "Not completed": "未完成",
    "Completed late": "逾期完成",
    "Not completed, overdue": "未完成（已逾期）",
    "No unit assigned": "未分配责任单位",
    "Not completed, not yet due": "未完成（未到期）",
    "Not completed, no deadline": "未完成（无完成时限）",
    "Review report": "回头看报告",
    "By unit": "按单位",
    "%(counter)s unit with unfinished or late tasks": "%(counter)s个单位有未完成或逾期完成的任务",
    "late:": "逾期完成：",
    "Every unit completed every task on time.": "各单位均已按时完成全部任务。",
    "Tasks not completed or completed late": "未完成或逾期完成的任务",
    "(show all units)": "（显示全部单位）",
    "Carry over": "转入下年度",
    "Carry into": "转入文件",
    "Units and final state": "单位及最终状态",
    "Carry the chosen tasks into": "将所选任务转入",
    "Each chosen task is copied into a section “上年度未完成任务” of that document with the same units, not started and without a deadline.": (
        "所选任务将复制到该文件的“上年度未完成任务”章节，责任单位不变，状态为未开始，不设完成时限。"
    ),
    "There is no later document of this jurisdiction to carry tasks into. Import this year's document first.": (
        "本行政区没有更新年度的文件可供转入任务。请先导入本年度文件。"
    ),
    "Nothing left: every task was completed on time.": "没有需要处理的任务：全部任务均已按时完成。",
    "Choose a jurisdiction.": "请选择行政区。",
    "No jurisdictions.": "暂无行政区。",
    "Pick last year's document to see which tasks were not completed or were completed late, carry them into this year's document, and print the review report.": (
        "选择上年度文件，查看未完成或逾期完成的任务，将其转入本年度文件，并打印回头看报告。"
    ),
    "Documents by year": "按年度查看文件",
    "No year": "未标注年度",
    "%(counter)s task": "%(counter)s项任务",
    "This document has no tasks.": "该文件没有任务。",
    "Units with unfinished or late tasks": "有未完成或逾期完成任务的单位",
    "On time = completed on time ÷ (completed + overdue). Overdue: not completed and past the due date.": (
        "按时完成率 = 按时完成数 ÷（已完成数 + 逾期数）。逾期：超过到期日期仍未完成。"
    ),
    "Each unit's record by year": "各单位历年完成情况",
    "Choose at least one task.": "请至少选择一项任务。",
    "%(count)s tasks carried into %(document)s.": "已将%(count)s项任务转入%(document)s。",
    "Choose at least one task to carry over.": "请至少选择一项要转入下年度的任务。",
    "These tasks belong to another jurisdiction and cannot be carried into %(document)s: %(tasks)s": (
        "以下任务属于其他行政区，不能转入%(document)s：%(tasks)s"
    ),
    "These tasks are already in %(document)s: %(tasks)s": "以下任务已在%(document)s中：%(tasks)s",
    "These tasks were already carried into %(document)s: %(tasks)s": "以下任务已转入过%(document)s：%(tasks)s",
    # --- Ledger filters and table ------------------------------------------------------------------------------------
    "Search": "搜索",
    "Document": "文件",
    "Year": "年度",
    "Status": "状态",
    "Light": "信号灯",
    "Due from": "到期日期起",
    "Due until": "到期日期止",
    "Task, document or unit": "任务、文件或单位",
    "Jurisdiction": "行政区",
    "Computed without an official holiday schedule": "尚无官方节假日安排，按暂定规则计算",
    "(provisional)": "（暂定）",
    "Due": "完成时限",
    "Done": "完成",
    "Last report": "最近报送",
    "No assignments match.": "没有符合条件的任务。",
    "Filter": "筛选",
    "on": "已启用",
    "Apply": "应用",
    "Reset": "重置",
    "%(n)s assignment": "共%(n)s条",
    # --- Office forms: urge, extension, review -----------------------------------------------------------------------
    "Message": "催办内容",
    "Please report your progress on this task.": "请及时报送该任务的进展情况。",
    "New due date": "新的完成时限",
    "Reason": "理由",
    "The new due date must be in the future.": "新的完成时限必须晚于今天。",
    "Approve": "同意",
    "Refuse": "不同意",
    "Note": "备注",
    "Progress": "进展情况",
    "What has been done, where it was published.": "已开展的工作，以及在何处公开。",
    "Percent complete": "完成进度",
    "Evidence links": "佐证材料链接",
    "One http(s) link per line, e.g. the page where the information was published.": (
        "每行一个 http(s) 链接，例如信息公开所在的网页。"
    ),
    "Attachments": "附件",
    "Reporting period": "报送周期",
    "Up to %(limit)s MB each; %(types)s.": "每个文件不超过%(limit)s MB；支持%(types)s。",
    "Decision": "审核意见",
    "Accept": "通过",
    "Return": "退回",
    "Comment": "意见",
    "Required when returning: say what is missing.": "退回时必填：请说明缺少哪些内容。",
    "Say what is missing when you return a report.": "退回报告时请说明缺少哪些内容。",
    # --- Importing ---------------------------------------------------------------------------------------------------
    "No units named": "未写明责任单位",
    "Vague units: pick them": "责任单位表述笼统：请选择",
    "Unit not in the registry": "单位不在单位库中",
    "List ends in 等: more units implied": "单位列表以“等”结尾：可能还有其他单位",
    "From the annexed table": "来自附表",
    "Units suggested from the sentence": "根据句子推荐的单位",
    "File": "文件",
    ".txt or .md (UTF-8 or GBK), .docx or .xlsx": ".txt 或 .md（UTF-8 或 GBK 编码）、.docx 或 .xlsx",
    "Invalid value for %(name)s.": "%(name)s的值无效。",
    "Invalid role %(value)s.": "分工“%(value)s”无效。",
    "Only the unknown names of this file can be created as units.": "只能将本文件中未识别的名称新建为单位。",
    "A chosen unit is not a unit of this jurisdiction.": "所选单位不属于本行政区。",
    "vague: pick the units below": "表述笼统：请在下方选择单位",
    "%(n)s units": "%(n)s个单位",
    "not in the registry": "不在单位库中",
    "Every document is marked to be skipped: there is nothing to import.": "所有文件均已标记为跳过，没有可导入的内容。",
    "%(number)s already exists and units have reported progress on it: it cannot be replaced. Skip this document.": (
        "%(number)s已存在，且已有单位报送进展情况，不能替换。请跳过该文件。"
    ),
    "%(number)s has already been imported: tick “replace” to import it again, or skip it.": (
        "%(number)s已导入过：如需重新导入请勾选“替换”，否则请跳过。"
    ),
    "%(name)s: files of this type cannot be imported (allowed: %(allowed)s).": (
        "%(name)s：不能导入此类型的文件（允许的类型：%(allowed)s）。"
    ),
    "%(name)s is larger than %(limit)s MB.": "%(name)s超过%(limit)s MB。",
    "%(name)s is empty.": "%(name)s是空文件。",
    "No tasks were found in %(name)s: it does not look like a work-point document or a task table.": (
        "在%(name)s中未找到任务：该文件似乎不是工作要点或任务分解表。"
    ),
    "Imported %(documents)s: %(tasks)s tasks.": "已导入%(documents)s：共%(tasks)s项任务。",
    "Discarded %(name)s; nothing was imported.": "已放弃%(name)s，未导入任何内容。",
    "No official holiday schedule for that year yet": "该年度尚无官方节假日安排",
    "Role of %(name)s": "%(name)s的分工",
    "Remove": "移除",
    "The document names no unit for this task.": "文件未写明该任务的责任单位。",
    "Suggested units (check them)": "推荐的单位（请核对）",
    "Add or correct units": "添加或更正单位",
    "%(n)s selected": "已选%(n)s个",
    "Pre-selected from the task's wording (%(names)s): a suggestion, not a fact. ": (
        "已根据任务表述预选（%(names)s），仅供参考，请核实。"
    ),
    "Hold Ctrl (⌘ on a Mac) to select several.": "按住 Ctrl 键（Mac 上为 ⌘ 键）可多选。",
    "Their role": "分工",
    "Check the import of %(name)s": "核对导入内容：%(name)s",
    "Breadcrumb": "导航路径",
    "Import": "导入",
    "%(j)s · %(n)s document": "%(j)s · %(n)s份文件",
    "%(n)s task": "%(n)s项任务",
    "%(n)s needs your attention": "%(n)s项需要处理",
    "Nothing has been saved yet. Check each task's units and deadline, pick the units behind vague references (有关部门, …等部门), then import. Suggested units are pre-selected only as suggestions: check them before importing.": (
        "尚未保存任何内容。请核对每项任务的责任单位和完成时限，为笼统表述（有关部门、……等部门）选择具体单位，然后导入。"
        "推荐的单位仅为预选建议，导入前请核对。"
    ),
    "Discard": "放弃",
    "Names not in the unit registry": "不在单位库中的名称",
    "Tick a name to add it to the registry as a new unit and assign it where the document names it. Otherwise drop it and pick an existing unit in the task.": (
        "勾选名称可将其作为新单位加入单位库，并分配到文件中提及它的任务；否则请忽略该名称，在任务中选择已有单位。"
    ),
    "Create “%(name)s”": "新建“%(name)s”",
    "(untitled)": "（无标题）",
    "Number": "文号",
    "Issuer": "发文机关",
    "Issued": "印发于",
    "Do not import this document": "不导入该文件",
    "%(number)s already exists and units have reported on it: it cannot be replaced.": (
        "%(number)s已存在，且已有单位报送进展情况，不能替换。"
    ),
    "%(number)s already exists: replace it (its tasks and assignments are deleted)": (
        "%(number)s已存在：替换该文件（其任务及分工将被删除）"
    ),
    "Addressees (not task units)": "主送单位（非任务责任单位）",
    "No tasks in this document.": "该文件中没有任务。",
    "Import a document": "导入文件",
    "Upload a work-point document (工作要点, 实施方案) or a task table (任务分解表). It is read at once and shown for checking; nothing is saved as a document until you confirm the preview.": (
        "上传工作要点文件（工作要点、实施方案）或任务分解表。文件将立即解析并显示供核对；确认预览前不会保存为文件。"
    ),
    "at most %(mb)s MB": "不超过%(mb)s MB",
    "Read the file": "解析文件",
    "Your unfinished imports": "您未完成的导入",
    "None.": "无。",
    # --- Models: calendar --------------------------------------------------------------------------------------------
    "chinese-calendar package": "chinese-calendar 软件包",
    "Entered by office staff": "政务公开办录入",
    "year": "年度",
    "official schedule entered": "已录入官方安排",
    "source": "来源",
    "note": "备注",
    "updated at": "更新时间",
    "calendar year": "日历年度",
    "calendar years": "日历年度",
    "date": "日期",
    "working day": "工作日",
    "name": "名称",
    "e.g. 国庆节, 国庆节调休": "例如：国庆节、国庆节调休",
    "updated by": "更新人",
    "calendar day": "日历日",
    "calendar days": "日历日",
    # --- Models: choices ---------------------------------------------------------------------------------------------
    "Fixed date": "固定日期",
    "Working days after issue": "印发后若干工作日内",
    "Days after issue": "印发后若干日内",
    "After an event": "特定事项发生后",
    "Period": "时间段",
    "Recurring": "定期",
    "Continuous": "长期坚持",
    "No deadline": "无完成时限",
    "Lead": "牵头",
    "Responsible": "负责",
    "Cooperating": "配合",
    "Not started": "未开始",
    "In progress": "推进中",
    "Submitted": "已报送",
    "Completed": "已完成",
    "Returned": "已退回",
    "On track": "正常推进",
    "Due soon": "即将到期",
    "Overdue": "逾期",
    "Completed on time": "按时完成",
    ("public status", "Completed"): "已完成",
    ("public status", "In progress"): "推进中",
    ("public status", "Overdue"): "已逾期",
    # --- Models: documents -------------------------------------------------------------------------------------------
    "Work points (工作要点)": "工作要点",
    "Implementation plan (实施方案)": "实施方案",
    "Task table (任务分解表)": "任务分解表",
    "Procedure (办法)": "办法",
    "Other": "其他",
    "jurisdiction": "行政区",
    "jurisdictions": "行政区",
    "title": "标题",
    "document number (文号)": "文号",
    "issuer": "发文机关",
    "issue date": "印发日期",
    "kind": "类型",
    "addressees": "主送单位",
    "Who receives it; not task units.": "文件主送的单位，不是任务责任单位。",
    "source file": "源文件",
    "source file name": "源文件名",
    "published": "已公开",
    "published at": "公开时间",
    "content changed at": "内容修改时间",
    "created by": "创建人",
    "created at": "创建时间",
    "document": "文件",
    "documents": "文件",
    "parent section": "上级章节",
    "label": "编号",
    "As numbered: 一, （一）, 1": "按原文编号：一、（一）、1",
    "level": "层级",
    "order": "排序",
    "section": "章节",
    "sections": "章节",
    "number": "序号",
    "heading": "标题",
    "requirement": "工作要求",
    "section path": "章节路径",
    "deadline phrase": "完成时限原文",
    "deadline kind": "时限类型",
    "deadline data": "时限数据",
    "due date": "到期日期",
    "provisional due date": "暂定到期日期",
    "Computed without an official holiday schedule for the year.": "该年度尚无官方节假日安排，到期日期按暂定规则计算。",
    "event date": "事项发生日期",
    "For deadlines after an event.": "用于“特定事项发生后”类的完成时限。",
    "flags": "标记",
    "suggested units": "推荐单位",
    "carried over from": "转自",
    "task": "任务",
    "tasks": "任务",
    "uploaded by": "上传人",
    "file name": "文件名",
    "content": "内容",
    "parse result": "解析结果",
    "import draft": "导入草稿",
    "import drafts": "导入草稿",
    # --- Models: notifications ---------------------------------------------------------------------------------------
    "Report submitted": "报告已报送",
    "Report accepted": "报告已通过",
    "Report returned": "报告被退回",
    "Urge": "催办",
    "Extension requested": "延期申请",
    "Extension decided": "延期申请已审核",
    "New assignment": "新分派任务",
    "Daily digest": "每日汇总",
    "recipient": "接收人",
    "body": "正文",
    "link": "链接",
    "read at": "阅读时间",
    "notification": "通知",
    "notifications": "通知",
    "key": "标识",
    "sent at": "发送时间",
    "detail": "详情",
    "reminder log entry": "提醒记录",
    "reminder log": "提醒记录",
    "No digest emails": "不接收汇总邮件",
    "user": "用户",
    "reminder emails": "提醒邮件",
    "notification setting": "通知设置",
    "notification settings": "通知设置",
    # --- Models: progress --------------------------------------------------------------------------------------------
    "unit": "单位",
    "role": "角色",
    "status": "状态",
    "percent complete": "完成进度",
    "completed on": "完成日期",
    "acknowledged at": "签收时间",
    "acknowledged by": "签收人",
    "last report": "最近报告",
    "version": "版本",
    "assignment": "任务分工",
    "assignments": "任务分工",
    "index": "序号",
    "starts on": "开始日期",
    "reporting period": "报送周期",
    "reporting periods": "报送周期",
    "period status": "周期状态",
    "period statuses": "周期状态",
    "Waiting for review": "待审核",
    "Accepted": "已通过",
    "author": "报送人",
    "progress": "进展情况",
    "evidence links": "佐证材料链接",
    "review state": "审核状态",
    "reviewer": "审核人",
    "review comment": "审核意见",
    "reviewed at": "审核时间",
    "submitted at": "报送时间",
    "progress report": "进展报告",
    "progress reports": "进展报告",
    "report": "报告",
    "file": "文件",
    "size": "大小",
    "content type": "内容类型",
    "public": "公开",
    "Shown on the public progress page.": "在公开进展页面上显示。",
    "uploaded at": "上传时间",
    "attachment": "附件",
    "attachments": "附件",
    "Pending": "待审核",
    "Approved": "已同意",
    "Refused": "未同意",
    "requested by": "申请人",
    "original due date": "原完成时限",
    "requested due date": "申请延至",
    "reason": "理由",
    "state": "状态",
    "decided by": "审核人",
    "decided at": "审核时间",
    "decision note": "审核意见",
    "requested at": "申请时间",
    "extension request": "延期申请",
    "extension requests": "延期申请",
    "sent by": "发送人",
    "message": "内容",
    "urge": "催办",
    "urges": "催办",
    # --- History -----------------------------------------------------------------------------------------------------
    "yes": "是",
    "no": "否",
    "system": "系统",
    "created": "创建",
    "deleted": "删除",
    "changed": "修改",
    "History": "变更记录",
    "No changes recorded yet.": "暂无变更记录。",
    "Report of %(date)s": "%(date)s的报告",
    "Assignment": "任务分工",
    "Extension request": "延期申请",
    "Assignment of %(unit)s": "%(unit)s的任务分工",
    # --- Event dates (deadlines after an event) -----------------------------------------------------------------------
    "Event date": "事项发生日期",
    "Save event date": "保存事项发生日期",
    "Not entered yet: the due date follows once it is.": "尚未填写：填写后将据此计算到期日期。",
    "Enter the event date as YYYY-MM-DD.": "请按 YYYY-MM-DD 格式填写事项发生日期。",
    "Event date saved; the due date follows from it.": "事项发生日期已保存，到期日期已据此计算。",
    # --- Services: messages ------------------------------------------------------------------------------------------
    "Percent must be between 0 and 100.": "完成进度须在0到100之间。",
    "This assignment was changed by someone else. Reload the page and try again.": "该任务已被他人修改，请刷新页面后重试。",
    "This assignment no longer exists.": "该任务分工已不存在。",
    "%(unit)s does not belong to this document's jurisdiction.": "%(unit)s不属于该文件所在行政区。",
    "%(unit)s is no longer active.": "%(unit)s已停用。",
    "%(unit)s is already assigned to this task.": "%(unit)s已是该任务的责任单位。",
    "Unknown role.": "未知的分工。",
    "%(unit)s has already reported on this task; its assignment cannot be removed.": (
        "%(unit)s已报送过该任务的进展情况，不能移除。"
    ),
    "Choose at least one unit.": "请至少选择一个单位。",
    "%(year)s is not a plausible year.": "%(year)s不是有效的年度。",
    "Give a reason for the extension.": "请填写延期理由。",
    "This assignment is already completed.": "该任务已完成。",
    "The new due date must be later than the current one (%(due)s).": "新的完成时限必须晚于当前完成时限（%(due)s）。",
    "An extension request for this assignment is already waiting for a decision.": "该任务已有一项延期申请正在等待审核。",
    "Say why the extension is refused.": "请说明不同意延期的理由。",
    "This extension request has already been decided.": "该延期申请已审核。",
    "%(unit)s submitted a report: %(task)s": "%(unit)s报送了进展情况：%(task)s",
    "Report accepted: %(task)s": "报告已通过：%(task)s",
    "Report returned: %(task)s": "报告被退回：%(task)s",
    "Urged: %(task)s": "催办：%(task)s",
    "%(unit)s asks for an extension: %(task)s": "%(unit)s申请延期：%(task)s",
    "Extension %(state)s: %(task)s": "延期申请%(state)s：%(task)s",
    "Daily reminder for %(day)s: %(overdue)s overdue, %(today)s due today, %(soon)s due soon": (
        "%(day)s每日提醒：逾期%(overdue)s项，今日到期%(today)s项，即将到期%(soon)s项"
    ),
    "Daily summary for %(day)s: reports to review: %(reports)s, units with overdue work: %(units)s": (
        "%(day)s每日汇总：待审核报告%(reports)s份，有逾期任务的单位%(units)s个"
    ),
    "%(name)s: files of this type are not accepted (allowed: %(allowed)s).": (
        "%(name)s：不接受此类型的文件（允许的类型：%(allowed)s）。"
    ),
    "Not a valid http or https link: %(url)s": "不是有效的 http 或 https 链接：%(url)s",
    "This reporting period belongs to another task.": "该报送周期属于其他任务。",
    "Choose the reporting period this report is for.": "请选择本次报告对应的报送周期。",
    "This report has already been reviewed.": "该报告已审核。",
    "Write a message for the unit.": "请填写给该单位的催办内容。",
    # --- Views: calendar ---------------------------------------------------------------------------------------------
    "Date": "日期",
    "This day is": "该日为",
    "a day off (holiday)": "休息日（节假日）",
    "a working day (make-up day)": "工作日（调休上班）",
    "Name": "名称",
    "Official schedule complete": "官方安排已全部录入",
    "The day was not saved: %(errors)s": "该日未保存：%(errors)s",
    "Saved %(day)s; %(n)s due dates recomputed.": "已保存%(day)s，重新计算了%(n)s个到期日期。",
    "The year was not saved: %(errors)s": "该年度未保存：%(errors)s",
    "Saved; %(n)s due dates recomputed.": "已保存，重新计算了%(n)s个到期日期。",
    "Loaded official schedules for %(n)s years; %(tasks)s due dates recomputed.": (
        "已载入%(n)s个年度的官方安排，重新计算了%(tasks)s个到期日期。"
    ),
    "Working-day calendar": "工作日历",
    "Statutory holidays are days off and announced make-up weekends (调休) are working days. Due dates counted in working days use this calendar; in a year without an official schedule they are computed with weekends only and marked provisional.": (
        "法定节假日为休息日，公布的调休周末为工作日。按工作日计算的到期日期以本日历为准；"
        "尚无官方安排的年度仅按周末计算，并标记为暂定。"
    ),
    "%(n)s task has a provisional due date.": "%(n)s项任务的到期日期为暂定。",
    "Years": "年度",
    "No official schedule": "尚无官方安排",
    "Days in %(year)s that differ from the weekend rule": "%(year)s年与周末规则不同的日期",
    "Official schedule": "官方安排",
    "No official schedule: due dates are provisional": "尚无官方安排：到期日期为暂定",
    "Weekday": "星期",
    "Kind": "类型",
    "Source": "来源",
    "Working day": "工作日",
    "Day off": "休息日",
    "No holidays or make-up days entered for this year.": "本年度尚未录入节假日或调休日。",
    "Mark a day": "标记日期",
    "Choosing what the weekend rule already gives removes the entry.": "若所选与周末规则一致，将删除该条记录。",
    "Save and recompute due dates": "保存并重新计算到期日期",
    "Schedule of %(year)s": "%(year)s年安排",
    "Mark as not official (provisional)": "标记为非官方（暂定）",
    "All holidays entered: mark official": "节假日已全部录入：标记为官方安排",
    "Official schedules from the chinese-calendar package": "来自 chinese-calendar 软件包的官方安排",
    "Load / refresh": "载入/更新",
    # --- Views: notifications, portal --------------------------------------------------------------------------------
    "%(count)s notifications marked as read.": "已将%(count)s条通知标记为已读。",
    "Email": "电子邮件",
    "Daily digest of what is due, and an email for each event (report reviewed, urge, extension)": (
        "每日到期汇总，以及每个事项的邮件（报告审核、催办、延期）"
    ),
    "No emails: notifications only appear in the inbox here": "不接收邮件：通知仅显示在本站收件箱中",
    "Your reminder settings were saved.": "提醒设置已保存。",
    "Your report was submitted for review.": "报告已报送，等待审核。",
    "The report was not saved: please correct the errors below.": "报告未保存：请更正以下错误。",
    "Receipt acknowledged.": "已签收。",
    "Your extension request was sent to the office.": "延期申请已提交政务公开办。",
    "The extension request was not sent: please correct the errors below.": "延期申请未提交：请更正以下错误。",
    "Report accepted.": "报告已通过。",
    "Report returned.": "报告已退回。",
    "Extension approved.": "已同意延期。",
    "Extension refused.": "已不同意延期。",
    "%(unit)s has been urged.": "已向%(unit)s催办。",
    "Role changed.": "分工已修改。",
    "%(unit)s was removed from the task.": "已将%(unit)s从该任务中移除。",
    "%(unit)s was assigned.": "已将任务分派给%(unit)s。",
    "%(count)d units were assigned.": "已将任务分派给%(count)d个单位。",
    "The document's progress is now public.": "该文件的进展情况已公开。",
    "The document's progress was withdrawn from the public pages.": "该文件的进展情况已撤回公开。",
    "(no section)": "（无章节）",
    "Completion by section": "各章节完成情况",
    "Completion by unit": "各单位完成情况",
    "On-time completion by unit": "各单位按时完成情况",
    # --- Base layout, account ----------------------------------------------------------------------------------------
    "Skip to content": "跳到主要内容",
    "Main navigation": "主导航",
    "Notifications": "通知",
    "Toggle navigation": "展开/收起导航",
    "My tasks": "我的任务",
    "Review": "审核",
    "Documents": "文件",
    "Overview": "总览",
    "Ledger": "工作台账",
    "Calendar": "工作日历",
    "Public progress": "公开进展",
    "Language": "语言",
    "Go": "确定",
    "Reminder settings": "提醒设置",
    "Change password": "修改密码",
    "Administration": "系统管理",
    "Log out": "退出登录",
    "Log in": "登录",
    "Close": "关闭",
    "Too many attempts": "尝试次数过多",
    "Too many failed log-in attempts": "登录失败次数过多",
    "This account is locked for a while from this address. Try again later, or ask the system operator to unlock it.": (
        "该账号在当前地址已被暂时锁定。请稍后再试，或联系系统管理员解锁。"
    ),
    "Your username and password didn't match. Please try again.": "用户名或密码错误，请重新输入。",
    "Username": "用户名",
    "Password": "密码",
    "Password changed": "密码已修改",
    "Your password was changed.": "您的密码已修改。",
    "Back to my tasks": "返回我的任务",
    # --- Emails ------------------------------------------------------------------------------------------------------
    "…and %(counter)s more.": "……另有%(counter)s项。",
    "provisional": "暂定",
    "No due date": "无到期日期",
    "Hello %(name)s,": "%(name)s，您好：",
    "This email was sent automatically; please do not reply to it.": "本邮件由系统自动发送，请勿回复。",
    "All your notifications": "查看全部通知",
    "Choose which emails you receive": "设置接收哪些邮件",
    "Daily task reminder": "每日任务提醒",
    "This is the daily list of open tasks of <strong>%(units)s</strong> as of %(day)s.": (
        "以下是截至%(day)s<strong>%(units)s</strong>的未完成任务清单。"
    ),
    "This is the daily list of open tasks of %(units)s as of %(day)s.": "以下是截至%(day)s%(units)s的未完成任务清单。",
    "Due today": "今日到期",
    "Due within %(days)s working days (by %(until)s)": "%(days)s个工作日内到期（%(until)s前）",
    "All your tasks": "查看全部任务",
    "You receive this daily digest because you are a liaison for these units.": "您是上述单位的联络员，因此收到本每日提醒。",
    "Tasks for %(day)s: %(overdue)s overdue, %(today)s due today, %(soon)s due within %(days)s working days": (
        "%(day)s任务提醒：逾期%(overdue)s项，今日到期%(today)s项，%(days)s个工作日内到期%(soon)s项"
    ),
    "Daily summary": "每日汇总",
    "This is the daily summary as of %(day)s.": "以下是截至%(day)s的每日汇总。",
    "Reports waiting for review": "待审核的报告",
    "Open the review queue": "打开待审核列表",
    "Units with overdue work: %(units)s (overdue tasks: %(items)s)": "有逾期任务的单位：%(units)s个（逾期任务：%(items)s项）",
    "Oldest due date": "最早到期日期",
    "Open the overview": "打开总览",
    "You receive this daily summary because you are office staff.": "您是政务公开办工作人员，因此收到本每日汇总。",
    "Review queue": "待审核",
    "%(counter)s overdue, oldest due %(oldest)s": "逾期%(counter)s项，最早到期日期%(oldest)s",
    "The office approved the extension. The new due date is <strong>%(due)s</strong>.": (
        "政务公开办已同意延期，新的完成时限为<strong>%(due)s</strong>。"
    ),
    "The office refused the extension. The due date stays <strong>%(due)s</strong>.": (
        "政务公开办未同意延期，完成时限仍为<strong>%(due)s</strong>。"
    ),
    "Open the task": "查看任务",
    "The office approved the extension. The new due date is %(due)s.": "政务公开办已同意延期，新的完成时限为%(due)s。",
    "The office refused the extension. The due date stays %(due)s.": "政务公开办未同意延期，完成时限仍为%(due)s。",
    "Extension approved: %(task)s": "延期申请已同意：%(task)s",
    "Extension refused: %(task)s": "延期申请未同意：%(task)s",
    "<strong>%(unit)s</strong> asks for a later due date. Please approve or refuse the request.": (
        "<strong>%(unit)s</strong>申请延期，请审核是否同意。"
    ),
    "Current due date": "当前完成时限",
    "Requested due date": "申请延至",
    "Decide on the request": "审核该申请",
    "%(unit)s asks for a later due date. Please approve or refuse the request.": "%(unit)s申请延期，请审核是否同意。",
    "The office accepted the progress report of <strong>%(unit)s</strong>.": (
        "政务公开办已审核通过<strong>%(unit)s</strong>报送的进展情况。"
    ),
    "The office returned the progress report of <strong>%(unit)s</strong>. Please revise it and submit it again.": (
        "政务公开办已退回<strong>%(unit)s</strong>报送的进展情况，请修改后重新报送。"
    ),
    "Review comment": "审核意见",
    "The office accepted the progress report of %(unit)s.": "政务公开办已审核通过%(unit)s报送的进展情况。",
    "The office returned the progress report of %(unit)s. Please revise it and submit it again.": (
        "政务公开办已退回%(unit)s报送的进展情况，请修改后重新报送。"
    ),
    "Report returned, please revise: %(task)s": "报告被退回，请修改：%(task)s",
    "<strong>%(unit)s</strong> submitted a progress report. It is waiting for your review.": (
        "<strong>%(unit)s</strong>报送了进展情况，等待您审核。"
    ),
    "Review the report": "审核报告",
    "%(unit)s submitted a progress report. It is waiting for your review.": "%(unit)s报送了进展情况，等待您审核。",
    "%(unit)s submitted a report for review: %(task)s": "%(unit)s报送了进展情况，请审核：%(task)s",
    "The office urges <strong>%(unit)s</strong> to act on this task.": "政务公开办催办<strong>%(unit)s</strong>尽快落实该任务。",
    "The office urges %(unit)s to act on this task.": "政务公开办催办%(unit)s尽快落实该任务。",
    "Urgent reminder from the office: %(task)s": "政务公开办催办：%(task)s",
    # --- Notifications -----------------------------------------------------------------------------------------------
    "%(counter)s unread": "%(counter)s条未读",
    "Mark all as read": "全部标记为已读",
    "All": "全部",
    "Unread": "未读",
    "Unread:": "未读：",
    "read": "已读",
    "Pages": "分页",
    "Previous": "上一页",
    "Page %(number)s of %(total)s": "第%(number)s页，共%(total)s页",
    "Page %(n)s of %(total)s": "第%(n)s页，共%(total)s页",
    "Next": "下一页",
    "No unread notifications.": "没有未读通知。",
    "No notifications yet.": "暂无通知。",
    "Each working-day morning, liaisons receive one email listing their units' tasks that are overdue, due today or due soon; office staff receive one listing reports waiting for review and units with overdue work. Nobody receives an email when there is nothing to report.": (
        "每个工作日上午，联络员会收到一封邮件，列出本单位已逾期、今日到期和即将到期的任务；"
        "政务公开办工作人员会收到一封邮件，列出待审核的报告和有逾期任务的单位。没有需要提醒的事项时不发送邮件。"
    ),
    "Emails go to <strong>%(email)s</strong>.": "邮件将发送至<strong>%(email)s</strong>。",
    "Your account has no email address, so no emails can be sent to you. Ask the office staff to add one.": (
        "您的账号未设置电子邮箱，无法向您发送邮件。请联系政务公开办添加。"
    ),
    "Save": "保存",
    "Back to notifications": "返回通知",
    # --- Portal ------------------------------------------------------------------------------------------------------
    "Nothing to show yet.": "暂无数据。",
    "Assignments": "任务数",
    "%(n)s late": "其中逾期完成%(n)s项",
    "Lights by unit and section": "各单位分章节信号灯",
    "Units ranked by on-time completion": "各单位按时完成率排名",
    "On time": "按时完成率",
    "No assignments yet.": "暂无任务。",
    "Nothing is overdue.": "没有逾期任务。",
    "The %(shown)s oldest are shown; use the ledger for the rest.": "仅显示逾期最久的%(shown)s项，其余请在工作台账中查看。",
    "Computed without an official holiday schedule for that year; it may change.": (
        "该年度尚无官方节假日安排，按暂定规则计算，日期可能变动。"
    ),
    "Each cell shows the worst light among the unit's tasks in that section.": "每个单元格显示该单位在该章节各项任务中最差的信号灯。",
    "Deadline as written": "完成时限（原文）",
    "Task due date": "任务到期日期",
    "Your last report was returned": "您上次报送的进展情况已被退回",
    "Report on the unit's behalf": "代单位报送",
    "Report progress": "报送进展情况",
    "Submit report": "提交报送",
    "Reports": "报送记录",
    "No reports yet.": "暂无报告。",
    "Extended from %(original)s to %(granted_on)s": "已由%(original)s延期至%(granted_on)s",
    "Receipt": "签收",
    "acknowledged": "已签收",
    "not yet acknowledged": "尚未签收",
    "Acknowledge receipt": "签收",
    "Reporting periods": "报送周期",
    "Units on this task": "该任务的责任单位",
    "Extensions": "延期申请",
    "%(original)s → %(requested)s": "%(original)s → %(requested)s",
    "Note (required when refusing)": "备注（不同意时必填）",
    "No extension requested.": "未申请延期。",
    "Request an extension": "申请延期",
    "Send request": "提交申请",
    "Urges": "催办记录",
    "No urges.": "暂无催办。",
    "Message to the unit": "催办内容",
    "issued": "印发于",
    "not published": "未公开",
    "Withdraw from the public pages": "撤回公开",
    "Publish on the public pages": "公开进展情况",
    "This document has no tasks yet.": "该文件暂无任务。",
    "Public": "公开",
    "Withdraw": "撤回公开",
    "Publish": "公开",
    "No documents yet.": "暂无文件。",
    "Your account is not linked to any unit yet. Ask the office to add you as a liaison.": (
        "您的账号尚未关联任何单位。请联系政务公开办将您设为联络员。"
    ),
    "Due this week": "本周到期",
    "Nothing is due this week.": "本周没有到期任务。",
    "Show": "查看",
    "Jurisdictions": "行政区",
    "Rate": "完成率",
    "You oversee no jurisdiction.": "您没有分管的行政区。",
    "Comment (required when returning)": "意见（退回时必填）",
    "Nothing is waiting for review.": "没有待审核的报告。",
    "Extension requests": "延期申请",
    "No extension requests are waiting.": "没有待审核的延期申请。",
    "Flags": "标记",
    "units named vaguely": "责任单位表述笼统",
    "no unit named": "未写明责任单位",
    "more units implied (等)": "可能还有其他单位（等）",
    "units read from the sentence": "根据句子识别的单位",
    "from the annexed table": "来自附表",
    "Named in the text": "原文表述",
    "Actions": "操作",
    "Remove this unit from the task?": "确定将该单位从任务中移除吗？",
    "No unit assigned yet.": "尚未分配责任单位。",
    "Pick the units": "选择单位",
    "The document names the units only vaguely (such as 有关部门). Choose the units that must do this task.": (
        "文件对责任单位的表述较笼统（如“有关部门”），请选择承担该任务的单位。"
    ),
    "Assign the chosen units": "分派给所选单位",
    "Add a unit": "添加单位",
    "Assign": "分派",
    "Record by year": "历年完成情况",
    "Late": "逾期完成",
    "On-time rate": "按时完成率",
    # --- Public pages ------------------------------------------------------------------------------------------------
    "Last updated": "最近更新",
    "Overall progress": "总体进展",
    "Other tasks": "其他任务",
    "%(done)s of %(tasks)s": "%(done)s/%(tasks)s",
    "Responsible units": "责任单位",
    "(lead)": "（牵头）",
    "(cooperating)": "（配合）",
    "Published evidence": "公开的佐证材料",
    "Share of tasks completed": "任务完成比例",
    "%(done)s of %(total)s tasks completed (%(percent)s%%)": "已完成%(done)s/%(total)s项任务（%(percent)s%%）",
    "%(counter)s overdue": "逾期%(counter)s项",
    "Preview: this document is not published. The public cannot see this page.": "预览：该文件尚未公开，公众无法看到本页面。",
    "Publish or withdraw documents": "公开或撤回公开文件",
    "This page as data (JSON)": "本页数据（JSON）",
    "Public progress of the work points": "工作要点落实情况公开",
    "How each government's published work-point documents are being carried out: every task, the units responsible, the deadline and the status.": (
        "各级政府已公开的工作要点落实情况：每项任务的责任单位、完成时限和状态。"
    ),
    "No documents have been published yet.": "暂无已公开的文件。",
    "List of published documents as data (JSON)": "已公开文件列表数据（JSON）",
    "Publish documents": "公开文件",
    "A published document's progress page can be read by anyone without logging in. It shows tasks, responsible units, deadlines, status and the evidence of accepted reports; never report texts, review comments or who wrote them.": (
        "文件公开后，任何人无需登录即可查看其进展页面。页面显示任务、责任单位、完成时限、状态及已通过报告的佐证材料；"
        "不显示报告正文、审核意见及报送人。"
    ),
    "Published": "已公开",
    "Not published": "未公开",
    # --- Units -------------------------------------------------------------------------------------------------------
    "members": "成员",
    "Province": "省",
    "City": "市",
    "District": "区",
    "County": "县",
    "Development zone": "开发区",
    "short name": "简称",
    "parent": "上级",
    "unit name prefix": "单位名称前缀",
    "Town / sub-district": "镇（街道）",
    "Government department": "政府部门",
    "Branch bureau": "分局",
    "Zone": "园区",
    "Company / institution": "企事业单位",
    "Government office": "政府办公室",
    "full name": "全称",
    "parent unit": "上级单位",
    "For a unit inside another, such as 区大数据局 inside 区政府办公室.": "用于隶属于其他单位的单位，例如隶属于区政府办公室的区大数据局。",
    "active": "启用",
    "units": "单位",
    "alias": "别名",
    "unit alias": "单位别名",
    "unit aliases": "单位别名",
    "Listed member units": "列出的成员单位",
    "All towns and sub-districts": "全部镇（街道）",
    "All government departments": "全部政府部门",
    "All units": "全部单位",
    "Vague: a person picks the units": "笼统表述：由人工选择单位",
    "other spellings": "其他写法",
    "rule": "规则",
    "member units": "成员单位",
    "vague": "笼统表述",
    "A person must choose the units each time it is used.": "每次使用时须由人工选择具体单位。",
    "collective reference": "统称",
    "collective references": "统称",
    "Office staff": "政务公开办工作人员",
    "Supervisor": "分管领导",
    "jurisdiction role": "行政区角色",
    "jurisdiction roles": "行政区角色",
    "Liaison": "联络员",
    "Unit head": "单位负责人",
    "unit membership": "单位成员",
    "unit memberships": "单位成员",
    "Lights by unit and document": "各单位各文件信号灯",
    "Completion by document": "各文件完成情况",
    "Each cell shows the worst light among the unit's tasks in that document.": "每格显示该单位在该文件中各项任务里最差的信号灯。",
    "OpenSched administration": "OpenSched 管理后台",
    "Work points, units and calendar": "工作要点、单位与日历",
    "A username has at most %(limit)d characters.": "用户名最多 %(limit)d 个字符。",
    "A password has at most %(limit)d characters.": "密码最多 %(limit)d 个字符。",
    "%(date)s is outside the supported range of dates (%(first)s to %(last)s).": "%(date)s 超出系统支持的日期范围（%(first)s 至 %(last)s）。",
    "A report can have at most %(limit)s attached files (%(count)s were given).": "每次报送最多可上传 %(limit)s 个附件（本次为 %(count)s 个）。",
    "A report can have at most %(limit)s evidence links (%(count)s were given).": "每次报送最多可填写 %(limit)s 个佐证链接（本次为 %(count)s 个）。",
    "An evidence link can be at most %(limit)s characters long (one has %(count)s).": "每个佐证链接最长 %(limit)s 个字符（有一个链接为 %(count)s 个字符）。",
    "No due date can be computed from this event date; nothing was changed.": "无法根据该事项日期计算完成时限，未作任何修改。",
    "This task's deadline does not count from an event.": "该任务的完成时限不是从某一事项发生之日起计算的。",
    "Up to %(count)s files, %(limit)s MB in all; %(types)s.": "最多 %(count)s 个文件，合计不超过 %(limit)s MB；%(types)s。",
    "One http(s) link per line, e.g. the page where the information was published; at most %(count)s links of %(chars)s characters.": "每行一个 http(s) 链接，如信息公开所在的网页；最多 %(count)s 个链接，每个不超过 %(chars)s 个字符。",
    "The deadline names a date that does not exist: check the phrase.": "完成时限中的日期不存在，请核对时限表述。",
    "The deadline counts a negative or implausibly large number of days: check the phrase.": "完成时限中的天数为负数或大得不合理，请核对时限表述。",
    "The deadline falls outside the supported dates: check the phrase.": "完成时限超出系统支持的日期范围，请核对时限表述。",
    "The text is larger than %(limit)s MB; import limit: text size.": "文本超过 %(limit)s MB；导入上限：文本大小。",
    "The text has more than %(limit)s lines (%(found)s); import limit: text lines.": "文本超过 %(limit)s 行（%(found)s 行）；导入上限：文本行数。",
    "The file is larger than %(limit)s MB; import limit: file size.": "文件超过 %(limit)s MB；导入上限：文件大小。",
    "The file holds more than %(limit)s parts; import limit: parts in the file.": "文件包含的部件超过 %(limit)s 个；导入上限：文件部件数。",
    "The file unpacks to more than %(limit)s MB; import limit: unpacked size.": "文件解压后超过 %(limit)s MB；导入上限：解压后大小。",
    "The file's text parts unpack to more than %(limit)s MB; import limit: XML size.": "文件的文本部件解压后超过 %(limit)s MB；导入上限：XML 大小。",
    "The file is compressed more than %(limit)s times (a zip bomb?); import limit: compression ratio.": "文件压缩比超过 %(limit)s 倍（疑似压缩炸弹）；导入上限：压缩比。",
    "The file contains an XML document type declaration, which Office files never have.": "文件含有 XML 文档类型声明（DTD），正常的 Office 文件不会有。",
    "The document has more than %(limit)s XML elements; import limit: document elements.": "文档的 XML 元素超过 %(limit)s 个；导入上限：文档元素数。",
    "The document has more than %(limit)s paragraphs; import limit: paragraphs.": "文档超过 %(limit)s 个段落；导入上限：段落数。",
    "The document has more than %(limit)s tables; import limit: tables.": "文档超过 %(limit)s 个表格；导入上限：表格数。",
    "The document's tables have more than %(limit)s cells; import limit: table cells.": "文档表格的单元格超过 %(limit)s 个；导入上限：表格单元格数。",
    "The workbook has more than %(limit)s sheets; import limit: sheets.": "工作簿超过 %(limit)s 个工作表；导入上限：工作表数。",
    "A sheet reaches beyond row %(limit)s (%(found)s); import limit: sheet rows.": "工作表超出第 %(limit)s 行（%(found)s）；导入上限：工作表行数。",
    "A sheet reaches beyond column %(limit)s (%(found)s); import limit: sheet columns.": "工作表超出第 %(limit)s 列（%(found)s）；导入上限：工作表列数。",
    "The workbook has more than %(limit)s cells; import limit: cells.": "工作簿的单元格超过 %(limit)s 个；导入上限：单元格数。",
    "The workbook has more than %(limit)s merged ranges; import limit: merged ranges.": "工作簿的合并区域超过 %(limit)s 个；导入上限：合并区域数。",
    "The workbook's merged ranges cover more than %(limit)s cells (%(found)s); import limit: merged cells.": "工作簿的合并区域覆盖超过 %(limit)s 个单元格（%(found)s 个）；导入上限：合并单元格数。",
    "The file holds more than %(limit)s tasks (%(found)s); import limit: tasks.": "文件包含的任务超过 %(limit)s 项（%(found)s 项）；导入上限：任务数。",
    "The import preview would take more than %(limit)s MB; import limit: draft size.": "导入预览将超过 %(limit)s MB；导入上限：草稿大小。",
    "This import has already been confirmed or discarded (perhaps in another window): nothing more was imported.": "此导入已被确认或放弃（可能在另一个窗口中）：没有再导入任何内容。",
    "A document of %(name)s has just been imported by someone else: nothing more was imported.": "%(name)s 中的文件刚刚已由他人导入：没有再导入任何内容。",
    "%(name)s cannot be shown: discard it and upload the file again.": "%(name)s 无法显示：请放弃后重新上传文件。",
    "The chosen files are larger than %(limit)s MB together: they cannot be uploaded.": "所选文件合计超过 %(limit)s MB，无法上传。",
    "Unfinished imports are deleted after %(days)s days.": "未完成的导入在 %(days)s 天后自动删除。",
    "Upload too large": "上传内容过大",
    "The upload is %(size)s MB, larger than the %(limit)s MB limit: it was not read and nothing was saved.": "上传内容为 %(size)s MB，超过 %(limit)s MB 的上限：未读取，也未保存任何内容。",
    "Go back, choose a smaller file (or fewer attachments) and send the form again.": "请返回，选择较小的文件（或减少附件）后重新提交。",
    "Empty for the national calendar.": "留空表示全国日历。",
    "Enter a date from %(min)s to %(max)s.": "请输入%(min)s年至%(max)s年之间的日期。",
    "%(year)s is outside the supported years %(min)s–%(max)s.": "%(year)s年不在支持的年份范围（%(min)s–%(max)s年）内。",
    "Only the system operator may change the national calendar.": "只有系统管理员可以修改全国日历。",
    "You may change only your own jurisdiction's local days.": "您只能修改本行政区的地方性日期。",
    "There is no local day on %(day)s.": "%(day)s没有地方性日期。",
    "“%(value)s” is not a year; showing %(year)s.": "“%(value)s”不是有效年份，现显示%(year)s年。",
    "The calendar covers %(min)s to %(max)s; showing %(year)s.": "日历范围为%(min)s年至%(max)s年，现显示%(year)s年。",
    "Saved the local day %(day)s of %(jurisdiction)s; %(n)s of its due dates recomputed.": "已保存%(jurisdiction)s的地方性日期%(day)s，重新计算了该行政区%(n)s个到期日期。",
    "The day was not removed: %(errors)s": "该日未删除：%(errors)s",
    "Removed the local day %(day)s of %(jurisdiction)s; %(n)s of its due dates recomputed.": "已删除%(jurisdiction)s的地方性日期%(day)s，重新计算了该行政区%(n)s个到期日期。",
    "The national calendar is kept by the system operator. A jurisdiction's local days (extra holidays, days worked locally) count for that jurisdiction's due dates only.": "全国日历由系统管理员维护。行政区的地方性日期（地方增设的假日、地方照常上班的日期）只影响本行政区的到期日期。",
    "National days in %(year)s that differ from the weekend rule": "%(year)s年与周末规则不同的全国性日期",
    "Read only: kept by the system operator": "只读：由系统管理员维护",
    "Local days of %(name)s in %(year)s": "%(name)s %(year)s年的地方性日期",
    "Local days": "地方性日期",
    "No local days for this year: the national calendar applies.": "本年度没有地方性日期，按全国日历执行。",
    "You keep no jurisdiction's local days.": "您没有负责维护地方性日期的行政区。",
    "Add a local day of %(name)s": "添加%(name)s的地方性日期",
    "A local day counts for this jurisdiction's due dates only. Choosing what the national calendar already gives removes the local day.": "地方性日期只影响本行政区的到期日期。若所选与全国日历一致，将删除该地方性日期。",
    "Mark a national day": "标记全国性日期",
    "Choosing what the weekend rule already gives removes the entry. A national day moves every jurisdiction's due dates.": "若所选与周末规则一致，将删除该条记录。全国性日期会影响所有行政区的到期日期。",
}


if __name__ == "__main__":
    sys.exit(main())
