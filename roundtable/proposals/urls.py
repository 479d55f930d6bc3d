from django.urls import path

from roundtable.proposals import views

app_name = "proposals"
urlpatterns = [
    path("cycle/<str:cycle_id>/", views.proposal_list, name="list"),
    path("cycle/<str:cycle_id>/export.xlsx", views.proposal_export, name="export"),
    path("cycle/<str:cycle_id>/publish/", views.candidates_publish, name="publish"),
    path("from-idea/<str:idea_id>/", views.proposal_new, name="new"),
    path("photo/<int:photo_id>/", views.photo_show, name="photo"),
    path("photo/<int:photo_id>/remove/", views.photo_remove, name="photo_remove"),
    path("<str:proposal_id>/", views.proposal_detail, name="detail"),
    path("<str:proposal_id>/photos/", views.photo_add, name="photo_add"),
    path("<str:proposal_id>/cosign/", views.resident_view, name="resident"),
]
