"""指标与看板."""

from django.urls import path

from roundtable.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("cycle/<str:cycle_id>/", views.cycle_dashboard, name="cycle"),
    path("cycle/<str:cycle_id>/open-data.xlsx", views.open_data_xlsx, name="xlsx"),
    path("cycle/<str:cycle_id>/votes.pb", views.open_data_pb, name="pb"),
    path("cycle/<str:cycle_id>/open-data/<str:table>.csv", views.open_data_csv, name="csv"),
    path("cycle/<str:cycle_id>/staff/", views.staff_view, name="staff"),
    path("cycle/<str:cycle_id>/staff/close/", views.staff_close, name="close"),
]
