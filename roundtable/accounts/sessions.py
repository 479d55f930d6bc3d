"""Database sessions that read the session and its signed-in user in one statement.

Every signed-in request loads its session and then its user; through the ORM each lookup cost more
Python time than the database spent answering it (this mattered for casting ballots at load, see
docs/api-voting.md). The session row names its user (``UserSession.user``, written with the
session), so the load joins the user row, and the authentication backend takes it from there
(``joined_user``) instead of asking again. Everything else (writes, expiry, key checks) is Django's
own database backend.
"""

from contextvars import ContextVar
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.utils import timezone

from roundtable.accounts.models import User, UserSession
from roundtable.lib.rows import row_instances, row_prep

# The user read with the session by this thread's (or task's) current request
_joined: ContextVar[User | None] = ContextVar("joined_user", default=None)


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = None if user_id is None else User._meta.pk.to_python(user_id)
        return session

    def _get_session_from_db(self) -> Any:
        _joined.set(None)
        if not self._validate_session_key(self.session_key):
            self._session_key = None
            return None
        found = row_instances(
            (UserSession, User),
            "SELECT s.*, u.* FROM accounts_usersession s LEFT JOIN accounts_user u ON u.id = s.user_id"
            " WHERE s.session_key = %s AND s.expire_date > %s",
            [self.session_key, row_prep(UserSession, "expire_date", timezone.now())],
        )
        if found is None:
            self._session_key = None
            return None
        session, user = found
        _joined.set(user)
        return session


def joined_user(user_id: Any) -> User | None:
    """The user read with this request's session, if it is ``user_id`` (taken: asked once)."""
    user = _joined.get()
    _joined.set(None)
    return user if user is not None and str(user.pk) == str(user_id) else None
