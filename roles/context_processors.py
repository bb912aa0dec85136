from django.conf import settings

from roles.dataset.anthropic import OBSERVED_RELEASE
from roles.evidence import BLS_CREDIT, anthropic_credit

# Credit lines the templates print beside the evidence, written once.
CREDITS = {
    "BLS_CREDIT": BLS_CREDIT,
    "OBSERVED_CREDIT": anthropic_credit(OBSERVED_RELEASE),
}


def site(request):
    """Site-wide values for the templates. No queries: pages keep fixed counts."""
    return {"SITE_URL": settings.SITE_URL, **CREDITS}
