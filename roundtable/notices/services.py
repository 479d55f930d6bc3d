"""Writes about notices: publish, object, answer, and letters to residents."""

import re
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roundtable.accounts.messaging import message_send
from roundtable.audit.models import AuditEntry
from roundtable.audit.services import audit_record
from roundtable.communities.models import Jurisdiction
from roundtable.lib.privacy import contains_id_card_number, refuse_id_card_number
from roundtable.notices.models import Letter, Objection, PublicNotice
from roundtable.people.models import Person

PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _refuse_personal(field: str, *texts: str) -> None:
    """A public notice never carries an ID number or a phone number (DOMAIN.md E1)."""
    for text in texts:
        if contains_id_card_number(text):
            raise ValidationError({field: _("公示中不能出现身份证号，请删去后再发布。")})
        if PHONE_RE.search(text or ""):
            raise ValidationError({field: _("公示中不能出现手机号，请删去后再发布。")})


@transaction.atomic
def notice_publish(
    *,
    actor: Any,
    type: str,
    jurisdiction: Jurisdiction,
    title: str,
    body: str,
    period_days: int,
    accepts_objections: bool = False,
    columns: list[str] | None = None,
    rows: list[list[str]] | None = None,
    source: str = "",
    approved_by: str = "",
) -> PublicNotice:
    """Publish a de-identified notice for `period_days` (from the caller's rulebook)."""
    _refuse_personal("body", title, body, approved_by)
    _refuse_personal("rows", *[str(cell) for row in rows or [] for cell in row])
    if period_days < 1:
        raise ValidationError({"period_days": _("公示天数至少为1天。")})
    now = timezone.now()
    notice = PublicNotice.objects.create(
        type=type,
        jurisdiction=jurisdiction,
        title=title.strip(),
        body=body.strip(),
        columns=columns or [],
        rows=rows or [],
        source=source,
        posted_at=now,
        period_days=period_days,
        objection_deadline=now + timedelta(days=period_days) if accepts_objections else None,
        approved_by=approved_by,
        posted_by=actor,
    )
    audit_record(
        actor=actor, action="notice.publish", target=notice, data={"type": type, "period_days": period_days}
    )
    return notice


def person_may_object(person: Person, notice: PublicNotice) -> bool:
    return any(
        notice.jurisdiction.contains(r.community) or r.community.contains(notice.jurisdiction)
        for r in person.residencies.select_related("community")
    )


@transaction.atomic
def objection_submit(
    *, actor: Any, notice: PublicNotice, person: Person, text: str, assisted: bool = False
) -> Objection:
    refuse_id_card_number(text)
    if not text.strip():
        raise ValidationError({"text": _("请写明对哪一项有异议、为什么。")})
    if not notice.accepts_objections():
        deadline = notice.objection_deadline
        when = date_format(timezone.localtime(deadline), "Y-m-d H:i") if deadline else ""
        raise ValidationError(
            {
                "text": _("异议期已于 %(t)s 结束，不能再提交。如有意见，请直接联系社区居委会。") % {"t": when}
                if deadline
                else _("这份公示不接受异议。")
            }
        )
    if not person_may_object(person, notice):
        raise ValidationError({"text": _("只有本公示范围内的居民可以提出异议。")})
    objection = Objection.objects.create(notice=notice, submitter=person, text=text.strip())
    audit_record(
        actor=actor,
        action="objection.submit",
        target=notice,
        on_behalf_of=person if assisted else None,
        channel=AuditEntry.Channel.ASSISTED if assisted else AuditEntry.Channel.WEB,
        data={"objection": str(objection.pk)},
    )
    return objection


@transaction.atomic
def objection_answer(*, actor: Any, objection: Objection, response: str) -> Objection:
    """Staff answer an objection; the answer is published on the notice page and sent to the objector."""
    _refuse_personal("response", response)
    if not response.strip():
        raise ValidationError({"response": _("请填写答复；答复会在公示页公开。")})
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    locked.response = response.strip()
    locked.status = Objection.Status.ANSWERED
    locked.responded_by = actor
    locked.responded_at = timezone.now()
    locked.save(update_fields=["response", "status", "responded_by", "responded_at"])
    letter_send(
        actor=actor,
        person=locked.submitter,
        subject=_("异议答复"),
        body=_("您对“%(t)s”提出的异议已答复：%(r)s") % {"t": locked.notice.title, "r": locked.response},
    )
    audit_record(
        actor=actor, action="objection.answer", target=locked.notice, data={"objection": str(locked.pk)}
    )
    return locked


def letter_send(*, actor: Any, person: Person, subject: str, body: str) -> Letter:
    """Call inside the caller's transaction."""
    letter = Letter.objects.create(person=person, subject=subject, body=body, sent_by=actor)
    if person.phone_enc and person.phone:
        message_send(phone=person.phone, body=_("【圆桌】%(s)s：%(b)s") % {"s": subject, "b": body})
    return letter
