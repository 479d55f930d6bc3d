"""Writes about implementation, supervision and acceptance (P9–P11). Each function is one transaction
with an audit entry; refusals raise ValidationError naming the field and what to do."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.delivery.models import (
    Acceptance,
    ChangeRequest,
    Expenditure,
    Implementation,
    Inspection,
    Milestone,
    Photo,
    ProblemReport,
)
from roundtable.ideas.photos import photo_clean
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.notices.models import PublicNotice
from roundtable.notices.services import notice_publish
from roundtable.people.models import Person
from roundtable.proposals.models import Proposal


def allowed_budget(implementation: Implementation) -> int:
    """The allocation plus every approved change of budget."""
    approved = implementation.change_requests.filter(status=ChangeRequest.Status.APPROVED)
    return implementation.budget + int(approved.aggregate(s=Sum("delta_budget"))["s"] or 0)


def spent_total(implementation: Implementation) -> int:
    return int(implementation.expenditures.aggregate(s=Sum("amount"))["s"] or 0)


def _locked(implementation: Implementation) -> Implementation:
    return Implementation.objects.select_for_update().get(pk=implementation.pk)


def refuse_if_archived(cycle_id: Any) -> None:
    """An archived cycle is frozen (indicators.CycleRecord); looked up by name to keep apps layered."""
    from django.apps import apps

    record = apps.get_model("indicators", "CycleRecord")
    if record.objects.filter(cycle_id=cycle_id, archived_at__isnull=False).exists():
        raise ValidationError({"cycle": _("这个预算周期已经归档，记录不能再修改。")})


@transaction.atomic
def implementation_create(
    *,
    actor: Any,
    proposal: Proposal,
    implementer: str,
    procurement_method: str,
    procurement_note: str = "",
    contract_ref: str = "",
    budget: int | None = None,
    start_planned: date | None = None,
    finish_planned: date | None = None,
) -> Implementation:
    refuse_if_archived(proposal.cycle_id)
    if proposal.status != Proposal.Status.SELECTED:
        raise ValidationError(
            {
                "proposal": _("只有入选的项目才能建立实施计划（当前状态：%(s)s）。")
                % {"s": proposal.get_status_display()}
            }
        )
    if Implementation.objects.filter(proposal=proposal).exists():
        raise ValidationError({"proposal": _("这个项目已经有实施计划。")})
    if not implementer.strip():
        raise ValidationError({"implementer": _("请填写实施单位。")})
    refuse_id_card_number(procurement_note)
    impl = Implementation.objects.create(
        proposal=proposal,
        implementer=implementer.strip(),
        procurement_method=procurement_method,
        procurement_note=procurement_note,
        contract_ref=contract_ref,
        budget=proposal.cost_estimate if budget is None else budget,
        start_planned=start_planned,
        finish_planned=finish_planned,
    )
    audit_record(actor=actor, action="implementation.create", target=impl, data={"budget": impl.budget})
    return impl


@transaction.atomic
def milestone_add(*, actor: Any, implementation: Implementation, name: str, due_on: date) -> Milestone:
    refuse_if_archived(implementation.proposal.cycle_id)
    if not name.strip():
        raise ValidationError({"name": _("请填写节点名称。")})
    m = Milestone.objects.create(implementation=implementation, name=name.strip(), due_on=due_on)
    audit_record(actor=actor, action="milestone.add", target=implementation, data={"name": m.name})
    return m


@transaction.atomic
def milestone_complete(*, actor: Any, milestone: Milestone, done_on: date | None = None) -> Milestone:
    milestone.done_on = done_on or timezone.localdate()
    milestone.save(update_fields=["done_on"])
    impl = milestone.implementation
    if impl.status == Implementation.Status.PLANNING:
        impl.status = Implementation.Status.IN_PROGRESS
        impl.save(update_fields=["status"])
    audit_record(actor=actor, action="milestone.complete", target=impl, data={"name": milestone.name})
    return milestone


@transaction.atomic
def expenditure_record(
    *, actor: Any, implementation: Implementation, amount: int, spent_on: date, payee: str, voucher_ref: str
) -> Expenditure:
    """Refused beyond the allocation unless an approved change request raised it."""
    refuse_if_archived(implementation.proposal.cycle_id)
    impl = _locked(implementation)
    if amount <= 0:
        raise ValidationError({"amount": _("金额应大于0。")})
    if not voucher_ref.strip():
        raise ValidationError({"voucher_ref": _("请填写凭证号，账目公开时要用到。")})
    limit = allowed_budget(impl)
    spent = spent_total(impl)
    if spent + amount > limit:
        raise ValidationError(
            {
                "amount": _(
                    "超出下达金额：已支出 %(spent)s 元，可用额度 %(limit)s 元，本笔 %(amount)s 元。"
                    "请先提出预算变更申请并获批准。"
                )
                % {"spent": spent, "limit": limit, "amount": amount}
            }
        )
    exp = Expenditure.objects.create(
        implementation=impl,
        amount=amount,
        spent_on=spent_on,
        payee=payee.strip(),
        voucher_ref=voucher_ref.strip(),
        recorded_by=actor,
    )
    if impl.status == Implementation.Status.PLANNING:
        impl.status = Implementation.Status.IN_PROGRESS
        impl.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="expenditure.record",
        target=impl,
        data={"amount": amount, "voucher": exp.voucher_ref},
    )
    return exp


def change_needs_council(implementation: Implementation, delta_budget: int, scope_major: bool) -> bool:
    """Above the rulebook's threshold (percent of the allocation) or a major scope change."""
    pct = implementation.proposal.cycle.param("change_request_redeliberate_pct")
    return scope_major or abs(delta_budget) * 100 > pct * implementation.budget


@transaction.atomic
def change_request_submit(
    *,
    actor: Any,
    implementation: Implementation,
    reason: str,
    delta_budget: int = 0,
    scope_change: str = "",
    scope_major: bool = False,
) -> ChangeRequest:
    refuse_if_archived(implementation.proposal.cycle_id)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明为什么要变更。")})
    if delta_budget == 0 and not scope_change.strip():
        raise ValidationError({"delta_budget": _("请填写预算变化或内容变化。")})
    refer = change_needs_council(implementation, delta_budget, scope_major)
    cr = ChangeRequest.objects.create(
        implementation=implementation,
        delta_budget=delta_budget,
        scope_change=scope_change.strip(),
        scope_major=scope_major,
        reason=reason.strip(),
        status=ChangeRequest.Status.REFERRED if refer else ChangeRequest.Status.PENDING,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="change_request.submit",
        target=implementation,
        data={"delta_budget": delta_budget, "referred_to_council": refer},
    )
    if refer:
        _put_before_council(actor, cr)
    return cr


# The bodies that deliberate a cycle's projects, in the order they are asked (DOMAIN.md B3)
DELIBERATING_BODIES = ("consultative_council", "residents_rep_meeting", "round_table")


def _put_before_council(actor: Any, cr: ChangeRequest) -> None:
    """Put the change on the next agenda of the body that deliberates the cycle's area; its decision
    comes back through ``change_request_decide``. Without such a body it waits, referred, for staff."""
    from roundtable.councils.models import Council
    from roundtable.meetings.models import AgendaItem
    from roundtable.meetings.services import agenda_item_propose

    proposal = cr.implementation.proposal
    councils = Council.objects.filter(jurisdiction=proposal.cycle.jurisdiction, type__in=DELIBERATING_BODIES)
    council = min(councils, key=lambda c: DELIBERATING_BODIES.index(c.type), default=None)
    if council is not None:
        title = _("项目变更：%(p)s（%(r)s）") % {"p": proposal.title, "r": cr.reason}
        agenda_item_propose(council, title, cr, actor, topic_type=AgendaItem.TopicType.DELIVERY)


def _decide(
    cr: ChangeRequest, *, actor: Any, approve: bool, reason: str, reference: str = ""
) -> ChangeRequest:
    cr.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.REJECTED
    cr.decision_reason = reason.strip()
    cr.council_reference = reference.strip()
    cr.decided_by = actor
    cr.decided_at = timezone.now()
    cr.save(update_fields=["status", "decision_reason", "council_reference", "decided_by", "decided_at"])
    return cr


@transaction.atomic
def change_request_approve(
    *, actor: Any, change_request: ChangeRequest, approve: bool, reason: str
) -> ChangeRequest:
    """Staff decide a change below the threshold, with a logged reason."""
    cr = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if cr.status == ChangeRequest.Status.REFERRED:
        raise ValidationError({"status": _("这项变更超过规则规定的幅度，须由议事会决定，社区不能直接审批。")})
    if cr.status != ChangeRequest.Status.PENDING:
        raise ValidationError({"status": _("这项变更已经处理过了。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写审批理由，会记入日志。")})
    _decide(cr, actor=actor, approve=approve, reason=reason)
    audit_record(
        actor=actor,
        action="change_request.approve",
        target=cr.implementation,
        data={"approved": approve, "reason": reason},
    )
    return cr


@transaction.atomic
def change_request_decide(
    *, change_request: ChangeRequest, decision: str, reference: str, actor: Any
) -> ChangeRequest:
    """Record the council's decision on a referred change (to be wired to meetings' agenda items)."""
    cr = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if cr.status != ChangeRequest.Status.REFERRED:
        raise ValidationError({"status": _("只有已提交议事会的变更才能登记议事会决定。")})
    if decision not in ("approved", "rejected"):
        raise ValidationError({"decision": _("决定应为“批准”或“不批准”。")})
    if not reference.strip():
        raise ValidationError({"reference": _("请填写议事会决议的编号或链接。")})
    _decide(cr, actor=actor, approve=decision == "approved", reason="", reference=reference)
    audit_record(
        actor=actor,
        action="change_request.council_decide",
        target=cr.implementation,
        data={"decision": decision, "reference": reference},
    )
    return cr


def _photos(
    implementation: Implementation, uploads: list[Any], inspection: Inspection | None, caption: str
) -> None:
    for upload in uploads:
        clean = photo_clean(upload)
        Photo.objects.create(
            implementation=implementation,
            inspection=inspection,
            caption=caption,
            content_type=clean.content_type,
            data=clean.data,
        )


@transaction.atomic
def progress_photo_add(*, actor: Any, implementation: Implementation, photo: Any, caption: str = "") -> None:
    refuse_if_archived(implementation.proposal.cycle_id)
    _photos(implementation, [photo], None, caption)
    audit_record(actor=actor, action="implementation.photo", target=implementation)


@transaction.atomic
def inspection_record(
    *,
    actor: Any,
    implementation: Implementation,
    inspector: Person,
    inspected_on: date,
    findings: str,
    photos: list[Any],
) -> Inspection:
    refuse_if_archived(implementation.proposal.cycle_id)
    if not findings.strip():
        raise ValidationError({"findings": _("请写下检查看到的情况和意见。")})
    refuse_id_card_number(findings)
    insp = Inspection.objects.create(
        implementation=implementation,
        inspector=inspector,
        inspected_on=inspected_on,
        findings=findings.strip(),
    )
    _photos(implementation, photos, insp, _("监督检查"))
    audit_record(actor=actor, action="inspection.record", target=implementation, data={"photos": len(photos)})
    return insp


@transaction.atomic
def problem_report(*, actor: Any, implementation: Implementation, person: Person, text: str) -> ProblemReport:
    if not text.strip():
        raise ValidationError({"text": _("请说说发现了什么问题。")})
    refuse_id_card_number(text)
    report = ProblemReport.objects.create(implementation=implementation, reporter=person, text=text.strip())
    audit_record(actor=actor, action="problem.report", target=implementation)
    return report


@transaction.atomic
def problem_answer(*, actor: Any, report: ProblemReport, response: str) -> ProblemReport:
    """Staff answer a resident's problem report; the answer goes to the resident as a letter."""
    from roundtable.notices.services import letter_send

    if not response.strip():
        raise ValidationError({"response": _("请填写答复，会发给反映问题的居民。")})
    refuse_id_card_number(response)
    report.response, report.status = response.strip(), ProblemReport.Status.ANSWERED
    report.save(update_fields=["response", "status"])
    letter_send(
        actor=actor,
        person=report.reporter,
        subject=_("问题答复"),
        body=_("您对“%(t)s”反映的问题已答复：%(r)s")
        % {"t": report.implementation.proposal.title, "r": report.response},
    )
    audit_record(actor=actor, action="problem.answer", target=report.implementation)
    return report


@transaction.atomic
def progress_notice_publish(*, actor: Any, implementation: Implementation, body: str) -> PublicNotice:
    p = implementation.proposal
    notice = notice_publish(
        actor=actor,
        type=PublicNotice.Type.PROGRESS,
        jurisdiction=p.cycle.jurisdiction,
        title=_("项目进度公开：%(t)s") % {"t": p.title},
        body=body,
        period_days=p.cycle.param("publicity_days_result"),
        source=f"delivery.implementation:{implementation.pk}",
    )
    return notice


@transaction.atomic
def panel_set(*, actor: Any, implementation: Implementation, members: list[Person]) -> None:
    if len(members) < 3:
        raise ValidationError({"members": _("验收小组至少3人（居民代表、监督员、技术人员）。")})
    implementation.panel.set(members)
    audit_record(
        actor=actor, action="acceptance.panel_set", target=implementation, data={"size": len(members)}
    )


@transaction.atomic
def implementation_complete(
    *, actor: Any, implementation: Implementation, finish_actual: date
) -> Implementation:
    impl = _locked(implementation)
    impl.finish_actual = finish_actual
    impl.status = Implementation.Status.COMPLETED
    impl.save(update_fields=["finish_actual", "status"])
    audit_record(actor=actor, action="implementation.complete", target=impl)
    return impl


@transaction.atomic
def acceptance_record(
    *,
    actor: Any,
    implementation: Implementation,
    person: Person | None,
    result: str,
    notes: str,
    accepted_on: date,
) -> Acceptance:
    """Only a member of this project's acceptance panel may record the panel's verdict."""
    impl = _locked(implementation)
    if person is None or not impl.panel.filter(pk=person.pk).exists():
        raise ValidationError({"result": _("只有本项目验收小组的成员可以登记验收结论。")})
    if impl.status not in (Implementation.Status.COMPLETED, Implementation.Status.FAILED):
        raise ValidationError({"result": _("项目还没有登记完工，不能验收。")})
    if result not in Acceptance.Result.values:
        raise ValidationError({"result": _("验收结论应为通过、整改后通过或不通过。")})
    if not notes.strip():
        raise ValidationError({"notes": _("请写下验收意见。")})
    acc = Acceptance.objects.create(
        implementation=impl, result=result, notes=notes.strip(), recorded_by=person, accepted_on=accepted_on
    )
    impl.status = Implementation.Status.FAILED if result == "fail" else Implementation.Status.ACCEPTED
    impl.save(update_fields=["status"])
    audit_record(actor=actor, action="acceptance.record", target=impl, data={"result": result})
    return acc


def accounts_rows(implementation: Implementation) -> list[list[str]]:
    return [
        [e.spent_on.isoformat(), e.payee, str(e.amount), e.voucher_ref]
        for e in implementation.expenditures.all()
    ]


@transaction.atomic
def accounts_publish(*, actor: Any, implementation: Implementation) -> PublicNotice:
    """Final accounts (实施结果公开): allocated, spent, by whom; printable from the notice's PDF link."""
    impl = _locked(implementation)
    if impl.status != Implementation.Status.ACCEPTED:
        raise ValidationError({"status": _("项目验收通过后才能公开决算。")})
    p = impl.proposal
    acc = impl.acceptances.last()
    body = _(
        "项目：%(t)s\n实施单位：%(i)s\n采购方式：%(m)s\n下达金额：%(b)s 元\n核准金额：%(a)s 元\n"
        "实际支出：%(s)s 元\n验收结论：%(r)s（%(d)s）"
    ) % {
        "t": p.title,
        "i": impl.implementer,
        "m": impl.get_procurement_method_display(),
        "b": impl.budget,
        "a": allowed_budget(impl),
        "s": spent_total(impl),
        "r": acc.get_result_display() if acc else "",
        "d": acc.accepted_on.isoformat() if acc else "",
    }
    return notice_publish(
        actor=actor,
        type=PublicNotice.Type.ACCOUNTS,
        jurisdiction=p.cycle.jurisdiction,
        title=_("项目决算公开：%(t)s") % {"t": p.title},
        body=body,
        period_days=p.cycle.param("publicity_days_result"),
        columns=[_("日期"), _("收款单位"), _("金额（元）"), _("凭证号")],
        rows=accounts_rows(impl),
        source=f"delivery.accounts:{impl.pk}",
    )
