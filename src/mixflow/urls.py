from django.urls import include, path
from django.views.i18n import set_language

from mixflow.api.tokens import TokenList, TokenRevoke
from mixflow.core.admin import site as admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    # One's own API tokens (next to api/token/, which issues them).
    path("api/tokens/", TokenList.as_view(), name="api_tokens"),
    path("api/tokens/<int:pk>/", TokenRevoke.as_view(), name="api_token"),
    path("api/", include("mixflow.api.urls")),
    path("", include("mixflow.api.openrosa.urls")),
    path("", include("mixflow.web.urls")),
]
