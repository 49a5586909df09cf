"""Import every tests/corpus/*.truth.json document with today's importer and score it.

    python bench/import_corpus.py            # a table per document and the TOTAL line
    python bench/import_corpus.py --json     # the figures as one JSON object (per document and totals)
    python bench/import_corpus.py -v         # also each document's mismatches
    python bench/import_corpus.py xunyang    # only truth files whose name contains a word

Runs in a throwaway SQLite database (migrated once) unless DATABASE_URL is set; each truth file's
jurisdiction is created with no units, so every unit name the parser proposes is scored. The scoring
rules live in tests/corpus_score.py (shared with tests/test_import_corpus.py) and follow
tests/corpus/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="score only truth files whose name contains one of these")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each document's mismatches")
    args = parser.parse_args(argv)

    os.environ["DJANGO_SETTINGS_MODULE"] = "opensched.settings_test"
    with tempfile.TemporaryDirectory(prefix="opensched-corpus-") as tmp:
        from bench._common import django_setup

        started = time.perf_counter()
        database = django_setup(sqlite_path=str(Path(tmp) / "corpus.sqlite3"))
        migrated = time.perf_counter() - started

        from tests import corpus_score

        rows = corpus_score.run_corpus(only=args.only or None)
        total = corpus_score.totals(rows)
        total["migrate_seconds"] = round(migrated, 2)
        total["database"] = database.split(" ")[0]
        if args.json:
            print(json.dumps({"documents": rows, "totals": total}, ensure_ascii=False, indent=1))
        else:
            print(corpus_score.table(rows))
            if args.verbose:
                for r in rows:
                    if r["problems"] or r["non_unit_names"] or r["error"]:
                        print(f"\n{r['input']}: {r['error'] or ''}")
                        for p in r["problems"]:
                            print(f"  {p}")
                        for n in r["non_unit_names"]:
                            print(f"  non-unit {n}")
            print()
            print(f"({total['documents']} truth files, {total['errors']} refused; "
                  f"{total['seconds']:.1f} s importing, {migrated:.1f} s migrating)")
            print(corpus_score.total_line(total))  # last: the line scripts and hooks read
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
