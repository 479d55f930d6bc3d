"""API authentication: the browser session (with CSRF) for pages, bearer tokens for staff tools."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from roundtable.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token=token)
        if user is not None:
            request.user = user
        return user


session_auth = SessionAuth()
token_auth = TokenAuth()
ANY_AUTH = [token_auth, session_auth]
