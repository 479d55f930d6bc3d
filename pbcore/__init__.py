"""pbcore: an exact, explainable participatory-budgeting engine (pure Python, no Django).

Read an election with :func:`pbcore.pabulib.read_pabulib`, compute with a rule from
``pbcore.rules.RULES``, check ballots with :mod:`pbcore.constraints`.
"""

from pbcore.election import (
    Ballot,
    BallotGroup,
    BallotLimits,
    Election,
    Number,
    Profile,
    Project,
    Voter,
    VoteType,
)

__all__ = [
    "Ballot",
    "BallotGroup",
    "BallotLimits",
    "Election",
    "Number",
    "Profile",
    "Project",
    "VoteType",
    "Voter",
]
