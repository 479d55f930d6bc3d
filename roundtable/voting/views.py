"""Pages: the phone ballot (choose → confirm → receipt), receipts, results, open data, staff desk."""

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.timezone import make_aware
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.cycles.access import cycles_in_scope
from roundtable.people.access import _as_uuid, has_permission
from roundtable.voting import selectors, services, tally
from roundtable.voting.access import access_vote_by_id, public_vote, votes_in_scope
from roundtable.voting.models import PaperEntry, Participation, VoteEvent


def _errors(error: ValidationError) -> list[str]:
    return [m for msgs in getattr(error, "message_dict", {"": error.messages}).values() for m in msgs]


def vote_list(request: HttpRequest) -> HttpResponse:
    votes = VoteEvent.objects.exclude(status=VoteEvent.Status.DRAFT).select_related("cycle__jurisdiction")
    return render(request, "voting/list.html", {"votes": votes.order_by("-opened_at")})


# -- the ballot ------------------------------------------------------------------------------------


def _voter(request: HttpRequest) -> tuple[Any, str]:
    """Who is voting and how: the resident themself, or a resident on a staff tablet (代录)."""
    assisting = getattr(request, "assisting", None)
    if assisting is not None and has_permission(request.user, "assisted_entry"):
        return assisting, Participation.Channel.ASSISTED
    return getattr(request.user, "person", None), Participation.Channel.ONLINE


def choices_from_post(vote: VoteEvent, data: Any) -> list[Any]:
    if data.get("choices_json"):
        try:
            return json.loads(data["choices_json"])
        except ValueError:
            return []
    numbers = [c.number for c in vote.candidates.all()]
    if vote.ballot_type == "cumulative":
        return [
            [n, data.get(f"points_{n}")] for n in numbers if (data.get(f"points_{n}") or "0") not in ("", "0")
        ]
    if vote.ballot_type == "ranked":
        ranked = [(data.get(f"rank_{n}"), n) for n in numbers if data.get(f"rank_{n}")]
        try:
            return [n for _r, n in sorted(ranked, key=lambda pair: int(pair[0]))]
        except ValueError:
            return []
    return data.getlist("project")


def _ballot_context(vote: VoteEvent, **extra: Any) -> dict[str, Any]:
    chosen = extra.pop("chosen", None) or []
    numbers = {int(n) for n in chosen if str(n).isdigit()} if vote.ballot_type != "cumulative" else set()
    return {
        "vote": vote,
        "pools": selectors.ballot_pools(vote),
        "key": extra.pop("key", None) or uuid.uuid4().hex,
        "chosen_numbers": numbers,
        "ranks": range(1, (vote.max_choices or 0) + 1),
        **extra,
    }


@login_required
def ballot(request: HttpRequest, vote_id: str) -> HttpResponse:
    vote = public_vote(vote_id)
    person, channel = _voter(request)
    entry = services.roll_entry_for(vote, person.pk if person else None)
    participation = getattr(entry, "participation", None) if entry else None
    if request.method == "GET" or (participation is not None and request.POST.get("action") != "cast"):
        state = _ballot_state(vote, entry, participation)
        return render(request, "voting/ballot.html", _ballot_context(vote, state=state, channel=channel))
    choices = choices_from_post(vote, request.POST)
    key = request.POST.get("key", "")
    action = request.POST.get("action")
    if action == "cast":
        try:
            receipt = services.vote_cast(
                actor=request.user, vote=vote, entry=entry, choices=choices, key=key, channel=channel
            )
        except ValidationError as e:
            return render(
                request,
                "voting/ballot.html",
                _ballot_context(vote, errors=_errors(e), chosen=choices, state="open", channel=channel),
                status=422,
            )
        return redirect("voting:receipt", vote_id=vote.pk, code=receipt)
    errors = services.ballot_errors(vote, choices)
    if action == "review" and not errors:
        summary = selectors.ballot_summary(vote, choices)
        context = {"vote": vote, "summary": summary, "choices_json": json.dumps(choices), "key": key}
        return render(request, "voting/confirm.html", context | {"channel": channel})
    context = _ballot_context(vote, key=key, chosen=choices, errors=errors if action == "review" else [])
    return render(request, "voting/ballot.html", context | {"state": "open", "channel": channel})


def _ballot_state(vote: VoteEvent, entry: Any, participation: Any) -> str:
    if vote.status != VoteEvent.Status.OPEN or not selectors.is_open(vote):
        return "closed"
    if entry is None:
        return "not_on_roll"
    if participation is not None:
        return "voted"
    return "open"


def receipt(request: HttpRequest, vote_id: str, code: str) -> HttpResponse:
    vote = public_vote(vote_id)
    counted = vote.ballots.filter(receipt=code.upper()).exists()
    return render(request, "voting/receipt.html", {"vote": vote, "code": code.upper(), "counted": counted})


def receipts(request: HttpRequest, vote_id: str) -> HttpResponse:
    """The public list: every counted receipt code, nothing else (no choices, no times)."""
    vote = public_vote(vote_id)
    code = request.GET.get("code", "").strip().upper()
    found = vote.ballots.filter(receipt=code).exists() if code else None
    codes = list(vote.ballots.order_by("receipt").values_list("receipt", flat=True))
    return render(
        request, "voting/receipts.html", {"vote": vote, "codes": codes, "code": code, "found": found}
    )


def results(request: HttpRequest, vote_id: str) -> HttpResponse:
    vote = public_vote(vote_id)
    if vote.status != VoteEvent.Status.TALLIED:
        raise Http404
    chart = [
        {
            "name": pool["name"],
            "projects": [p["title"] for p in pool["projects"]],
            "scores": [float(p["score"].replace(",", "")) for p in pool["projects"]],
            "selected": [p["selected"] for p in pool["projects"]],
        }
        for pool in vote.result["pools"]
    ]
    return render(request, "voting/results.html", {"vote": vote, "result": vote.result, "chart": chart})


def export_pb(request: HttpRequest, vote_id: str, pool_id: str) -> HttpResponse:
    vote = public_vote(vote_id)
    if vote.status != VoteEvent.Status.TALLIED:
        raise Http404
    pool = (
        vote.cycle.pools.filter(pk__in=[p["id"] for p in vote.result["pools"]])
        .filter(pk=_as_uuid(pool_id))
        .first()
    )
    if pool is None:
        raise Http404
    response = HttpResponse(tally.pabulib_export(vote, pool), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vote-{str(vote.pk)[:8]}-{str(pool.pk)[:8]}.pb"'
    return response


def export_csv(request: HttpRequest, vote_id: str) -> HttpResponse:
    vote = public_vote(vote_id)
    if vote.status != VoteEvent.Status.TALLIED:
        raise Http404
    response = HttpResponse(selectors.results_csv(vote), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vote-{str(vote.pk)[:8]}-results.csv"'
    return response


def candidate_photo(request: HttpRequest, vote_id: str, number: int) -> HttpResponse:
    """The thumbnail frozen with a candidate at opening: public once the vote has opened."""
    vote = public_vote(vote_id)
    candidate = vote.candidates.filter(number=number, photo__isnull=False).select_related("photo").first()
    if candidate is None:
        raise Http404
    response = HttpResponse(bytes(candidate.photo.thumb), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"  # frozen: it never changes for this vote
    return response


# -- staff desk ------------------------------------------------------------------------------------


@staff_required("vote_manage")
def staff_list(request: HttpRequest) -> HttpResponse:
    cycles = cycles_in_scope(request.user, "vote_manage").filter(vote_event=None, status="running")
    if request.method == "POST":
        cycle = cycles.filter(pk=request.POST.get("cycle")).first()
        closes = (
            parse_datetime(request.POST.get("closes_at", "") + ":00")
            if request.POST.get("closes_at")
            else None
        )
        if cycle is None or closes is None:
            messages.error(request, _("请选择预算周期并填写截止时间。"))
        else:
            try:
                vote = services.vote_create(
                    actor=request.user,
                    cycle=cycle,
                    title=request.POST.get("title") or cycle.name,
                    closes_at=make_aware(closes),
                )
            except ValidationError as e:
                messages.error(request, " ".join(_errors(e)))
            else:
                return redirect("voting:staff_detail", vote_id=vote.pk)
    votes = votes_in_scope(request.user, "vote_manage")
    return render(request, "voting/staff_list.html", {"votes": votes, "cycles": cycles})


def _desk_permission(request: HttpRequest, vote_id: str) -> VoteEvent:
    for permission in ("vote_manage", "paper_ballot_entry"):
        if has_permission(request.user, permission):
            try:
                return access_vote_by_id(request.user, vote_id, permission=permission)
            except Http404:
                continue
    raise Http404


@staff_required("paper_ballot_entry")
def staff_detail(request: HttpRequest, vote_id: str) -> HttpResponse:
    vote = _desk_permission(request, vote_id)
    query = request.GET.get("q", "").strip()
    context = {
        "vote": vote,
        "turnout": tally.turnout(vote) if vote.status != VoteEvent.Status.DRAFT else None,
        "queue": selectors.mismatch_queue(vote),
        "waiting": vote.paper_entries.filter(state=PaperEntry.State.WAITING).order_by("sheet"),
        "roll_hits": selectors.roll_search(vote, query) if query else None,
        "q": query,
        "pools": selectors.ballot_pools(vote),
        "can_manage": has_permission(request.user, "vote_manage", vote.cycle.jurisdiction),
    }
    return render(request, "voting/staff_detail.html", context)


@require_POST
@staff_required("paper_ballot_entry")
def staff_action(request: HttpRequest, vote_id: str, action: str) -> HttpResponse:
    vote = _desk_permission(request, vote_id)
    try:
        _apply(request, vote, action)
    except ValidationError as e:
        messages.error(request, " ".join(_errors(e)))
    return redirect("voting:staff_detail", vote_id=vote.pk)


def _apply(request: HttpRequest, vote: VoteEvent, action: str) -> None:
    post = request.POST
    manage = has_permission(request.user, "vote_manage", vote.cycle.jurisdiction)
    if action == "open" and manage:
        services.vote_open(actor=request.user, vote=vote)
        messages.success(request, _("投票已开始，选民名单已冻结。"))
    elif action == "close" and manage:
        services.vote_close(actor=request.user, vote=vote, approved_by=post.get("approved_by", ""))
        messages.success(request, _("投票已结束并完成计票，结果已公示。"))
    elif action == "mark":
        entry = vote.roll.filter(pk=post.get("entry")).first()
        if entry is None:
            raise ValidationError(_("选民名单上没有这个人。"))
        services.paper_roll_mark(actor=request.user, vote=vote, entry=entry)
        messages.success(request, _("已在选民名单上登记领取纸质选票。"))
    elif action == "paper":
        entry = services.paper_entry_submit(
            actor=request.user,
            vote=vote,
            sheet=post.get("sheet", ""),
            batch=post.get("batch", ""),
            choices=choices_from_post(vote, post),
        )
        messages.success(request, entry.get_state_display())
    elif action == "resolve":
        services.paper_mismatch_resolve(
            actor=request.user, vote=vote, sheet=post.get("sheet", ""), choices=choices_from_post(vote, post)
        )
        messages.success(request, _("已核对并计入。"))
    else:
        raise Http404
