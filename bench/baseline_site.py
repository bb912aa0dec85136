"""The baseline for `make bench`: Django's "hello world" on this machine.

One view rendering a ~10 KB template, with no database, behind the middleware a
new Django project starts with. Served by gunicorn exactly as the site is:

    gunicorn bench.baseline_site:application
"""

from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.shortcuts import render
from django.urls import path

HERE = Path(__file__).resolve().parent

settings.configure(
    DEBUG=False,
    SECRET_KEY="baseline-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [HERE / "baseline"],
        }
    ],
    DATABASES={},
)


def page(request):
    return render(request, "page.html", {"title": "Baseline", "items": range(40)})


urlpatterns = [path("", page)]
application = get_wsgi_application()
