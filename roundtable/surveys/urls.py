"""问卷与测评."""

from django.urls import path

from roundtable.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("t/<str:token>/", views.answer_by_token, name="token"),
    path("new/<str:cycle_id>/", views.staff_new, name="new"),
    path("<str:survey_id>/", views.answer, name="answer"),
    path("<str:survey_id>/staff/", views.staff_page, name="staff"),
]
