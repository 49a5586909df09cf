from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from tasks.services.calendar import calendar_sync_from_package
from tasks.services.demo import (
    DEMO_PASSWORD,
    demo_accounts_create,
    registry_load_fixture,
    seed_documents_manifest,
)


class Command(BaseCommand):
    help = "Load the unit registry, the seed documents and the demo accounts (password opensched-demo)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument("--no-documents", action="store_true", help="Skip importing the seed documents.")

    def handle(self, *args, force=False, no_documents=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; refusing with DEBUG off (use --force)."
            )
        counts = registry_load_fixture()
        self.stdout.write("registry: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        result = calendar_sync_from_package()
        self.stdout.write(f"working-day calendar: official years {result.years[0]}–{result.years[-1]}")
        if not no_documents:
            self._import_documents()
        users = demo_accounts_create()
        self.stdout.write(f"demo accounts ({DEMO_PASSWORD}): {', '.join(users)}")

    def _import_documents(self):
        if "import_document" not in get_commands():
            self.stdout.write("import_document is not available yet; seed documents skipped")
            return
        for entry in seed_documents_manifest():
            options = {"jurisdiction": entry["jurisdiction"], "replace": True, "stdout": self.stdout}
            if entry.get("publish"):
                options["publish"] = True
            if entry.get("accept_suggestions"):
                options["accept_suggestions"] = True
            call_command("import_document", entry["path"], **options)
