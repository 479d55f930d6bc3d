"""The JSON API, mounted at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Status

from roundtable.accounts.api import router as accounts_router
from roundtable.cycles.api import router as cycles_router
from roundtable.delivery.api import router as delivery_router
from roundtable.ideas.api import router as ideas_router
from roundtable.indicators.api import router as indicators_router
from roundtable.lib.api_errors import FieldErrors
from roundtable.meetings.api import router as meetings_router
from roundtable.notices.api import router as notices_router
from roundtable.people.api import router as people_router
from roundtable.proposals.api import router as proposals_router
from roundtable.surveys.api import router as surveys_router
from roundtable.voting.api import router as voting_router

api = NinjaAPI(title="Roundtable API", version="1", urls_namespace="api")
api.add_router("/", accounts_router)
api.add_router("/", people_router)
api.add_router("/", cycles_router)
api.add_router("/", ideas_router)
api.add_router("/", proposals_router)
api.add_router("/", notices_router)
api.add_router("/", meetings_router)
api.add_router("/", voting_router)
api.add_router("/", delivery_router)
api.add_router("/", surveys_router)
api.add_router("/", indicators_router)


@api.exception_handler(FieldErrors)
def field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


class HealthOut(Schema):
    status: str
    database: str


@api.get("/health", response={200: HealthOut, 503: HealthOut}, tags=["system"])
def health(request: HttpRequest) -> Status[HealthOut]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return Status(503, HealthOut(status="unavailable", database="unreachable"))
    return Status(200, HealthOut(status="ok", database=connection.vendor))
