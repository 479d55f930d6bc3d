"""Rules of procedure as small pure functions (南塘十三条, DOMAIN.md 0.1 Q2, C2, C3).

No Django, no database, no clock: every threshold arrives as an argument read from the body's
rulebook by the caller, so the same function decides every body kind and can be tested alone.

Conventions, written once here:
- "过半数" (a majority) is strictly more than half; "三分之二以上" includes two thirds itself
  (以上 includes the number in Chinese legal usage).
- A quorum "≥ 2/3 of members" is met at exactly two thirds; the residents' meeting's "> 1/2" is strict.
- A tie is for = against (both > 0) where one more vote for would have carried the motion: only
  then does the body's tie rule decide; otherwise the pass rule alone decides.
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

FOR, AGAINST, QUESTION = "for", "against", "question"
SIDES = (FOR, AGAINST)

PASS_RULES = ("simple", "majority_of_present", "majority_of_members", "two_thirds")
ABSTENTION_HANDLING = ("excluded", "counted_as_present")
TIE_RULES = ("fails", "chair_casts", "revote")

PASSED, FAILED, NEEDS_CHAIR, REVOTE = "passed", "failed", "needs_chair", "revote"


# ---------------------------------------------------------------- quorum
@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    required: int
    fraction: Fraction
    strict: bool

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.present, 0)


def quorum_required(members: int, fraction: Fraction, *, strict: bool = False) -> int:
    """The fewest members present that satisfy `present ≥ fraction × members` (or `>` when strict)."""
    if members <= 0:
        return 1
    exact = fraction * members
    if strict:
        return floor(exact) + 1
    return int(exact) if exact.denominator == 1 else floor(exact) + 1


def quorum(present: int, members: int, fraction: Fraction, *, strict: bool = False) -> Quorum:
    return Quorum(
        present=present,
        members=members,
        required=quorum_required(members, fraction, strict=strict),
        fraction=fraction,
        strict=strict,
    )


# ---------------------------------------------------------------- speaker queue
@dataclass(frozen=True)
class Hand:
    """A raised hand: who, on which side, and in what order it went up."""

    id: Hashable
    person: Hashable
    stance: str
    seq: int


@dataclass(frozen=True)
class Queue:
    ordered: tuple[Hand, ...]
    blocked: tuple[Hand, ...]  # hands of people who have used all their turns on this motion


def queue_order(
    hands: Sequence[Hand],
    *,
    turns_taken: Mapping[Hashable, int],
    turn_limit: int,
    alternate: bool,
    last_side: str | None = None,
) -> Queue:
    """The order in which the chair gives the floor.

    Those who have spoken fewer times on this motion go first (南塘 rule 3: people who have not
    yet spoken take priority), then first hand first. With `alternate` (rule 8) the floor passes
    to the other side after each for/against speech when someone on that side is waiting;
    questions do not change whose side's turn it is. Hands of people at `turn_limit` are blocked.
    """
    blocked = tuple(h for h in hands if turns_taken.get(h.person, 0) >= turn_limit)
    waiting = sorted(
        (h for h in hands if turns_taken.get(h.person, 0) < turn_limit),
        key=lambda h: (turns_taken.get(h.person, 0), h.seq),
    )
    if not alternate:
        return Queue(ordered=tuple(waiting), blocked=blocked)
    ordered: list[Hand] = []
    side = last_side
    while waiting:
        pick = next((h for h in waiting if side not in SIDES or h.stance != side), waiting[0])
        waiting.remove(pick)
        ordered.append(pick)
        if pick.stance in SIDES:
            side = pick.stance
    return Queue(ordered=tuple(ordered), blocked=blocked)


def turn_refusal(turns_taken: int, turn_limit: int) -> bool:
    """True when one more speech would exceed the turns per person per motion."""
    return turns_taken >= turn_limit


def seconds_left(elapsed_s: float, limit_s: int) -> int:
    """Whole seconds left on the speaking clock; negative once over time."""
    left = limit_s - elapsed_s
    return int(left) if left >= 0 else -int(-left + 0.999999)


# ---------------------------------------------------------------- motions
def motion_seconded(seconds: int, required: int) -> bool:
    return seconds >= required


# ---------------------------------------------------------------- votes
@dataclass(frozen=True)
class Outcome:
    result: str  # passed | failed | needs_chair | revote
    decided_by: str  # "pass_rule" or "tie_rule"
    pass_rule: str
    tie_rule: str
    abstention_handling: str
    yes: int
    no: int
    abstain: int
    present: int
    members: int
    denominator: int  # what "a majority of …" was counted against
    tie: bool
    chair_cast: str | None = None


def counts_refusal(yes: int, no: int, abstain: int, present: int) -> str | None:
    """Why these show-of-hands counts cannot be right, or None."""
    if min(yes, no, abstain) < 0:
        return "negative"
    if yes + no + abstain > present:
        return "more_than_present"
    return None


def denominator(
    pass_rule: str, abstention_handling: str, *, yes: int, no: int, abstain: int, present: int, members: int
) -> int:
    if pass_rule == "simple":
        return yes + no
    if pass_rule == "majority_of_members":
        return members
    # majority_of_present, two_thirds: abstentions (and silence) count as present, or not at all
    return present if abstention_handling == "counted_as_present" else yes + no


def rule_met(
    pass_rule: str, abstention_handling: str, *, yes: int, no: int, abstain: int, present: int, members: int
) -> bool:
    if pass_rule not in PASS_RULES:
        raise ValueError(f"unknown pass rule {pass_rule!r}")
    if abstention_handling not in ABSTENTION_HANDLING:
        raise ValueError(f"unknown abstention handling {abstention_handling!r}")
    if pass_rule == "simple":
        return yes > no
    base = denominator(
        pass_rule, abstention_handling, yes=yes, no=no, abstain=abstain, present=present, members=members
    )
    if base <= 0 or yes <= 0:
        return False
    if pass_rule == "two_thirds":
        return 3 * yes >= 2 * base
    return 2 * yes > base


def vote_outcome(
    *,
    yes: int,
    no: int,
    abstain: int,
    present: int,
    members: int,
    pass_rule: str,
    abstention_handling: str,
    tie_rule: str,
    chair_cast: str | None = None,
) -> Outcome:
    """Decide a motion by the body's pass rule, and by its tie rule when the tie is decisive.

    `chair_cast` ("yes"/"no") is the chair's casting vote under tie_rule "chair_casts".
    """
    if tie_rule not in TIE_RULES:
        raise ValueError(f"unknown tie rule {tie_rule!r}")
    args = {"yes": yes, "no": no, "abstain": abstain, "present": present, "members": members}
    met = rule_met(pass_rule, abstention_handling, **args)
    one_more = rule_met(pass_rule, abstention_handling, **(args | {"yes": yes + 1}))
    tie = yes == no and yes > 0 and not met and one_more
    base = denominator(pass_rule, abstention_handling, **args)

    def out(result: str, decided_by: str, cast: str | None = None) -> Outcome:
        return Outcome(
            result=result,
            decided_by=decided_by,
            pass_rule=pass_rule,
            tie_rule=tie_rule,
            abstention_handling=abstention_handling,
            denominator=base,
            tie=tie,
            chair_cast=cast,
            **args,
        )

    if not tie:
        return out(PASSED if met else FAILED, "pass_rule")
    if tie_rule == "fails":
        return out(FAILED, "tie_rule")
    if tie_rule == "revote":
        return out(REVOTE, "tie_rule")
    if chair_cast is None:
        return out(NEEDS_CHAIR, "tie_rule")
    if chair_cast not in ("yes", "no"):
        raise ValueError(f"a casting vote is 'yes' or 'no', not {chair_cast!r}")
    return out(PASSED if chair_cast == "yes" else FAILED, "tie_rule", chair_cast)


def chair_may_vote(chair_votes: str, *, others_waiting: int) -> bool:
    """南塘 rule 11: a chair with a vote votes last (or, by the rulebook, not at all)."""
    if chair_votes == "never":
        return False
    return others_waiting == 0


# ---------------------------------------------------------------- body kinds
# Which rulebook quorum applies to which body (DOMAIN.md C2): the residents' meeting counts
# "more than half" strictly; every other body "at least" its council quorum (default 2/3).
RESIDENTS_MEETING_KINDS = ("residents_meeting", "owners_assembly")


@dataclass(frozen=True)
class BodyRules:
    quorum_fraction: Fraction
    quorum_strict: bool
    pass_rule: str
    abstention_handling: str
    tie_rule: str
    seconds_required: int
    speech_limit_s: int
    turn_limit: int
    alternate: bool


def body_rules(council_type: str, param: Callable[[str], object]) -> BodyRules:
    """The procedure a body follows, read from its rulebook through `param(name)`."""
    mass = council_type in RESIDENTS_MEETING_KINDS
    return BodyRules(
        quorum_fraction=Fraction(str(param("quorum_residents_meeting" if mass else "quorum_council"))),
        quorum_strict=mass,
        pass_rule=str(param("pass_rule_council")),
        abstention_handling=str(param("abstention_handling")),
        tie_rule=str(param("tie_rule")),
        seconds_required=int(param("motion_seconds_required")),  # type: ignore[call-overload]
        speech_limit_s=int(param("speech_time_limit_s")),  # type: ignore[call-overload]
        turn_limit=int(param("speeches_per_person_per_motion")),  # type: ignore[call-overload]
        alternate=bool(param("alternate_sides")),
    )
