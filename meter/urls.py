from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from roles.caching import public_cache
from roles.sitemaps import SITEMAPS
from roles.views.pages import favicon, healthz, robots_txt

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # The sitemap view reads its page number from `p`.
    path(
        "sitemap.xml",
        public_cache(sitemap, reads=["p"]),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", include("roles.urls")),
]

# A database that stops taking writes mid-response is a 503, not a 400 or 500.
handler400 = "roles.views.pages.bad_request_page"
handler500 = "roles.views.pages.server_error"
