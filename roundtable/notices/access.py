"""Notices are public once posted; objections are reached by staff within the notice's scope."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from roundtable.notices.models import Objection, PublicNotice
from roundtable.people.access import _as_uuid, scopes_with


def access_public_notice_by_id(notice_id: Any) -> PublicNotice:
    notice = (
        PublicNotice.objects.filter(pk=_as_uuid(notice_id), status=PublicNotice.Status.POSTED)
        .select_related("jurisdiction")
        .first()
    )
    if notice is None:
        raise Http404
    return notice


def notices_in_scope(user: Any, permission: str = "notice_publish") -> QuerySet[PublicNotice]:
    q = Q(pk__in=[])
    for scope in scopes_with(user, permission):
        q |= Q(jurisdiction__path__startswith=scope.path)
        # A street-wide notice concerns the community staff below it too.
        q |= Q(jurisdiction__path__in=[scope.path[: i + 1] for i, ch in enumerate(scope.path) if ch == "/"])
    return PublicNotice.objects.filter(q)


def access_staff_notice_by_id(user: Any, notice_id: Any) -> PublicNotice:
    notice = notices_in_scope(user).filter(pk=_as_uuid(notice_id)).first()
    if notice is None:
        raise Http404
    return notice


def access_objection_by_id(user: Any, objection_id: Any) -> Objection:
    found = Objection.objects.filter(pk=_as_uuid(objection_id), notice__in=notices_in_scope(user)).first()
    if found is None:
        raise Http404
    return found
