"""Django's model backend, with the signed-in user of every request read by one plain statement
(the ORM's lookup cost more than the query; see roundtable/accounts/sessions.py)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from roundtable.accounts.models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        found = User.objects.raw(
            "SELECT * FROM accounts_user WHERE id = %s",
            [User._meta.pk.get_db_prep_value(user_id, connection)],
        )
        user = next(iter(found), None)
        return user if user is not None and self.user_can_authenticate(user) else None
