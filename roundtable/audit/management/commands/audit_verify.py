from typing import Any

from django.core.management.base import BaseCommand, CommandError

from roundtable.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; name the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken:
            where = f"entry #{broken.seq}" + (f" (id {broken.entry_id})" if broken.entry_id else "")
            raise CommandError(
                f"audit chain BROKEN at {where}: {broken.reason}. {checked} entries before it hold."
            )
        self.stdout.write(f"audit chain OK: {checked} entries")
