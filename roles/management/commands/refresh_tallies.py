"""Count readers' responses now, and delete those past their retention.

The site does both by itself as answers arrive and pages are read
(roles/responses.py); this catches a role nobody has read since its last
answers, and expired answers on a site that gets none for a day. Safe to run
from a timer at any rate: a role is counted only when it has new answers.
"""

from django.core.management.base import BaseCommand

from roles import responses


class Command(BaseCommand):
    help = "Count readers' responses of every role with new ones; delete expired ones."

    def handle(self, *args, **options):
        deleted = responses.prune()
        counted = responses.refresh_stale()
        self.stdout.write(
            f"Counted the tallies of {len(counted)} role(s); "
            f"deleted {deleted} expired response(s)."
        )
