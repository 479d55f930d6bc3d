"""Reaching ideas: staff within scope, residents only their own or followed ones; one 404 otherwise."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from roundtable.ideas.models import Idea, IdeaPhoto
from roundtable.people.access import _as_uuid, scopes_with


def ideas_in_scope(user: Any, permission: str = "idea_triage") -> QuerySet[Idea]:
    q = Q(pk__in=[])
    for scope in scopes_with(user, permission):
        q |= Q(community__path__startswith=scope.path)
    return Idea.objects.filter(q)


def access_idea_by_id(user: Any, idea_id: Any, *, permission: str = "idea_triage") -> Idea:
    idea = ideas_in_scope(user, permission).filter(pk=_as_uuid(idea_id)).select_related("cycle").first()
    if idea is None:
        raise Http404
    return idea


def ideas_of_person(person_id: Any) -> QuerySet[Idea]:
    return Idea.objects.filter(Q(submitter_id=person_id) | Q(followers__pk=person_id)).distinct()


def access_my_idea_by_id(user: Any, idea_id: Any) -> Idea:
    person_id = getattr(user, "person_id", None)
    idea = ideas_of_person(person_id).filter(pk=_as_uuid(idea_id)).first() if person_id else None
    if idea is None:
        raise Http404
    return idea


def access_photo_by_id(user: Any, photo_id: int) -> IdeaPhoto:
    photo = IdeaPhoto.objects.filter(pk=photo_id, idea__in=ideas_in_scope(user)).first()
    if photo is None:
        raise Http404
    return photo


def access_idea_for_edit_by_id(user: Any, idea_id: Any) -> Idea:
    """The submitter's own idea, or one in the scope of staff who may enter ideas (代录)."""
    person_id = getattr(user, "person_id", None)
    q = Q(pk__in=ideas_in_scope(user, "assisted_entry").values("pk"))
    if person_id:
        q |= Q(submitter_id=person_id)
    idea = Idea.objects.filter(q, pk=_as_uuid(idea_id)).first()
    if idea is None:
        raise Http404
    return idea
