from django.urls import path

from roundtable.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_phone, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("staff/login/", views.StaffLoginView.as_view(), name="staff_login"),
    path("staff/outbox/", views.outbox, name="outbox"),
]
