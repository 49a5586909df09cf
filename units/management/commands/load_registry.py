import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.services import RegistryError, registry_load


class Command(BaseCommand):
    help = "Create or update jurisdictions, units, aliases and collective references from a registry JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(Path("fixtures") / "registry.json"))

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"cannot read registry {path}: {exc}") from None
        try:
            counts = registry_load(data=data)
        except (RegistryError, KeyError) as exc:
            raise CommandError(f"registry {path} is invalid: {exc}") from None
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
