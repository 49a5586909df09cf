"""Fill locale/zh_Hans/LC_MESSAGES/django.po from the TRANSLATIONS dictionary at the end of this file.

Re-run after every `makemessages`:

    DEBUG=1 .venv/bin/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --ignore=bench
    .venv/bin/python locale/fill_translations.py          # fills, reports what is still missing
    DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv

Options:
    --check     change nothing; exit 1 if an entry is untranslated, fuzzy or unknown to the dictionary
    --missing   print a Python dict skeleton of the msgids that have no translation yet (paste it into
                TRANSLATIONS below and translate)

The dictionary wins over what the .po holds; an entry the dictionary does not know keeps the .po's translation
(makemessages keeps existing translations, possibly flagged fuzzy: those are reported, never trusted).
Keys are the msgid, or (msgctxt, msgid) for entries with a context; plural entries are keyed by the singular
msgid and their value fills msgstr[0] (Chinese has one plural form).

No third-party dependency: a minimal .po reader/writer that understands msgctxt, msgid, msgid_plural,
msgstr, msgstr[n], multi-line strings, flags and obsolete (#~) entries.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"

HEADER_FIELDS = {
    "Language": "zh_Hans",
    "Language-Team": "Chinese (Simplified)",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
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


def fix_header(header: Entry) -> None:
    header.remove_flag("fuzzy")
    lines = [line for line in header.msgstr.get(0, "").split("\n") if line]
    seen = set()
    out = []
    for line in lines:
        name = line.split(":", 1)[0]
        if name in HEADER_FIELDS:
            line = f"{name}: {HEADER_FIELDS[name]}"
            seen.add(name)
        out.append(line)
    out += [f"{name}: {value}" for name, value in HEADER_FIELDS.items() if name not in seen]
    header.msgstr[0] = "".join(line + "\n" for line in out)


def fill(entries: list[Entry], translations: dict) -> tuple[list[Entry], list[Entry]]:
    """Apply the dictionary; return (entries still missing, entries the dictionary does not know)."""
    missing, unknown = [], []
    for e in entries:
        if e.msgid == "" and e.msgctxt is None:
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
        if not e.translated() or "fuzzy" in e.flags:
            missing.append(e)
    return missing, unknown


def skeleton(entries: list[Entry]) -> str:
    lines = []
    for e in entries:
        where = " ".join(c[3:] for c in e.comments if c.startswith("#:"))[:100]
        lines.append(f"    # {where}")
        lines.append(f"    {e.key!r}: {e.msgstr.get(0, '')!r},")
    return "\n".join(lines)


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
        print(skeleton(missing or unknown))
        return 0
    if args.check:
        for e in missing:
            print(f"untranslated or fuzzy: {e.key!r}")
        return 1 if missing else 0

    text = render_po(entries)
    if text != original:
        path.write_text(text, encoding="utf-8")
    print(f"{path}: {len(real)} entries, {len(real) - len(missing)} translated, {len(missing)} missing")
    for e in unknown:
        print(f"  not in the dictionary: {e.key!r}")
    return 1 if missing else 0


# ---------------------------------------------------------------------------------------------------------------------
# The translations
# ---------------------------------------------------------------------------------------------------------------------

TRANSLATIONS: dict[str | tuple[str, str], str] = {
}


if __name__ == "__main__":
    sys.exit(main())
