"""Deployment checks (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """The page cache's version must be shared by every worker process."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The default cache is per process: with several workers, a "
                "publish ends the cached pages of one worker only.",
                hint="Set REDIS_URL so that every worker shares one cache.",
                id="roles.W001",
            )
        ]
    return []
