from django.urls import path

from roundtable.cycles import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("new/", views.cycle_new, name="new"),
    path("<str:cycle_id>/", views.cycle_detail, name="detail"),
    path("<str:cycle_id>/work/", views.cycle_work, name="work"),
    path("<str:cycle_id>/start/", views.cycle_start, name="start"),
]
