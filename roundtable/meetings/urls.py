from django.urls import path

from roundtable.councils import views as council_views

app_name = "meetings"
urlpatterns = [
    # bodies and seats (the councils app's pages live under /meetings/)
    path("councils/", council_views.council_list, name="council_list"),
    path("councils/<str:council_id>/", council_views.council_detail, name="council_detail"),
    path("seats/<str:seat_id>/end/", council_views.seat_end, name="seat_end"),
    path("observers/<str:observer_id>/remove/", council_views.observer_remove, name="observer_remove"),
    path("alerts/<str:alert_id>/resolve/", council_views.alert_resolve, name="alert_resolve"),
]
