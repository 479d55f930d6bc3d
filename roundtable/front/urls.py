from django.urls import path

from roundtable.front import views

app_name = "front"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/audit/", views.audit_log, name="audit_log"),
]
