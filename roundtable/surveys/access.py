"""Reaching surveys: staff through their scope; anyone may read an open survey's questions."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from roundtable.people.access import _as_uuid, jurisdictions_under, scopes_with
from roundtable.surveys.models import Survey


def surveys_in_scope(user: Any, permission: str = "survey_manage") -> QuerySet[Survey]:
    places = jurisdictions_under(scopes_with(user, permission))
    return Survey.objects.filter(Q(jurisdiction__in=places)).select_related("instrument")


def access_survey_by_id(user: Any, survey_id: Any, *, permission: str = "survey_manage") -> Survey:
    found = surveys_in_scope(user, permission).filter(pk=_as_uuid(survey_id)).first()
    if found is None:
        raise Http404
    return found


def access_survey_public(survey_id: Any) -> Survey:
    found = Survey.objects.select_related("instrument").filter(pk=_as_uuid(survey_id)).first()
    if found is None:
        raise Http404
    return found
