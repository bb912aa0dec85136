"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from meter.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("A deliberate failure for the 500 page test.")


urlpatterns = [*site_urlpatterns, path("fail/", failing_view)]
