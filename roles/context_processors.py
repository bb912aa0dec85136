from django.conf import settings


def site(request):
    """Site-wide values for base.html. No queries: pages keep fixed counts."""
    return {"SITE_URL": settings.SITE_URL}
