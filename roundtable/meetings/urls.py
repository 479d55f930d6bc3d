from django.urls import path

from roundtable.councils import views as council_views
from roundtable.meetings import views

app_name = "meetings"
urlpatterns = [
    # bodies and seats (the councils app's pages live under /meetings/)
    path("councils/", council_views.council_list, name="council_list"),
    path("councils/<str:council_id>/", council_views.council_detail, name="council_detail"),
    path("seats/<str:seat_id>/end/", council_views.seat_end, name="seat_end"),
    path("observers/<str:observer_id>/remove/", council_views.observer_remove, name="observer_remove"),
    path("alerts/<str:alert_id>/resolve/", council_views.alert_resolve, name="alert_resolve"),
    # meetings
    path("", views.meeting_list, name="list"),
    path("m/<str:meeting_id>/", views.console, name="console"),
    path("m/<str:meeting_id>/do/<str:action>/", views.console_action, name="action"),
    path("m/<str:meeting_id>/room/", views.room, name="room"),
    path("m/<str:meeting_id>/room/live/", views.room_live, name="room_live"),
    path("m/<str:meeting_id>/me/", views.my_meeting, name="my_meeting"),
    path("m/<str:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("m/<str:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("m/<str:meeting_id>/minutes/public/", views.minutes_public, name="minutes_public"),
    path("m/<str:meeting_id>/quality/", views.quality, name="quality"),
    # Track I: issues to the round table, resolutions followed to the end
    path("issues/", views.issues, name="issues"),
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions/<str:resolution_id>/", views.resolution_detail, name="resolution_detail"),
    path("my/resolutions/", views.my_resolutions, name="my_resolutions"),
]
