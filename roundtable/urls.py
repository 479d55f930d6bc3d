from django.contrib import admin
from django.urls import include, path

from roundtable.api import api

urlpatterns = [
    # First: the API carries the load (casting), and Django tries patterns in order.
    path("api/v1/", api.urls),
    path("", include("roundtable.front.urls")),
    path("", include("roundtable.accounts.urls")),
    path("staff/residents/", include("roundtable.people.urls")),
    path("cycles/", include("roundtable.cycles.urls")),
    path("ideas/", include("roundtable.ideas.urls")),
    path("proposals/", include("roundtable.proposals.urls")),
    path("notices/", include("roundtable.notices.urls")),
    path("meetings/", include("roundtable.meetings.urls")),
    path("votes/", include("roundtable.voting.urls")),
    path("delivery/", include("roundtable.delivery.urls")),
    path("surveys/", include("roundtable.surveys.urls")),
    path("dashboard/", include("roundtable.indicators.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
