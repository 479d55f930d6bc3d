"""项目实施与验收."""

from django.urls import path

from roundtable.delivery import views

app_name = "delivery"
urlpatterns = [
    path("cycle/<str:cycle_id>/", views.staff_dashboard, name="dashboard"),
    path("plan/<str:proposal_id>/", views.plan_new, name="plan_new"),
    path("photo/<int:photo_id>/", views.photo, name="photo"),
    path("<str:impl_id>/", views.public_page, name="public"),
    path("<str:impl_id>/act/", views.resident_action, name="resident_action"),
    path("<str:impl_id>/staff/", views.staff_page, name="staff"),
]
