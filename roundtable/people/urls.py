from django.urls import path

from roundtable.people import views

app_name = "people"
urlpatterns = [
    path("", views.resident_list, name="list"),
    path("new/", views.resident_register, name="register"),
    path("import/", views.roster_import, name="import"),
    path("assist/end/", views.assist_finish, name="assist_end"),
    path("<str:person_id>/", views.resident_detail, name="detail"),
    path("<str:person_id>/assist/", views.assist_begin, name="assist_begin"),
]
