"""投票与结果."""

from django.urls import path

from roundtable.voting import views

app_name = "voting"
urlpatterns = [
    path("", views.vote_list, name="list"),
    path("staff/", views.staff_list, name="staff_list"),
    path("<str:vote_id>/", views.ballot, name="ballot"),
    path("<str:vote_id>/candidates/<int:number>/photo", views.candidate_photo, name="candidate_photo"),
    path("<str:vote_id>/receipt/<str:code>/", views.receipt, name="receipt"),
    path("<str:vote_id>/receipts/", views.receipts, name="receipts"),
    path("<str:vote_id>/results/", views.results, name="results"),
    path("<str:vote_id>/results.csv", views.export_csv, name="export_csv"),
    path("<str:vote_id>/open-data/<str:pool_id>.pb", views.export_pb, name="export_pb"),
    path("<str:vote_id>/staff/", views.staff_detail, name="staff_detail"),
    path("<str:vote_id>/staff/<str:action>/", views.staff_action, name="staff_action"),
]
