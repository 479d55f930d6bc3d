"""Django's model backend, with the signed-in user of every request read by one plain statement
(the ORM's lookup cost more than the query; see roundtable/accounts/sessions.py)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from roundtable.accounts.models import User
from roundtable.lib.rows import row_instance, row_prep


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = row_instance(
            User, "SELECT * FROM accounts_user WHERE id = %s", [row_prep(User, "id", user_id)]
        )
        return user if user is not None and self.user_can_authenticate(user) else None
