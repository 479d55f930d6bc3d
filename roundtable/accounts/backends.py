"""Django's model backend, with the signed-in user of a request taken from its session's statement
(roundtable/accounts/sessions.py), or else read by one plain statement."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from roundtable.accounts.models import User
from roundtable.accounts.sessions import joined_user
from roundtable.lib.rows import row_instance, row_prep


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = joined_user(user_id) or row_instance(
            User, "SELECT * FROM accounts_user WHERE id = %s", [row_prep(User, "id", user_id)]
        )
        return user if user is not None and self.user_can_authenticate(user) else None
