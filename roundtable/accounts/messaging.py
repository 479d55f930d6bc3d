"""Outbound messages to residents (sign-in codes, replies, notices) through one pluggable backend.

settings.MESSAGE_BACKEND names the class. The demo backend writes to the console and the staff
outbox page; a deployment plugs in its SMS gateway with the same `send` signature.
"""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from roundtable.lib.privacy import phone_hash, phone_mask

log = logging.getLogger("roundtable.messages")


class MessageBackend(Protocol):
    def send(self, *, phone: str, body: str) -> None: ...


class OutboxBackend:
    def send(self, *, phone: str, body: str) -> None:
        from roundtable.accounts.models import OutboxMessage

        OutboxMessage.objects.create(to_masked=phone_mask(phone), to_hash=phone_hash(phone), body=body)
        log.info("[demo SMS to %s] %s", phone_mask(phone), body)


def message_send(*, phone: str, body: str) -> None:
    backend: MessageBackend = import_string(settings.MESSAGE_BACKEND)()
    backend.send(phone=phone, body=body)
