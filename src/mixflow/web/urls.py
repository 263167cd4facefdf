from django.contrib.auth import views as auth_views
from django.urls import path

from mixflow.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("persons/", views.person_search, name="person_search"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/<int:site_id>/", views.site_detail, name="site_detail"),
]
