"""Writes about proposals. Status changes go through proposal_transition, the one state machine."""

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from roundtable.audit.models import AuditEntry
from roundtable.audit.services import audit_record
from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Pool
from roundtable.ideas.models import Idea, IdeaReply
from roundtable.ideas.photos import MAX_PHOTOS, photo_clean, photo_thumbnail
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.people.models import Person
from roundtable.proposals.models import ConflictOfInterest, CoSignature, Proposal, ProposalPhoto, Review

S = Proposal.Status
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.DRAFT, S.ELIGIBLE, S.SCREENED_OUT, S.WITHDRAWN},
    S.ELIGIBLE: {S.ON_BALLOT, S.SCREENED_OUT, S.WITHDRAWN},
    S.SCREENED_OUT: set(),
    S.ON_BALLOT: {S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN},
    S.SELECTED: set(),
    S.NOT_SELECTED: set(),
    S.WITHDRAWN: set(),
}
EDITABLE = {S.DRAFT, S.SUBMITTED}


def _refuse_ids(**fields: str) -> None:
    errors = {}
    for name, value in fields.items():
        try:
            refuse_id_card_number(value)
        except ValidationError as e:
            errors[name] = e.messages
    if errors:
        raise ValidationError(errors)


def _cost_errors(pool: Pool, cost: int, field: str = "cost_estimate") -> dict[str, str]:
    if cost > pool.cap:
        return {
            field: _(
                "预算 %(c)s 元超过了“%(p)s”单个项目上限 %(cap)s 元。请缩小规模、分期实施，或改投更高层级的资金池。"
            )
            % {"c": cost, "p": pool, "cap": pool.cap}
        }
    if cost < pool.minimum:
        return {
            field: _("预算 %(c)s 元低于“%(p)s”单个项目下限 %(m)s 元，这类小事可申请自治金或由社区直接办理。")
            % {"c": cost, "p": pool, "m": pool.minimum}
        }
    return {}


def _in_cycle(person: Person, cycle: Cycle) -> bool:
    return any(
        cycle.jurisdiction.contains(r.community) for r in person.residencies.select_related("community")
    )


@transaction.atomic
def proposal_create(
    *,
    actor: Any,
    idea: Idea,
    pool: Pool,
    title: str,
    problem: str,
    solution: str,
    type: str,
    location: Jurisdiction,
    beneficiaries: int,
    cost_estimate: int,
    cost_basis: str,
    touches_common_parts: bool = False,
    proposers: list[Person] | None = None,
) -> Proposal:
    """A proposal from an idea that triage sent into the PB pipeline."""
    _refuse_ids(title=title, problem=problem, solution=solution, cost_basis=cost_basis)
    idea = Idea.objects.select_for_update().select_related("cycle").get(pk=idea.pk)
    errors: dict[str, str] = {}
    if idea.status != Idea.Status.IN_PB:
        errors["__all__"] = _(
            "点子 %(no)s 当前状态是“%(s)s”，只有分流为“进入参与式预算”的点子才能形成项目方案。"
        ) % {
            "no": idea.ack_number,
            "s": idea.get_status_display(),
        }
    if pool.cycle_id != idea.cycle_id:
        errors["pool"] = _("请选择本周期的资金池。")
    elif not pool.jurisdiction.contains(location) and not location.contains(pool.jurisdiction):
        errors["location"] = _("项目地点不在资金池“%(p)s”的范围内。") % {"p": pool}
    errors.update(_cost_errors(pool, cost_estimate))
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(
        cycle=idea.cycle,
        pool=pool,
        title=title.strip(),
        problem=problem.strip(),
        solution=solution.strip(),
        type=type,
        location=location,
        beneficiaries=beneficiaries,
        cost_estimate=cost_estimate,
        cost_basis=cost_basis.strip(),
        touches_common_parts=touches_common_parts,
        created_by=actor,
    )
    proposal.origin_ideas.add(idea, *idea.merged_ideas.all())
    chosen = proposers or ([idea.submitter] if idea.submitter else [])
    proposal.proposers.set(chosen)
    audit_record(
        actor=actor,
        action="proposal.create",
        target=proposal,
        where=proposal.location,
        data={"idea": idea.ack_number, "cost_estimate": cost_estimate, "pool": str(pool.pk)},
    )
    return proposal


@transaction.atomic
def proposal_cosign(*, actor: Any, proposal: Proposal, person: Person, assisted: bool = False) -> CoSignature:
    """附议: a resident of the cycle's area supports a proposal (once)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(_("项目当前状态是“%(s)s”，已不能附议。") % {"s": locked.get_status_display()})
    if locked.proposers.filter(pk=person.pk).exists():
        raise ValidationError(_("提案人不能为自己的项目附议。"))
    if not _in_cycle(person, locked.cycle):
        raise ValidationError(_("只有本周期范围内的居民可以附议。"))
    if CoSignature.objects.filter(proposal=locked, person=person).exists():
        raise ValidationError(_("您已经附议过这个项目了。"))
    signature = CoSignature.objects.create(proposal=locked, person=person, recorded_by=actor)
    audit_record(
        actor=actor,
        action="proposal.cosign",
        target=locked,
        where=locked.location,
        on_behalf_of=person if assisted else None,
        channel=AuditEntry.Channel.ASSISTED if assisted else AuditEntry.Channel.WEB,
    )
    return signature


@transaction.atomic
def proposal_review_add(
    *,
    actor: Any,
    proposal: Proposal,
    reviewer_role: str,
    reviewer_name: str,
    opinion: str,
    recommendation: str,
    cost_opinion: int | None = None,
) -> Review:
    _refuse_ids(reviewer_name=reviewer_name, opinion=opinion)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (S.SUBMITTED, S.ELIGIBLE):
        raise ValidationError(
            _("项目当前状态是“%(s)s”，提交后才能评审。") % {"s": proposal.get_status_display()}
        )
    review = Review.objects.create(
        proposal=proposal,
        reviewer_role=reviewer_role,
        reviewer_name=reviewer_name.strip(),
        opinion=opinion.strip(),
        cost_opinion=cost_opinion,
        recommendation=recommendation,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="proposal.review",
        target=proposal,
        where=proposal.location,
        data={"role": reviewer_role, "recommendation": recommendation, "cost_opinion": cost_opinion},
    )
    return review


@transaction.atomic
def proposal_feasibility_set(*, actor: Any, proposal: Proposal, feasibility: str, note: str = "") -> Proposal:
    _refuse_ids(note=note)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.feasibility, locked.feasibility_note = feasibility, note.strip()
    locked.save(update_fields=["feasibility", "feasibility_note", "updated_at"])
    audit_record(
        actor=actor,
        action="proposal.feasibility",
        target=locked,
        where=locked.location,
        data={"feasibility": feasibility},
    )
    return locked


@transaction.atomic
def proposal_coi_declare(
    *, actor: Any, proposal: Proposal, person: Person, nature: str, recusal: bool = True
) -> ConflictOfInterest:
    _refuse_ids(nature=nature)
    coi = ConflictOfInterest.objects.create(
        proposal=proposal, person=person, nature=nature.strip(), recusal=recusal, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="proposal.coi",
        target=proposal,
        where=proposal.location,
        data={"recusal": recusal},
    )
    return coi


def _guard(proposal: Proposal, to: str, reason: str) -> dict[str, str]:
    """The conditions a transition needs beyond being allowed from the current state."""
    if to == S.SUBMITTED:
        needed = int(proposal.cycle.param("co_signers_min"))
        have = proposal.co_signatures.count()
        if have < needed:
            return {
                "status": _(
                    "按议事规则至少需要 %(n)s 位居民附议，现在只有 %(h)s 位。请再邀请 %(m)s 位邻居附议后提交。"
                )
                % {"n": needed, "h": have, "m": needed - have}
            }
    if to == S.ELIGIBLE:
        if not proposal.reviews.exists():
            return {"status": _("审核通过前至少需要一份专家或部门评审意见。")}
        if proposal.feasibility not in (Proposal.Feasibility.FEASIBLE, Proposal.Feasibility.CONDITIONAL):
            return {
                "status": _("可行性为“%(f)s”，请先完成可行性论证。")
                % {"f": proposal.get_feasibility_display()}
            }
        latest = proposal.reviews.exclude(cost_opinion=None).order_by("-created_at").first()
        cost = latest.cost_opinion if latest else proposal.cost_estimate
        errors = _cost_errors(proposal.pool, int(cost or 0), field="status")
        if errors:
            return errors
    if to in (S.SCREENED_OUT, S.WITHDRAWN) and not reason.strip():
        return {"reason": _("请写明理由，这段话会写进给提案人的反馈。")}
    return {}


@transaction.atomic
def proposal_transition(*, actor: Any, proposal: Proposal, to: str, reason: str = "") -> Proposal:
    """The proposal state machine. An illegal move is refused with the current state named."""
    _refuse_ids(reason=reason)
    locked = (
        Proposal.objects.select_for_update().select_related("cycle__rulebook", "pool").get(pk=proposal.pk)
    )
    if to not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            {
                "status": _("项目当前状态是“%(cur)s”，不能改为“%(to)s”。")
                % {"cur": locked.get_status_display(), "to": S(to).label if to in S.values else to}
            }
        )
    errors = _guard(locked, to, reason)
    if errors:
        raise ValidationError(errors)
    before = locked.status
    locked.status = to
    locked.status_reason = reason.strip()
    locked.version += 1
    locked.save(update_fields=["status", "status_reason", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="proposal.transition",
        target=locked,
        where=locked.location,
        data={"from": before, "to": to, "reason": reason},
    )
    return locked


def proposal_feedback_letters(*, actor: Any, cycle: Cycle) -> int:
    """反馈: every proposer whose proposal did not reach the list gets the reason (in the same
    transaction as the caller). Returns how many letters were sent."""
    from roundtable.notices.services import letter_send

    sent = 0
    for proposal in cycle.proposals.filter(status__in=[S.SCREENED_OUT, S.WITHDRAWN]).prefetch_related(
        "proposers", "origin_ideas"
    ):
        body = _("您提出的项目“%(t)s”没有列入本次候选项目。理由：%(r)s 感谢您的参与，欢迎继续提出点子。") % {
            "t": proposal.title,
            "r": proposal.status_reason or proposal.get_status_display(),
        }
        for person in proposal.proposers.all():
            letter_send(actor=actor, person=person, subject=_("项目未列入候选的说明"), body=body)
            sent += 1
        for idea in proposal.origin_ideas.all():
            IdeaReply.objects.create(idea=idea, body=body, author=actor)
    return sent


@transaction.atomic
def candidate_notice_publish(*, actor: Any, cycle: Cycle, approved_by: str = "") -> Any:
    """P5: the eligible proposals go on the list (on_ballot) and a public notice is posted for the
    rulebook's number of days, with proposers' names masked; proposers who did not make it get a letter."""
    from roundtable.lib.privacy import name_mask
    from roundtable.notices.models import PublicNotice
    from roundtable.notices.services import notice_publish

    eligible = list(cycle.proposals.filter(status=S.ELIGIBLE).select_related("location", "pool"))
    if not eligible:
        raise ValidationError(_("还没有审核通过的项目，不能发布候选项目公示。"))
    rows = []
    for number, proposal in enumerate(eligible, start=1):
        proposal_transition(actor=actor, proposal=proposal, to=S.ON_BALLOT)
        names = "、".join(name_mask(p.display_name) for p in proposal.proposers.all())
        rows.append(
            [
                str(number),
                proposal.title,
                str(proposal.get_type_display()),
                proposal.location.name,
                f"{proposal.cost_estimate:,}",
                names,
                _("是") if proposal.touches_common_parts else _("否"),
            ]
        )
    days = int(cycle.param("publicity_days_candidates"))
    notice = notice_publish(
        actor=actor,
        type=PublicNotice.Type.CANDIDATES,
        jurisdiction=cycle.jurisdiction,
        title=_("%(c)s候选项目公示") % {"c": cycle.name},
        body=_(
            "经居民提出、三事分流、方案细化和专家及部门论证，下列项目列为%(c)s候选项目，现予公示%(d)s天。"
            "本社区居民对公示内容有异议的，可在公示期内通过圆桌平台或向居委会书面提出。"
        )
        % {"c": cycle.name, "d": days},
        columns=[
            _("序号"),
            _("项目名称"),
            _("类型"),
            _("地点"),
            _("预算（元）"),
            _("提案人"),
            _("涉及共有部分"),
        ],
        rows=rows,
        period_days=days,
        accepts_objections=True,
        source=f"proposals.cycle:{cycle.pk}",
        approved_by=approved_by,
    )
    if cycle.param("feedback_to_rejected_proposer"):
        proposal_feedback_letters(actor=actor, cycle=cycle)
    return notice


# -- public photos (shown on the ballot) -------------------------------------------------------------

THUMB_EDGE_PX = 320  # the phone ballot's thumbnail: small enough for slow mobile data


def _on_a_ballot(proposal: Proposal) -> bool:
    """Frozen as a candidate of a vote that has opened (candidates exist only from opening on)."""
    return apps.get_model("voting", "Candidate").objects.filter(proposal=proposal).exists()


@transaction.atomic
def proposal_photo_add(*, actor: Any, proposal: Proposal, upload: Any) -> ProposalPhoto:
    """A public photo for the proposal; same checks and cleaning (no EXIF/GPS) as idea photos."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"photo": _("每个项目最多 %(n)s 张照片，请先删除一张再上传。") % {"n": MAX_PHOTOS}}
        )
    try:
        clean = photo_clean(upload)
    except ValidationError as e:
        raise ValidationError({"photo": e.messages}) from None
    photo = ProposalPhoto.objects.create(
        proposal=locked,
        content_type=clean.content_type,
        data=clean.data,
        size=len(clean.data),
        thumb=photo_thumbnail(clean.data, THUMB_EDGE_PX),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor, action="proposal.photo_add", target=locked, data={"photo": photo.pk, "size": photo.size}
    )
    return photo


@transaction.atomic
def proposal_photo_remove(*, actor: Any, photo: ProposalPhoto) -> None:
    """Refused once the proposal is on an opened ballot: what voters saw must stay as it was."""
    locked = Proposal.objects.select_for_update().get(pk=photo.proposal_id)
    if _on_a_ballot(locked):
        raise ValidationError(
            {"photo": _("“%(t)s”已经列入已开始的投票，选票上的照片不能再删除。") % {"t": locked.title}}
        )
    audit_record(actor=actor, action="proposal.photo_remove", target=locked, data={"photo": photo.pk})
    photo.delete()
