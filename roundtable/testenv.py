"""Loaded by pytest before Django starts (addopts: -p roundtable.testenv): safe defaults for tests.

./dev test sets a random SECRET_KEY itself; these only apply when pytest is run directly.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_COOKIES", "false")
# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are ours.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
