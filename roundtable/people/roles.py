"""What each role may do, and where. One table, so permissions are read in one place."""

from roundtable.people.models import Role

STAFF_ROLES = frozenset(
    {
        Role.COMMUNITY_SECRETARY,
        Role.RC_DIRECTOR,
        Role.RC_MEMBER,
        Role.SOCIAL_WORKER,
        Role.BUILDING_HEAD,
        Role.GRID_WORKER,
        Role.STREET_OFFICIAL,
        Role.FACILITATOR,
        Role.RECORDER,
    }
)

# permission -> roles that hold it within their scope jurisdiction
PERMISSIONS: dict[str, frozenset[str]] = {
    "staff_area": STAFF_ROLES,
    "person_view": STAFF_ROLES,
    "assisted_entry": frozenset(
        {
            Role.COMMUNITY_SECRETARY,
            Role.RC_DIRECTOR,
            Role.RC_MEMBER,
            Role.SOCIAL_WORKER,
            Role.BUILDING_HEAD,
            Role.GRID_WORKER,
        }
    ),
    "outbox_view": frozenset({Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER}),
    "audit_view": frozenset({Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.STREET_OFFICIAL}),
    # PB cycle (issue 5)
    "cycle_manage": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    "idea_triage": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.RC_MEMBER, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    "proposal_review": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL, Role.EXPERT}
    ),
    "notice_publish": frozenset({Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER}),
    # Voting and results (issue 6): open/close a vote; enter paper ballots (双人录入) and mark the roll.
    "vote_manage": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    "paper_ballot_entry": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.RC_MEMBER, Role.SOCIAL_WORKER, Role.GRID_WORKER}
    ),
    # Delivery, surveys and indicators (issue 8)
    "delivery_manage": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    "delivery_inspect": frozenset(
        {
            Role.COMMUNITY_SECRETARY,
            Role.RC_DIRECTOR,
            Role.SOCIAL_WORKER,
            Role.SUPERVISOR,
            Role.NPC_DEPUTY,
            Role.CPPCC_MEMBER,
        }
    ),
    "survey_manage": frozenset({Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER}),
    "indicator_view": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    # Round table (issue 7): bodies and seats, meetings, check-in at the door, the record, follow-up
    "council_manage": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    "meeting_manage": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    "meeting_checkin": STAFF_ROLES,
    "resolution_track": frozenset(
        {Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.RC_MEMBER, Role.SOCIAL_WORKER, Role.STREET_OFFICIAL}
    ),
    # Round table (issue 7): approve or reject a resolution's 自治金 application (not the applicant's own)
    "self_gov_fund_decide": frozenset({Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR, Role.STREET_OFFICIAL}),
}
