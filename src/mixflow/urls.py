from django.urls import include, path
from django.views.i18n import set_language

from mixflow.core.admin import site as admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("mixflow.api.urls")),
    path("", include("mixflow.api.openrosa.urls")),
    path("", include("mixflow.web.urls")),
]
