"""Reads about notices."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from roundtable.front.selectors import OpenItem
from roundtable.notices.models import Letter, PublicNotice
from roundtable.people.models import Person


def notice_list_public() -> QuerySet[PublicNotice]:
    return PublicNotice.objects.filter(status=PublicNotice.Status.POSTED).select_related("jurisdiction")


def notice_list_for_person(*, person: Person) -> list[PublicNotice]:
    communities = [r.community for r in person.residencies.select_related("community")]
    return [
        n
        for n in notice_list_public()[:50]
        if any(n.jurisdiction.contains(c) or c.contains(n.jurisdiction) for c in communities)
    ]


def notice_get_public(*, notice: PublicNotice) -> dict[str, Any]:
    answered = notice.objections.filter(status="answered").select_related("submitter")
    return {
        "notice": notice,
        "answered": answered,
        "open_count": notice.objections.filter(status="open").count(),
    }


def open_items_for_resident(user: Any, person: Person) -> list[OpenItem]:
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    items = []
    for notice in notice_list_for_person(person=person):
        if notice.accepts_objections() and notice.objection_deadline:
            items.append(
                OpenItem(
                    title=_("公示中：%(t)s") % {"t": notice.title},
                    url=reverse("notices:detail", kwargs={"notice_id": notice.pk}),
                    closes=date_format(timezone.localtime(notice.objection_deadline), "Y-m-d H:i"),
                )
            )
    return items


def letter_list_for_person(*, person: Person) -> QuerySet[Letter]:
    return Letter.objects.filter(person=person)[:20]
