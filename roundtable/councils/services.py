"""Writes about bodies: create a council, fill and end seats, record absences (a seat lapses at
the rulebook's limit, and staff are told), observers, and staff alerts."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.messaging import message_send
from roundtable.audit.services import audit_record
from roundtable.communities.models import Jurisdiction, Organization
from roundtable.councils.models import Council, Observer, Seat, SeatAbsence, StaffAlert
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.people.models import Person, Role, RoleAssignment
from roundtable.people.roles import PERMISSIONS
from roundtable.rulebooks.models import Rulebook

ABSENCE_WINDOW_DAYS = 365  # DOMAIN.md C1: "3 unexcused absences a year"; the count is the rulebook's


def _adopted(rulebook: Rulebook | None) -> Rulebook:
    if rulebook is None or rulebook.status != Rulebook.Status.ADOPTED:
        raise ValidationError({"rulebook": _("只能选用已通过的议事规则版本；请先通过这一版本。")})
    return rulebook


@transaction.atomic
def council_create(
    *,
    actor: Any,
    type: str,
    name: str,
    jurisdiction: Jurisdiction,
    rulebook: Rulebook,
    seat_count: int,
    meeting_frequency: str = "",
) -> Council:
    refuse_id_card_number(name)
    _adopted(rulebook)
    if not name.strip():
        raise ValidationError({"name": _("请填写议事机构的名称。")})
    if seat_count < 1:
        raise ValidationError({"seat_count": _("席位数至少为1。")})
    council = Council.objects.create(
        type=type,
        name=name.strip(),
        jurisdiction=jurisdiction,
        rulebook=rulebook,
        seat_count=seat_count,
        meeting_frequency=meeting_frequency.strip(),
    )
    audit_record(
        actor=actor, action="council.create", target=council, data={"type": type, "seats": seat_count}
    )
    return council


@transaction.atomic
def council_set_rulebook(*, actor: Any, council: Council, rulebook: Rulebook) -> Council:
    """Meetings already called keep the version they pinned; new meetings take this one."""
    _adopted(rulebook)
    locked = Council.objects.select_for_update().get(pk=council.pk)
    before = str(locked.rulebook_id or "")
    locked.rulebook = rulebook
    locked.save(update_fields=["rulebook"])
    audit_record(
        actor=actor,
        action="council.rulebook",
        target=locked,
        data={"from": before, "to": str(rulebook.pk), "version": rulebook.version},
    )
    return locked


def _active_seats(council: Council) -> Any:
    return Seat.objects.filter(council=council, status=Seat.Status.ACTIVE)


@transaction.atomic
def seat_fill(
    *,
    actor: Any,
    council: Council,
    person: Person,
    constituency: str,
    constituency_kind: str = Seat.ConstituencyKind.BUILDING,
    reserved_category: str = "",
    term_start: date,
    term_end: date | None = None,
) -> Seat:
    """A member takes a seat: a council-member role for the term, scoped to the body's place."""
    refuse_id_card_number(constituency)
    locked = Council.objects.select_for_update().get(pk=council.pk)
    rulebook = _adopted(locked.rulebook)
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": _("任期结束日期不能早于开始日期。")})
    if _active_seats(locked).count() >= locked.seat_count:
        raise ValidationError(
            {
                "person": _("%(name)s 的 %(n)s 个席位已满，请先让某个席位卸任。")
                % {"name": locked.name, "n": locked.seat_count}
            }
        )
    if _active_seats(locked).filter(holder__person=person).exists():
        raise ValidationError({"person": _("%(p)s 已经在本机构任职。") % {"p": person.display_name}})
    allowed = {"women", *rulebook.param("reserved_seats")}
    if reserved_category and reserved_category not in allowed:
        raise ValidationError({"reserved_category": _("本机构的议事规则没有设这一类保留席位。")})
    role = RoleAssignment.objects.create(
        person=person,
        role=Role.COUNCIL_MEMBER,
        scope=locked.jurisdiction,
        term_start=term_start,
        term_end=term_end,
    )
    seat = Seat.objects.create(
        council=locked,
        constituency=constituency.strip(),
        constituency_kind=constituency_kind,
        reserved_category=reserved_category,
        holder=role,
        term_start=term_start,
        term_end=term_end,
    )
    audit_record(
        actor=actor,
        action="seat.fill",
        target=locked,
        data={"seat": str(seat.pk), "person": str(person.pk), "constituency": seat.constituency},
    )
    return seat


def _end(seat: Seat, status: str, reason: str) -> None:
    seat.status, seat.ended_at, seat.end_reason = status, timezone.now(), reason
    seat.save(update_fields=["status", "ended_at", "end_reason"])
    if seat.holder_id:
        RoleAssignment.objects.filter(pk=seat.holder_id).update(
            status=RoleAssignment.Status.ENDED, term_end=max(timezone.localdate(), seat.term_start)
        )


@transaction.atomic
def seat_end(*, actor: Any, seat: Seat, reason: str) -> Seat:
    refuse_id_card_number(reason)
    locked = Seat.objects.select_for_update().get(pk=seat.pk)
    if locked.status != Seat.Status.ACTIVE:
        raise ValidationError({"reason": _("这个席位已经终止。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请写明卸任原因（如辞职、迁出）。")})
    _end(locked, Seat.Status.ENDED, reason.strip())
    audit_record(actor=actor, action="seat.end", target=locked.council, data={"seat": str(locked.pk)})
    return locked


def _unexcused_in_window(seat: Seat, on: date) -> int:
    since = on - timedelta(days=ABSENCE_WINDOW_DAYS)
    return seat.absences.filter(excused=False, on__gt=since, on__lte=on).count()


def seat_absence_record(
    *, actor: Any, seat: Seat, occasion: str, on: date, excused: bool, reason: str = ""
) -> SeatAbsence:
    """Record an absence; call inside the caller's transaction (closing a meeting). At the
    rulebook's `absence_limit` unexcused absences within a year the seat lapses and staff are told."""
    refuse_id_card_number(reason)
    absence, _created = SeatAbsence.objects.update_or_create(
        seat=seat,
        occasion=occasion,
        defaults={"on": on, "excused": excused, "reason": reason.strip(), "recorded_by": _user(actor)},
    )
    locked = (
        Seat.objects.select_for_update(of=("self",))
        .select_related("council", "holder__person")
        .get(pk=seat.pk)
    )
    locked.absences_unexcused = _unexcused_in_window(locked, on)
    locked.save(update_fields=["absences_unexcused"])
    audit_record(
        actor=actor,
        action="seat.absence",
        target=locked.council,
        data={"seat": str(locked.pk), "occasion": occasion, "excused": excused},
    )
    limit = locked.council.rulebook.param("absence_limit") if locked.council.rulebook else None
    if limit and locked.status == Seat.Status.ACTIVE and locked.absences_unexcused >= limit:
        _lapse(actor, locked, limit)
    return absence


def _lapse(actor: Any, seat: Seat, limit: int) -> None:
    name = seat.person.display_name if seat.person else ""
    _end(seat, Seat.Status.LAPSED, _("一年内无故缺席 %(n)s 次") % {"n": seat.absences_unexcused})
    audit_record(
        actor=actor,
        action="seat.lapse",
        target=seat.council,
        data={"seat": str(seat.pk), "absences": seat.absences_unexcused, "limit": limit},
    )
    staff_alert_raise(
        jurisdiction=seat.council.jurisdiction,
        kind=StaffAlert.Kind.SEAT_LAPSED,
        source=f"councils.seat:{seat.pk}",
        link=f"/meetings/councils/{seat.council_id}/",
        text=_(
            "%(council)s：%(name)s（%(c)s）一年内无故缺席 %(n)s 次，已达议事规则上限 %(limit)s 次，席位终止，请安排补选。"
        )
        % {
            "council": seat.council.name,
            "name": name,
            "c": seat.constituency,
            "n": seat.absences_unexcused,
            "limit": limit,
        },
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def staff_alert_raise(
    *, jurisdiction: Jurisdiction, kind: str, source: str, text: str, link: str = ""
) -> StaffAlert:
    """Call inside the caller's transaction. One open alert per kind and source; staff of the
    place who manage councils are also sent a message when they have a phone."""
    alert = StaffAlert.objects.filter(kind=kind, source=source, resolved_at__isnull=True).first()
    if alert is not None:
        return alert
    alert = StaffAlert.objects.create(
        jurisdiction=jurisdiction, kind=kind, source=source, text=text, link=link
    )
    for person in _staff_to_tell(jurisdiction):
        if person.phone_enc and person.phone:
            message_send(phone=person.phone, body=_("【圆桌】%(t)s") % {"t": text})
    return alert


def _staff_to_tell(jurisdiction: Jurisdiction) -> list[Person]:
    today = timezone.localdate()
    roles = RoleAssignment.objects.filter(
        role__in=PERMISSIONS["council_manage"], status=RoleAssignment.Status.ACTIVE, term_start__lte=today
    ).select_related("scope", "person")
    return [ra.person for ra in roles if ra.scope.contains(jurisdiction)]


@transaction.atomic
def staff_alert_resolve(*, actor: Any, alert: StaffAlert) -> StaffAlert:
    locked = StaffAlert.objects.select_for_update().get(pk=alert.pk)
    if locked.resolved_at is None:
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["resolved_at"])
        audit_record(actor=actor, action="alert.resolve", target=locked, data={"kind": locked.kind})
    return locked


@transaction.atomic
def observer_add(
    *, actor: Any, council: Council, person: Person, role: str, organization: Organization | None = None
) -> Observer:
    if Observer.objects.filter(council=council, person=person, active=True).exists():
        raise ValidationError({"person": _("%(p)s 已经是本机构的列席人员。") % {"p": person.display_name}})
    if _active_seats(council).filter(holder__person=person).exists():
        raise ValidationError(
            {"person": _("%(p)s 是本机构成员，不能同时列席。") % {"p": person.display_name}}
        )
    observer = Observer.objects.create(council=council, person=person, role=role, organization=organization)
    audit_record(
        actor=actor, action="observer.add", target=council, data={"person": str(person.pk), "role": role}
    )
    return observer


@transaction.atomic
def observer_remove(*, actor: Any, observer: Observer) -> Observer:
    locked = Observer.objects.select_for_update().get(pk=observer.pk)
    locked.active = False
    locked.save(update_fields=["active"])
    audit_record(
        actor=actor, action="observer.remove", target=locked.council, data={"observer": str(locked.pk)}
    )
    return locked


@transaction.atomic
def observer_register(
    *, actor: Any, council: Council, display_name: str, role: str, organization: Organization | None = None
) -> Observer:
    """An official or expert who is not on the resident roll: a person record with a name only."""
    refuse_id_card_number(display_name)
    if not display_name.strip():
        raise ValidationError({"display_name": _("请填写列席人员的称呼。")})
    person = Person.objects.create(display_name=display_name.strip(), created_by=_user(actor))
    return observer_add(actor=actor, council=council, person=person, role=role, organization=organization)
