from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.accounts.models import User
from roundtable.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a bearer token for a staff tool; the token is printed once and only its hash is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'ballot tablet 1'")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']!r}")
        self.stdout.write(api_token_create(user=user, name=options["name"]))
