from django.urls import path

from roundtable.ideas import views

app_name = "ideas"
urlpatterns = [
    path("new/", views.idea_new, name="new"),
    path("mine/", views.idea_mine, name="mine"),
    path("mine/<str:idea_id>/", views.idea_mine_detail, name="mine_detail"),
    path("staff/cycle/<str:cycle_id>/", views.staff_list, name="staff_list"),
    path("staff/cycle/<str:cycle_id>/new/", views.staff_new, name="staff_new"),
    path("staff/idea/<str:idea_id>/", views.staff_detail, name="staff_detail"),
    path("staff/idea/<str:idea_id>/reply/", views.staff_reply, name="staff_reply"),
    path("staff/photo/<int:photo_id>/", views.staff_photo, name="staff_photo"),
]
