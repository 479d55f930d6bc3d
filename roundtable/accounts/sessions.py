"""Database sessions read with one plain statement.

Every signed-in request loads its session first; the ORM spends longer building that lookup than
the database spends answering it (this mattered for casting ballots at load, see
docs/api-voting.md). Everything else (writes, expiry, key checks) is Django's own database backend.
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from roundtable.lib.rows import row_instance, row_prep


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        if not self._validate_session_key(self.session_key):
            self._session_key = None
            return None
        session = row_instance(
            Session,
            "SELECT session_key, session_data, expire_date FROM django_session"
            " WHERE session_key = %s AND expire_date > %s",
            [self.session_key, row_prep(Session, "expire_date", timezone.now())],
        )
        if session is None:
            self._session_key = None
        return session
