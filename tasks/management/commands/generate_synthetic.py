"""``generate_synthetic``: realistic data at scale for benchmarks and load tests (see tasks.services.synthetic)."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tasks.services.synthetic import (
    SYNTHETIC_PASSWORD,
    SyntheticError,
    SyntheticSpec,
    synthetic_data_flush,
    synthetic_data_generate,
)


class Command(BaseCommand):
    help = (
        "Generate synthetic jurisdictions (named 合成…), units, users, documents, tasks, assignments and reports. "
        "The same --seed (and --today) gives the same data. Users syn01-office, syn01-leader, syn01-u001… share "
        f"the password {SYNTHETIC_PASSWORD!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jurisdictions", type=int, default=1, help="Number of jurisdictions (default 1).")
        parser.add_argument("--units", type=int, default=20, help="Units per jurisdiction, one liaison each (20).")
        parser.add_argument("--documents", type=int, default=1, help="Documents per jurisdiction (1).")
        parser.add_argument("--tasks", type=int, default=40, help="Tasks per document (40).")
        parser.add_argument("--reports", type=int, default=None,
                            help="Progress reports in total (default: about 1.3 per assignment that has reported).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="Day statuses are judged against, YYYY-MM-DD (default: today).")
        parser.add_argument("--flush", action="store_true", help="Delete earlier synthetic data first.")

    def handle(self, *args, jurisdictions, units, documents, tasks, reports, seed, today, flush, **options):
        spec = SyntheticSpec(jurisdictions=jurisdictions, units=units, documents=documents, tasks=tasks,
                             reports=reports, seed=seed, today=today)
        try:
            spec.check()
            if flush:
                started = time.perf_counter()
                removed = synthetic_data_flush()
                self.stdout.write(f"flushed in {time.perf_counter() - started:.1f} s: "
                                  + ", ".join(f"{k} {v}" for k, v in removed.items() if v))
            started = time.perf_counter()
            counts = synthetic_data_generate(spec=spec)
        except SyntheticError as exc:
            raise CommandError(str(exc)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(", ".join(f"{k} {v}" for k, v in counts.items()))
        self.stdout.write(self.style.SUCCESS(f"generated in {seconds:.1f} s (seed {seed})"))
