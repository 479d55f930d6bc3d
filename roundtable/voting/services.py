"""Writes about votes: open (freeze roll and candidates), cast, paper double entry, close and tally.

Ballot validity is pbcore's (``pbcore.constraints``), checked per pool: every pool is its own
election, tallied with the rule the rulebook names and published as its own Pabulib file.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pbcore.constraints import BallotRules, ballot_violations
from roundtable.audit.services import audit_record
from roundtable.cycles.models import Cycle
from roundtable.people.models import Residency
from roundtable.proposals.models import Proposal
from roundtable.proposals.selectors import photo_ids
from roundtable.voting import ballot_box, tally
from roundtable.voting.models import Ballot, Candidate, PaperEntry, Participation, RollEntry, VoteEvent

RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed by elders

Choices = list[Any]


def age_band(birth_year: int | None, year: int) -> str:
    """Generalised age for turnout and open data: never the birth year itself."""
    if not birth_year:
        return ""
    age = year - birth_year
    for upper, label in ((29, "15-29"), (44, "30-44"), (59, "45-59"), (74, "60-74")):
        if age <= upper:
            return label
    return "75+"


@transaction.atomic
def vote_create(*, actor: Any, cycle: Cycle, title: str, closes_at: Any) -> VoteEvent:
    if hasattr(cycle, "vote_event"):
        raise ValidationError({"cycle": _("这个预算周期已经有一次投票了。")})
    if closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("截止时间必须晚于现在。")})
    vote = VoteEvent.objects.create(cycle=cycle, title=title.strip(), closes_at=closes_at, created_by=actor)
    audit_record(actor=actor, action="vote.create", target=vote, where=cycle.jurisdiction)
    return vote


def _eligible_residencies(cycle: Cycle) -> Any:
    today = timezone.localdate()
    bases = list(cycle.param("eligible_residency_bases"))
    min_age = int(cycle.param("min_age_vote_mass"))
    return (
        Residency.objects.filter(
            community__path__startswith=cycle.jurisdiction.path,
            basis__in=bases,
            person__birth_year__lte=today.year - min_age,
        )
        .filter(Q(valid_until=None) | Q(valid_until__gte=today))
        .select_related("person")
        .order_by("person_id", "basis")
    )


def _freeze_roll(vote: VoteEvent) -> int:
    year = timezone.localdate().year
    entries: dict[Any, RollEntry] = {}
    for residency in _eligible_residencies(vote.cycle):
        if vote.vote_unit == "household":
            if residency.household_id is None or residency.household_id in entries:
                continue
            key, person, household = residency.household_id, None, residency.household_id
        else:
            if residency.person_id in entries:
                continue
            key, person, household = residency.person_id, residency.person_id, None
        entries[key] = RollEntry(
            vote_event=vote,
            person_id=person,
            household_id=household,
            basis=residency.basis,
            age_band=age_band(residency.person.birth_year, year),
        )
    RollEntry.objects.bulk_create(entries.values())
    return len(entries)


def _freeze_candidates(vote: VoteEvent) -> int:
    proposals = (
        vote.cycle.proposals.filter(status=Proposal.Status.ON_BALLOT)
        .order_by("created_at", "pk")
        .prefetch_related(photo_ids())
    )
    rows = [
        Candidate(
            vote_event=vote,
            proposal=p,
            pool_id=p.pool_id,
            number=number,
            title=p.title,
            summary=p.solution[:200],
            category=p.type,
            cost=p.cost_estimate,
            photo=next(iter(p.photos.all()), None),  # ordered: the first photo staff uploaded
        )
        for number, p in enumerate(proposals, start=1)
    ]
    Candidate.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def vote_open(*, actor: Any, vote: VoteEvent) -> VoteEvent:
    """Freeze the rulebook's ballot format, the candidate list and the voter roll (DOMAIN.md C1)."""
    vote = (
        VoteEvent.objects.select_for_update()
        .select_related("cycle__rulebook", "cycle__jurisdiction")
        .get(pk=vote.pk)
    )
    if vote.status != VoteEvent.Status.DRAFT:
        raise ValidationError({"status": _("投票已经开始或已经结束，不能再次开始。")})
    if vote.closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("截止时间已过，请先改一个将来的截止时间。")})
    cycle = vote.cycle
    vote.ballot_type = cycle.param("mass_vote_ballot_type")
    vote.max_choices = int(cycle.param("mass_vote_max_choices"))
    cumulative = vote.ballot_type == "cumulative"
    vote.points_total = int(cycle.param("mass_vote_points_total")) if cumulative else None
    vote.vote_unit = "household" if cycle.param("vote_unit") == "household" else "person"
    vote.rule = cycle.param("selection_algorithm")
    vote.eligibility = {
        "min_age_vote_mass": int(cycle.param("min_age_vote_mass")),
        "eligible_residency_bases": list(cycle.param("eligible_residency_bases")),
        "vote_unit": vote.vote_unit,
        "min_group_size_published": int(cycle.param("min_group_size_published")),
        "publicity_days_result": int(cycle.param("publicity_days_result")),
        "open_data_voter_fields": list(cycle.param("open_data_voter_fields")),
    }
    tally.resolve(vote.rule)  # refuse a rule pbcore does not know before anyone votes
    if _freeze_candidates(vote) == 0:
        raise ValidationError({"status": _("还没有列入候选的项目，请先发布候选项目公示。")})
    voters = _freeze_roll(vote)
    if voters == 0:
        raise ValidationError({"status": _("按议事规则没有符合条件的选民，请检查居住登记和年龄规则。")})
    vote.status = VoteEvent.Status.OPEN
    vote.opened_at = timezone.now()
    vote.save()
    audit_record(
        actor=actor, action="vote.open", target=vote, where=cycle.jurisdiction, data={"roll": voters}
    )
    return vote


def roll_entry_for(vote: VoteEvent, person_id: Any) -> RollEntry | None:
    """The roll line a resident votes on: their own, or (household votes) their household's."""
    return None if person_id is None else ballot_box.roll_entry(vote, person_id)


# -- ballot validity -------------------------------------------------------------------------------


def ballot_rules(vote: VoteEvent) -> dict[str, BallotRules]:
    """pbcore's ballot rules per pool (pool id → rules), from the frozen format."""
    limits = tally.ballot_limits(vote)
    projects_by_pool = tally.projects_by_pool(vote)
    return {
        pool: BallotRules(tally.vote_type(vote), projects, limits.get(pool, limits["*"]))
        for pool, projects in projects_by_pool.items()
    }


@dataclass(frozen=True)
class BallotSpec:
    """What a ballot is checked against: candidate number → pool, and pbcore's rules per pool."""

    pool_of: dict[str, str]
    rules: dict[str, BallotRules]


_SPECS: dict[Any, BallotSpec] = {}
_SPECS_KEPT = 64


def ballot_spec(vote: VoteEvent) -> BallotSpec:
    """The ballot spec, kept per process once the vote is open: candidates and pools were frozen at
    opening and never change, and casting is the hot path under load."""
    if vote.status == VoteEvent.Status.DRAFT:
        return _build_spec(vote)
    spec = _SPECS.get(vote.pk)
    if spec is None:
        if len(_SPECS) >= _SPECS_KEPT:
            _SPECS.clear()
        spec = _SPECS[vote.pk] = _build_spec(vote)
    return spec


def _build_spec(vote: VoteEvent) -> BallotSpec:
    pool_of = {str(c.number): str(c.pool_id) for c in vote.candidates.all()}
    return BallotSpec(pool_of, ballot_rules(vote))


VIOLATION_TEXT = {
    "unknown-project": gettext_noop("选票上有不在候选名单里的项目（%(projects)s）。"),
    "duplicate-project": gettext_noop("同一个项目只能选一次。"),
    "too-few-projects": gettext_noop("请至少选择 %(limit)s 个项目。"),
    "too-many-projects": gettext_noop("最多只能选 %(limit)s 个项目，现在选了 %(count)s 个。"),
    "cost-too-high": gettext_noop("所选项目合计 %(total)s 元，超过了预算 %(limit)s 元。"),
    "points-too-high": gettext_noop("每个项目最多 %(limit)s 票。"),
    "points-too-low": gettext_noop("每个选中的项目至少 %(limit)s 票。"),
    "points-sum-too-high": gettext_noop("票数合计不能超过 %(limit)s 票，现在是 %(total)s 票。"),
    "points-missing": gettext_noop("请给每个选中的项目分配票数。"),
}


def _violation_message(violation: Any) -> str:
    text = VIOLATION_TEXT.get(str(violation.code))
    if text is None:
        return violation.message
    params = {k: (", ".join(v) if isinstance(v, tuple) else str(v)) for k, v in violation.params.items()}
    params["limit"] = params.get("maximum", params.get("minimum", ""))
    params.setdefault("projects", "")
    for key in ("limit", "count", "total"):
        params.setdefault(key, "")
    return _(text) % params


def ballot_errors(vote: VoteEvent, choices: Choices) -> list[str]:
    """Every reason the ballot is invalid, in words a resident understands (empty = valid)."""
    ids, points = tally.ballot_ids(vote, choices)
    if ids is None:
        return [_("选票格式不对，请重新选择。")]
    if not ids:
        return [_("请至少选择一个项目。")]
    messages: list[str] = []
    spec = ballot_spec(vote)
    pool_of = spec.pool_of
    unknown = [i for i in ids if i not in pool_of]
    if unknown:
        return [_("选票上有不在候选名单里的项目（%(p)s）。") % {"p": ", ".join(unknown)}]
    for pool, pool_rules in spec.rules.items():
        part = [(i, p) for i, p in zip(ids, points or [None] * len(ids), strict=True) if pool_of[i] == pool]
        if not part:
            continue
        part_points = [p for _i, p in part] if points is not None else None
        for violation in ballot_violations(pool_rules, [i for i, _p in part], part_points):
            message = _violation_message(violation)
            if message not in messages:
                messages.append(message)
    if vote.ballot_type in ("approval", "ranked") and len(ids) > (vote.max_choices or 0):
        message = _(VIOLATION_TEXT["too-many-projects"]) % {"limit": vote.max_choices, "count": len(ids)}
        if message not in messages:
            messages.append(message)
    return messages


def _refuse_unless_open(vote: VoteEvent) -> None:
    if vote.status != VoteEvent.Status.OPEN or vote.closes_at <= timezone.now():
        raise _not_open()


def _not_open() -> ValidationError:
    return ValidationError({"vote": _("这次投票现在不接受投票（未开始或已截止）。")})


def _refuse_invalid(vote: VoteEvent, choices: Choices) -> None:
    errors = ballot_errors(vote, choices)
    if errors:
        raise ValidationError({"choices": errors})


# -- casting ---------------------------------------------------------------------------------------


def _digest(vote: VoteEvent, key: str) -> str:
    return hashlib.sha256(f"{vote.pk}:{key}".encode()).hexdigest()


def _receipt_from(raw: bytes) -> str:
    number = int.from_bytes(raw[:10], "big")
    letters = []
    for _i in range(10):
        number, index = divmod(number, len(RECEIPT_ALPHABET))
        letters.append(RECEIPT_ALPHABET[index])
    code = "".join(letters)
    return f"{code[:5]}-{code[5:]}"


def receipt_for(vote: VoteEvent, entry: RollEntry, key: str) -> str:
    """Deterministic per (voter, key), so a retry gets the same receipt; useless without the key."""
    message = f"{vote.pk}:{entry.pk}:{key}".encode()
    return _receipt_from(hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest())


def _already_voted(participation: Participation) -> ValidationError:
    how = participation.get_channel_display()
    return ValidationError(
        {"vote": _("您（或您家）已经投过票了（%(how)s），每人只能投一次。") % {"how": how}}
    )


def vote_cast(
    *,
    actor: Any,
    vote: VoteEvent,
    entry: RollEntry | None,
    choices: Choices,
    key: str,
    channel: str = Participation.Channel.ONLINE,
) -> str:
    """Record that ``entry`` voted and, unlinked, what was voted; returns the receipt code.

    The same ``key`` again (double tap, network retry) returns the same receipt and writes nothing.
    """
    if entry is None:
        raise ValidationError({"vote": _("您不在本次投票的选民名单上。如有疑问请联系社区工作人员。")})
    key = (key or "").strip()
    if not 8 <= len(key) <= 64:
        raise ValidationError({"key": _("缺少提交编号，请刷新页面后重新提交。")})
    digest = _digest(vote, key)
    receipt = receipt_for(vote, entry, key)
    earlier = ballot_box.voted_digest(entry)
    if earlier is not None:
        return _retry_or_refuse(entry, earlier, digest, receipt)
    _refuse_unless_open(vote)
    _refuse_invalid(vote, choices)
    assisted = channel == Participation.Channel.ASSISTED
    try:
        # store writes both rows or neither; 代录 adds its audit line in the same transaction
        with transaction.atomic() if assisted else nullcontext():
            stored = ballot_box.store(
                vote=vote,
                entry=entry,
                channel=channel,
                key_digest=digest,
                recorded_by_id=actor.pk if assisted else None,
                choices=tally.normalise(vote, choices),
                receipt=receipt,
            )
            if not stored:
                raise _not_open()
            if assisted:
                # 代录: who helped and where, never what was chosen.
                audit_record(actor=actor, action="vote.assisted", target=vote, data={"channel": channel})
    except IntegrityError:
        earlier = ballot_box.voted_digest(entry, fresh=True)  # the race's winner
        if earlier is None:
            raise
        return _retry_or_refuse(entry, earlier, digest, receipt)  # a concurrent submission won the race
    return receipt


def _retry_or_refuse(entry: RollEntry, earlier_digest: str, digest: str, receipt: str) -> str:
    """The same submission again gets its receipt; any other is a second vote."""
    if earlier_digest == digest:
        return receipt
    raise _already_voted(Participation.objects.get(roll_entry=entry))


# -- paper ballots ---------------------------------------------------------------------------------


@transaction.atomic
def paper_roll_mark(*, actor: Any, vote: VoteEvent, entry: RollEntry) -> Participation:
    """At the polling station: staff check the roll and hand out a paper ballot; online is now closed to them."""
    _refuse_unless_open(vote)
    existing = Participation.objects.filter(roll_entry=entry).first()
    if existing is not None:
        raise _already_voted(existing)
    try:
        with transaction.atomic():
            mark = Participation.objects.create(
                roll_entry=entry, vote_event=vote, channel=Participation.Channel.PAPER, recorded_by=actor
            )
    except IntegrityError:
        raise _already_voted(Participation.objects.get(roll_entry=entry)) from None
    audit_record(actor=actor, action="vote.paper_issued", target=vote, data={"channel": "paper"})
    return mark


def _paper_ballot(vote: VoteEvent, choices: Choices) -> Ballot:
    issued = vote.participations.filter(channel=Participation.Channel.PAPER).count()
    counted = vote.paper_entries.filter(
        state__in=[PaperEntry.State.MATCHED, PaperEntry.State.RESOLVED], entry_no__gte=2
    ).count()
    if counted >= issued:
        raise ValidationError(
            {"sheet": _("录入的纸质选票已经和发出的纸质选票一样多（%(n)s 张），请核对票箱。") % {"n": issued}}
        )
    receipt = _receipt_from(secrets.token_bytes(16))
    return Ballot.objects.create(vote_event=vote, choices=tally.normalise(vote, choices), receipt=receipt)


@transaction.atomic
def paper_entry_submit(
    *, actor: Any, vote: VoteEvent, sheet: str, choices: Choices, batch: str = ""
) -> PaperEntry:
    """双人录入: the second entry by a different staff member either matches (counted) or is queued."""
    vote = VoteEvent.objects.select_for_update().get(pk=vote.pk)
    if vote.status != VoteEvent.Status.OPEN:
        raise ValidationError({"vote": _("只有投票进行中或计票前才能录入纸质选票。")})
    sheet = sheet.strip()
    if not sheet:
        raise ValidationError({"sheet": _("请填写选票上的编号。")})
    _refuse_invalid(vote, choices)
    normalised = tally.normalise(vote, choices)
    earlier = list(vote.paper_entries.filter(sheet=sheet).order_by("entry_no"))
    if any(e.entered_by_id == actor.pk for e in earlier):
        raise ValidationError({"sheet": _("这张选票您已经录入过，第二次录入必须由另一位工作人员完成。")})
    if len(earlier) >= 2:
        raise ValidationError({"sheet": _("这张选票已经录入两次，如不一致请在“待核对”里处理。")})
    if not earlier:
        state = PaperEntry.State.WAITING
    elif earlier[0].choices == normalised:
        state = PaperEntry.State.MATCHED
    else:
        state = PaperEntry.State.MISMATCH
    if state == PaperEntry.State.MATCHED:
        _paper_ballot(vote, normalised)
    entry = PaperEntry.objects.create(
        vote_event=vote,
        sheet=sheet,
        batch=batch.strip(),
        entry_no=len(earlier) + 1,
        choices=normalised,
        state=state,
        entered_by=actor,
    )
    if earlier:
        PaperEntry.objects.filter(pk=earlier[0].pk).update(state=state)
    audit_record(
        actor=actor,
        action="vote.paper_entry",
        target=vote,
        data={"sheet": sheet, "batch": batch, "state": state},
    )
    return entry


@transaction.atomic
def paper_mismatch_resolve(*, actor: Any, vote: VoteEvent, sheet: str, choices: Choices) -> PaperEntry:
    """第三人核对: someone who made neither entry reads the sheet again; that reading is counted."""
    vote = VoteEvent.objects.select_for_update().get(pk=vote.pk)
    entries = list(vote.paper_entries.filter(sheet=sheet, state=PaperEntry.State.MISMATCH))
    if len(entries) != 2:
        raise ValidationError({"sheet": _("这张选票不在待核对队列里。")})
    if any(e.entered_by_id == actor.pk for e in entries):
        raise ValidationError({"sheet": _("核对必须由前两次录入以外的第三位工作人员完成。")})
    _refuse_invalid(vote, choices)
    normalised = tally.normalise(vote, choices)
    _paper_ballot(vote, normalised)
    vote.paper_entries.filter(sheet=sheet).update(state=PaperEntry.State.RESOLVED)
    third = PaperEntry.objects.create(
        vote_event=vote,
        sheet=sheet,
        batch=entries[0].batch,
        entry_no=3,
        choices=normalised,
        state=PaperEntry.State.RESOLVED,
        entered_by=actor,
    )
    audit_record(actor=actor, action="vote.paper_resolve", target=vote, data={"sheet": sheet})
    return third


# -- closing ---------------------------------------------------------------------------------------


@transaction.atomic
def vote_close(*, actor: Any, vote: VoteEvent, approved_by: str = "") -> VoteEvent:
    """Close, tally with pbcore per pool, mark proposals selected or not, post the result notice."""
    from roundtable.notices.models import PublicNotice
    from roundtable.notices.services import notice_publish
    from roundtable.proposals.services import proposal_transition

    vote = VoteEvent.objects.select_for_update().select_related("cycle__jurisdiction").get(pk=vote.pk)
    if vote.status != VoteEvent.Status.OPEN:
        raise ValidationError({"status": _("只有进行中的投票才能结束并计票。")})
    pending = vote.paper_entries.filter(state__in=[PaperEntry.State.MISMATCH, PaperEntry.State.WAITING])
    if pending.exists():
        sheets = ", ".join(sorted({e.sheet for e in pending}))
        raise ValidationError(
            {
                "status": _("还有纸质选票没有完成双人录入或核对（编号 %(s)s），完成后才能计票。")
                % {"s": sheets}
            }
        )
    result = tally.tally(vote)
    vote.result = result
    vote.status = VoteEvent.Status.TALLIED
    vote.tallied_at = timezone.now()
    winners = {w for pool in result["pools"] for w in pool["winners"]}
    for candidate in vote.candidates.select_related("proposal"):
        if candidate.proposal.status == Proposal.Status.ON_BALLOT:
            to = Proposal.Status.SELECTED if candidate.number in winners else Proposal.Status.NOT_SELECTED
            proposal_transition(actor=actor, proposal=candidate.proposal, to=to)
    rows = [
        [
            str(p["number"]),
            p["title"],
            f"{p['cost']:,}",
            str(p["score"]),
            _("入选") if p["selected"] else _("未入选"),
        ]
        for pool in result["pools"]
        for p in pool["projects"]
    ]
    days = int(vote.eligibility.get("publicity_days_result", 5))
    vote.notice = notice_publish(
        actor=actor,
        type=PublicNotice.Type.RESULT,
        jurisdiction=vote.cycle.jurisdiction,
        title=_("%(t)s 投票结果公示") % {"t": vote.title},
        body=_(
            "本次投票共有 %(roll)s 名选民，%(voted)s 人参加投票（参与率 %(pct)s）。按议事规则“%(rule)s”"
            "分资金池计票，结果如下。对结果有异议的，请在公示期内提出。完整计票数据可下载核算。"
        )
        % {"roll": result["roll"], "voted": result["voted"], "pct": result["turnout_pct"], "rule": vote.rule},
        period_days=days,
        accepts_objections=True,
        columns=[_("编号"), _("项目"), _("预算（元）"), _("得票"), _("结果")],
        rows=rows,
        source=f"vote:{vote.pk}",
        approved_by=approved_by,
    )
    vote.save()
    audit_record(
        actor=actor,
        action="vote.tally",
        target=vote,
        where=vote.cycle.jurisdiction,
        data={"ballots": result["ballots"], "winners": sorted(winners), "rule": vote.rule},
    )
    return vote


def closes_in(days: int) -> Any:
    return timezone.now() + timedelta(days=days)


def choices_from_numbers(numbers: Sequence[int]) -> Choices:
    return [int(n) for n in numbers]
