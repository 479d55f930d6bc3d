from django.http import HttpRequest
from ninja import Router, Schema

from roundtable.accounts.auth import ANY_AUTH
from roundtable.people.selectors import role_list_for_user

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    role_label: str
    scope_id: str
    scope_name: str


class MeOut(Schema):
    username: str
    person_id: str | None
    display_name: str | None
    roles: list[RoleOut]


@router.get("/me", response=MeOut, auth=ANY_AUTH)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    person = user.person  # type: ignore[union-attr]
    roles = [
        RoleOut(
            role=r.role,
            role_label=str(r.get_role_display()),
            scope_id=str(r.scope_id),
            scope_name=r.scope.name,
        )
        for r in role_list_for_user(user=user)
    ]
    return MeOut(
        username=user.get_username(),
        person_id=str(person.pk) if person else None,
        display_name=person.display_name if person else None,
        roles=roles,
    )
