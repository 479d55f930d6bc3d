"""Writes about ideas: submission (by the resident or by staff, 代录), triage (三事分流), replies."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.messaging import message_send
from roundtable.audit.models import AuditEntry
from roundtable.audit.services import audit_record
from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, NegativeListItem, Phase
from roundtable.cycles.services import phase_require_open
from roundtable.ideas.models import Idea, IdeaPhoto, IdeaReply, TriageDecision
from roundtable.ideas.photos import MAX_PHOTOS, photo_clean
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.people.models import Person

K, R = TriageDecision.Klass, TriageDecision.Route
# Which routes fit which class (merge and reject fit any).
ROUTES_FOR_CLASS = {
    K.PRIVATE: {R.SELF_HELP, R.MEDIATION},
    K.MINOR: {R.COMMUNITY, R.SELF_GOV_FUND},
    K.MAJOR: {R.REFER},
    K.PB_ELIGIBLE: {R.PB},
}
STATUS_FOR_ROUTE = {
    R.REFER: Idea.Status.REFERRED,
    R.PB: Idea.Status.IN_PB,
    R.MERGE: Idea.Status.MERGED,
    R.REJECT: Idea.Status.REJECTED,
}


def _refuse_ids(**fields: str) -> None:
    errors = {}
    for name, value in fields.items():
        try:
            refuse_id_card_number(value)
        except ValidationError as e:
            errors[name] = e.messages
    if errors:
        raise ValidationError(errors)


def _resident_community(person: Person, location: Jurisdiction) -> Jurisdiction:
    community = location.ancestor_of_level(Jurisdiction.Level.COMMUNITY)
    if community is None or not person.residencies.filter(community=community).exists():
        raise ValidationError({"location": _("请选择您所在社区内的小区或楼栋。")})
    return community


@transaction.atomic
def idea_submit(
    *,
    actor: Any,
    person: Person,
    cycle: Cycle,
    location: Jurisdiction,
    problem: str,
    category: str,
    place_note: str = "",
    photos: list[Any] | None = None,
    channel: str = Idea.Channel.ONLINE,
    assisted: bool = False,
) -> Idea:
    """A resident's idea, or one staff enter for them (代录: channel recorded, both named in the audit)."""
    _refuse_ids(problem=problem, place_note=place_note)
    if not problem.strip():
        raise ValidationError({"problem": _("请写一写遇到了什么问题。")})
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    phase_require_open(cycle=cycle, kind=Phase.Kind.INTAKE, field="__all__")
    community = _resident_community(person, location)
    if not cycle.jurisdiction.contains(community):
        raise ValidationError({"location": _("这个地点不在周期“%(c)s”的范围内。") % {"c": cycle.name}})
    min_age = int(cycle.param("min_age_propose"))
    age = person.age_in(timezone.localdate().year)
    if age is not None and age < min_age:
        raise ValidationError(_("按本周期的议事规则，年满 %(n)s 周岁才能提交点子。") % {"n": min_age})
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS}})
    cleaned = [photo_clean(p) for p in photos]

    locked = cycle
    number = Idea.objects.filter(cycle=locked).count() + 1
    idea = Idea.objects.create(
        ack_number=f"{locked.pk.hex[:4].upper()}-{number:04d}",
        cycle=locked,
        community=community,
        location=location,
        place_note=place_note.strip(),
        problem=problem.strip(),
        category=category,
        channel=channel,
        submitter=person,
        entered_by=actor if assisted else None,
    )
    for photo in cleaned:
        IdeaPhoto.objects.create(
            idea=idea, content_type=photo.content_type, data=photo.data, size=len(photo.data)
        )
    hours = int(locked.param("demand_ack_hours"))
    IdeaReply.objects.create(
        idea=idea,
        body=_("已收到您的点子，受理编号 %(no)s。社区会在 %(h)s 小时内开始处理，并把结果告诉您。")
        % {"no": idea.ack_number, "h": hours},
    )
    audit_record(
        actor=actor,
        action="idea.submit",
        target=idea,
        on_behalf_of=person if assisted else None,
        channel=AuditEntry.Channel.ASSISTED if assisted else AuditEntry.Channel.WEB,
        data={"ack_number": idea.ack_number, "intake_channel": channel, "photos": len(cleaned)},
    )
    return idea


def _notify(idea: Idea, body: str, author: Any) -> None:
    """In-app reply on the idea, and a message to everyone who follows it and has a phone."""
    IdeaReply.objects.create(idea=idea, body=body, author=author)
    people = {p.pk: p for p in [idea.submitter, *idea.followers.all()] if p is not None}
    for person in people.values():
        if person.phone_enc and person.phone:
            message_send(
                phone=person.phone,
                body=_("【圆桌】您的点子 %(no)s：%(b)s") % {"no": idea.ack_number, "b": body},
            )


@transaction.atomic
def idea_triage(
    *,
    actor: Any,
    idea: Idea,
    klass: str,
    route: str,
    reason: str,
    negative_item: NegativeListItem | None = None,
    department: str = "",
    ticket_no: str = "",
    due_at: date | None = None,
    merge_into: Idea | None = None,
) -> TriageDecision:
    """三事分流: one decision, a written reason that reaches the submitter, and the idea's new status."""
    _refuse_ids(reason=reason, department=department, ticket_no=ticket_no)
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if locked.status != Idea.Status.RECEIVED:
        raise ValidationError(
            _("这个点子已经分流过了（当前状态：%(s)s），不能再次分流。") % {"s": locked.get_status_display()}
        )
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("请写明给居民的答复和理由，这段话会发给提交人。")
    if route not in (R.MERGE, R.REJECT) and route not in ROUTES_FOR_CLASS.get(klass, set()):
        allowed = "、".join(str(R(r).label) for r in ROUTES_FOR_CLASS.get(klass, set()))
        errors["route"] = _("“%(k)s”应选择：%(a)s，或合并、不予支持。") % {"k": K(klass).label, "a": allowed}
    if route == R.REFER:
        if not department.strip():
            errors["department"] = _("转交部门时请填写承办部门。")
        if not ticket_no.strip():
            errors["ticket_no"] = _("转交部门时请填写工单号（如12345工单号），便于跟踪。")
    if route == R.REJECT and (negative_item is None or negative_item.cycle_id != locked.cycle_id):
        errors["negative_item"] = _("不予支持时请选择所依据的负面清单条目。")
    if route == R.MERGE:
        if merge_into is None or merge_into.pk == locked.pk or merge_into.cycle_id != locked.cycle_id:
            errors["merge_into"] = _("请选择本周期内另一个相同的点子。")
        elif merge_into.status == Idea.Status.MERGED:
            errors["merge_into"] = _("所选点子本身已被合并，请选择它合并进去的那个点子 %(no)s。") % {
                "no": merge_into.merged_into.ack_number if merge_into.merged_into else ""
            }
    if errors:
        raise ValidationError(errors)
    if route == R.REFER and due_at is None:
        due_at = timezone.localdate() + timedelta(days=int(locked.cycle.param("referral_due_days")))
    decision = TriageDecision.objects.create(
        idea=locked,
        klass=klass,
        route=route,
        reason=reason.strip(),
        negative_item=negative_item if route == R.REJECT else None,
        department=department.strip(),
        ticket_no=ticket_no.strip(),
        due_at=due_at if route == R.REFER else None,
        merged_into=merge_into if route == R.MERGE else None,
        decided_by=actor,
    )
    locked.status = STATUS_FOR_ROUTE.get(R(route), Idea.Status.HANDLED)
    body = _("分流结果：%(k)s，%(r)s。%(reason)s") % {
        "k": K(klass).label,
        "r": R(route).label,
        "reason": decision.reason,
    }
    if route == R.REFER:
        body += _("（承办：%(d)s，工单号 %(t)s，期限 %(due)s）") % {
            "d": department,
            "t": ticket_no,
            "due": due_at,
        }
    if route == R.REJECT and negative_item is not None:
        body += _("（依据负面清单：%(i)s）") % {"i": negative_item.description}
    if route == R.MERGE and merge_into is not None:
        locked.merged_into = merge_into
        # Everyone who followed the merged idea now follows the survivor.
        for person in [locked.submitter, *locked.followers.all()]:
            if person is not None and person.pk != merge_into.submitter_id:
                merge_into.followers.add(person)
        body += _("今后请关注点子 %(no)s 的进展。") % {"no": merge_into.ack_number}
    locked.save(update_fields=["status", "merged_into", "updated_at"])
    _notify(locked, body, actor)
    audit_record(
        actor=actor,
        action="idea.triage",
        target=locked,
        data={
            "class": klass,
            "route": route,
            "ticket_no": ticket_no,
            "merged_into": merge_into.ack_number if merge_into else "",
        },
    )
    return decision


@transaction.atomic
def idea_reply(*, actor: Any, idea: Idea, body: str) -> IdeaReply:
    _refuse_ids(body=body)
    if not body.strip():
        raise ValidationError({"body": _("请填写答复内容。")})
    _notify(idea, body.strip(), actor)
    audit_record(actor=actor, action="idea.reply", target=idea)
    return idea.replies.last()  # type: ignore[return-value]


@transaction.atomic
def idea_photo_add(*, actor: Any, idea: Idea, upload: Any) -> IdeaPhoto:
    """One more photo on an idea still awaiting triage; same checks and cleaning as at submission."""
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if locked.status != Idea.Status.RECEIVED:
        raise ValidationError(
            {"photo": _("这个点子已经分流，不能再添加照片。如需补充，请联系社区工作人员。")}
        )
    if locked.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"photo": _("最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS}})
    try:
        clean = photo_clean(upload)
    except ValidationError as e:
        raise ValidationError({"photo": e.messages}) from None
    photo = IdeaPhoto.objects.create(
        idea=locked, content_type=clean.content_type, data=clean.data, size=len(clean.data)
    )
    audit_record(
        actor=actor, action="idea.photo_add", target=locked, data={"photo": photo.pk, "size": photo.size}
    )
    return photo
