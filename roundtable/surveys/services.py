"""Writes about surveys: install instruments, open a survey on a sample, record a response.

A response is accepted once per invitation: the invitation's `responded` flag flips with a
conditional UPDATE in the same transaction that inserts the answers, so two concurrent submissions
cannot both succeed.
"""

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle
from roundtable.delivery.models import Implementation
from roundtable.lib.privacy import refuse_id_card_number
from roundtable.notices.services import letter_send
from roundtable.people.models import Person, Residency
from roundtable.surveys.instruments import INSTRUMENTS
from roundtable.surveys.models import Instrument, Invitation, Response, Survey


def instrument_get(code: str, version: int | None = None) -> Instrument:
    """The stored instrument version (installed from INSTRUMENTS on first use)."""
    versions = [v for (c, v) in INSTRUMENTS if c == code]
    if not versions:
        raise ValidationError({"instrument": _("没有这种问卷：%(c)s") % {"c": code}})
    version = version or max(versions)
    spec = INSTRUMENTS.get((code, version))
    if spec is None:
        raise ValidationError({"instrument": _("问卷没有第 %(v)s 版。") % {"v": version}})
    found, _created = Instrument.objects.get_or_create(
        code=code,
        version=version,
        defaults={"kind": spec["kind"], "title": spec["title"], "items": spec["items"]},
    )
    return found


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _residents_under(place: Jurisdiction) -> Any:
    """Residents whose community contains `place` or lies inside it."""
    communities = [
        j for j in Jurisdiction.objects.filter(level="community") if j.contains(place) or place.contains(j)
    ]
    return Person.objects.filter(residencies__community__in=communities).distinct()


def sample_people(
    *,
    sampling: str,
    jurisdiction: Jurisdiction,
    implementation: Implementation | None,
    size: int,
    attendee_ids: list[Any],
) -> list[Person]:
    if sampling == Survey.Sampling.ALL_BENEFICIARIES:
        if implementation is None:
            raise ValidationError({"sampling": _("“全部受益居民”需要指定项目。")})
        return list(_residents_under(implementation.proposal.location))
    if sampling == Survey.Sampling.ALL_RESIDENTS:
        return list(_residents_under(jurisdiction))
    if sampling == Survey.Sampling.RANDOM_HOUSEHOLDS:
        if size < 1:
            raise ValidationError({"sample_size": _("请填写抽取的住户数。")})
        by_household: dict[Any, Person] = {}
        residencies = Residency.objects.filter(person__in=_residents_under(jurisdiction)).select_related(
            "person"
        )
        for r in residencies.order_by("created_at"):
            by_household.setdefault(r.household_id or r.person_id, r.person)
        people = list(by_household.values())
        return secrets.SystemRandom().sample(people, min(size, len(people)))
    if sampling == Survey.Sampling.ATTENDEES:
        people = list(_residents_under(jurisdiction).filter(pk__in=attendee_ids))
        if not people:
            raise ValidationError({"attendee_ids": _("请提供参会人员名单（会议模块接入后自动获取）。")})
        return people
    raise ValidationError({"sampling": _("不认识的抽样方式。")})


@transaction.atomic
def survey_open(
    *,
    actor: Any,
    instrument_code: str,
    title: str,
    jurisdiction: Jurisdiction,
    sampling: str,
    cycle: Cycle | None = None,
    implementation: Implementation | None = None,
    wave: str = "",
    sample_size: int = 0,
    attendee_ids: list[Any] | None = None,
) -> tuple[Survey, dict[Any, str]]:
    """Open a survey and invite the sample. Returns the survey and each person's one-time token
    (to be sent in a letter or printed on the paper form); only the tokens' hashes are stored."""
    instrument = instrument_get(instrument_code)
    if implementation is not None and cycle is None:
        cycle = implementation.proposal.cycle
    people = sample_people(
        sampling=sampling,
        jurisdiction=jurisdiction,
        implementation=implementation,
        size=sample_size,
        attendee_ids=attendee_ids or [],
    )
    if not people:
        raise ValidationError({"sampling": _("抽样结果为空：这个范围内还没有登记的居民。")})
    survey = Survey.objects.create(
        instrument=instrument,
        title=title.strip() or instrument.title,
        jurisdiction=jurisdiction,
        cycle=cycle,
        implementation=implementation,
        wave=wave,
        sampling=sampling,
        created_by=actor,
    )
    tokens = {}
    for person in people:
        token = secrets.token_urlsafe(16)
        Invitation.objects.create(survey=survey, person=person, token_hash=token_hash(token))
        tokens[person.pk] = token
        letter_send(
            actor=actor,
            person=person,
            subject=_("请您评一评"),
            body=_("“%(t)s”邀请您填写，不记名，每人一次：%(u)s")
            % {"t": survey.title, "u": reverse("surveys:token", args=[token])},
        )
    audit_record(
        actor=actor, action="survey.open", target=survey, data={"invited": len(people), "sampling": sampling}
    )
    return survey, tokens


def answers_clean(instrument: Instrument, raw: dict[str, Any]) -> dict[str, Any]:
    """Every required item answered, each within its range; unknown items refused."""
    errors: dict[str, str] = {}
    known = {item["key"] for item in instrument.items}
    for key in raw:
        if key not in known:
            errors[key] = _("问卷里没有这一题。")
    clean: dict[str, Any] = {}
    for item in instrument.items:
        key, value = item["key"], raw.get(item["key"])
        if value in (None, ""):
            if not item.get("optional"):
                errors[key] = _("请回答这一题。")
            continue
        kind = item["kind"]
        if kind in ("scale", "count"):
            low = 1 if kind == "scale" else 0
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = None
            if number is None or isinstance(value, bool) or not low <= number <= item["max"]:
                errors[key] = _("答案应在 %(lo)s 到 %(hi)s 之间。") % {"lo": low, "hi": item["max"]}
            else:
                clean[key] = number
        elif kind == "bool":
            if value not in (True, False, "yes", "no"):
                errors[key] = _("请回答“是”或“否”。")
            else:
                clean[key] = value in (True, "yes")
        elif kind == "choice":
            if value not in item["options"]:
                errors[key] = _("请从给出的选项中选择。")
            else:
                clean[key] = value
        else:
            text = str(value).strip()[: item.get("max", 500)]
            try:
                refuse_id_card_number(text)
            except ValidationError as e:
                errors[key] = e.messages[0]
            clean[key] = text
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def survey_respond(
    *,
    actor: Any,
    survey: Survey,
    invitation: Invitation,
    answers: dict[str, Any],
    channel: str = Response.Channel.ONLINE,
) -> Response:
    if survey.status != Survey.Status.OPEN:
        raise ValidationError({"survey": _("这份问卷已经结束。")})
    if invitation.survey_id != survey.pk:
        raise ValidationError({"survey": _("这份问卷不是发给您的。")})
    if survey.cycle_id:
        from roundtable.delivery.services import refuse_if_archived

        refuse_if_archived(survey.cycle_id)
    clean = answers_clean(survey.instrument, answers)
    flipped = Invitation.objects.filter(pk=invitation.pk, responded=False).update(responded=True)
    if flipped != 1:
        raise ValidationError({"survey": _("您已经填过这份问卷了，每人只能填一次。谢谢参与！")})
    response = Response.objects.create(
        survey=survey, answers=clean, channel=channel, submitted_on=timezone.localdate()
    )
    # The audit says a response arrived on this survey, not whose answers these are.
    audit_record(actor=actor, action="survey.respond", target=survey, data={"channel": channel})
    return response


def invitation_for_person(survey: Survey, person: Person | None) -> Invitation:
    found = survey.invitations.filter(person=person).first() if person else None
    if found is None:
        raise ValidationError({"survey": _("这份问卷是抽样调查，您不在这次的抽样名单中。谢谢关心！")})
    return found


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("survey__instrument").filter(token_hash=token_hash(token)).first()
    )


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey) -> Survey:
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    audit_record(actor=actor, action="survey.close", target=survey)
    return survey
