from django.urls import path

from mixflow.api.openrosa import views

app_name = "openrosa"

urlpatterns = [
    path("formList", views.form_list, name="form_list"),
    path("forms/<int:version_id>/form.xml", views.form_download, name="form"),
    path("forms/<int:version_id>/manifest", views.form_manifest, name="manifest"),
    path("forms/<int:version_id>/media/<str:file_name>", views.form_media, name="media"),
    path("submission", views.submission, name="submission"),
]
