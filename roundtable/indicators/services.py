"""P12: feedback letters to every proposer (落实有回音) and the archive that freezes a cycle."""

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.cycles.models import Cycle
from roundtable.delivery.models import Implementation
from roundtable.delivery.services import spent_total
from roundtable.indicators.compute import cycle_indicators
from roundtable.indicators.models import CycleRecord
from roundtable.indicators.opendata import workbook
from roundtable.notices.services import letter_send
from roundtable.proposals.models import Proposal


def cycle_is_archived(cycle_id: Any) -> bool:
    return CycleRecord.objects.filter(cycle_id=cycle_id, archived_at__isnull=False).exists()


def _outcome(p: Proposal) -> str:
    impl = Implementation.objects.filter(proposal=p).first()
    if p.status == Proposal.Status.SELECTED and impl is not None:
        return _("您提出的“%(t)s”已入选并实施，目前状态：%(s)s，支出 %(m)s 元（下达 %(b)s 元）。谢谢您！") % {
            "t": p.title,
            "s": impl.get_status_display(),
            "m": spent_total(impl),
            "b": impl.budget,
        }
    if p.status == Proposal.Status.SELECTED:
        return _("您提出的“%(t)s”已入选，正在准备实施。") % {"t": p.title}
    reason = p.status_reason or _("本次未入选")
    return _("您提出的“%(t)s”结果：%(s)s。说明：%(r)s。欢迎下次继续提出！") % {
        "t": p.title,
        "s": p.get_status_display(),
        "r": reason,
    }


@transaction.atomic
def feedback_letters_send(*, actor: Any, cycle: Cycle) -> int:
    """One letter per proposer per proposal with its outcome; sent once per cycle."""
    record, _created = CycleRecord.objects.select_for_update().get_or_create(cycle=cycle)
    if record.feedback_sent_at is not None:
        raise ValidationError({"cycle": _("本周期的反馈信已经发过了。")})
    sent = 0
    for p in (
        Proposal.objects.filter(cycle=cycle)
        .exclude(status=Proposal.Status.DRAFT)
        .prefetch_related("proposers")
    ):
        for person in p.proposers.all():
            letter_send(actor=actor, person=person, subject=_("落实有回音"), body=_outcome(p))
            sent += 1
    record.feedback_sent_at, record.feedback_letters = timezone.now(), sent
    record.save(update_fields=["feedback_sent_at", "feedback_letters"])
    audit_record(actor=actor, action="cycle.feedback_letters", target=cycle, data={"letters": sent})
    return sent


@transaction.atomic
def cycle_archive(*, actor: Any, cycle: Cycle) -> CycleRecord:
    """Freeze: store the indicators snapshot and the workbook's hash; later writes are refused."""
    record, _created = CycleRecord.objects.select_for_update().get_or_create(cycle=cycle)
    if record.archived_at is not None:
        raise ValidationError({"cycle": _("本周期已经归档。")})
    open_items = Implementation.objects.filter(proposal__cycle=cycle).exclude(
        status__in=[Implementation.Status.ACCEPTED, Implementation.Status.FAILED]
    )
    if open_items.exists():
        raise ValidationError(
            {"cycle": _("还有 %(n)s 个项目没有验收，验收后才能归档。") % {"n": open_items.count()}}
        )
    snapshot = cycle_indicators(cycle)
    record.snapshot = snapshot
    record.open_data_sha256 = hashlib.sha256(repr(snapshot).encode()).hexdigest()
    record.archived_at, record.archived_by = timezone.now(), actor
    record.save()
    audit_record(actor=actor, action="cycle.archive", target=cycle, data={"sha256": record.open_data_sha256})
    return record


def archive_workbook(record: CycleRecord) -> bytes:
    return workbook(record.cycle, record.snapshot)
