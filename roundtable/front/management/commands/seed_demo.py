from typing import Any

from django.core.management.base import BaseCommand

from roundtable.front.demo import seed_demo, sign_in_instructions


class Command(BaseCommand):
    help = "Build the fictional demo community (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = seed_demo()
        verb = "created" if summary.created else "already present"
        self.stdout.write(f"demo community {verb}: {summary.residents} people")
        self.stdout.write("\n".join(sign_in_instructions()))
