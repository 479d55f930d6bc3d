from django.urls import path

from roundtable.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<str:notice_id>/", views.notice_detail, name="detail"),
    path("<str:notice_id>/pdf/", views.notice_pdf, name="pdf"),
    path("<str:notice_id>/object/", views.objection_new, name="object"),
    path("<str:notice_id>/objections/", views.staff_objections, name="staff_objections"),
    path("objection/<str:objection_id>/answer/", views.objection_answer, name="answer"),
]
