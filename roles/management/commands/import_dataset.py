"""Load the data-built role files: replay the shipped releases, or build a new one.

    python manage.py import_dataset                          # replay every published release
    python manage.py import_dataset --raw ../shared/data     # build this quarter's draft release
    python manage.py import_dataset --raw ../shared/data --quarter 2027-q1
    python manage.py import_dataset --ship                   # date the files of published releases

Each file in fixtures/dataset/releases/ is one data release. A plain run
replays the dated ones (published releases) in order, each as published on
its day, so a fresh database gets the site's whole history; a release already
in the database is skipped, so a second run changes nothing. Only a build from
raw data makes a draft release, which a publisher reviews and publishes in
the admin; `--ship` then writes its publish date into its file, to commit.
Editorial roles are never touched. Each step is one transaction.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from roles import publishing, releases
from roles.dataset.build import build
from roles.dataset.derived import (
    read_derived,
    release_paths,
    write_credits,
    write_release,
)
from roles.dataset.raw import DatasetError
from roles.models import DataRelease

DERIVED_FOLDER = Path(settings.BASE_DIR) / "fixtures" / "dataset"


class Command(BaseCommand):
    help = "Replay the shipped data releases, or build a draft release from --raw data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--raw",
            type=Path,
            help="Folder of raw data (../shared/data): build a draft release from it.",
        )
        parser.add_argument(
            "--quarter",
            help="The draft release's quarter, e.g. 2027-q1 (default: this quarter, "
            "or the one after the last published release). Never a past quarter.",
        )
        parser.add_argument(
            "--ship",
            action="store_true",
            help="Write each published release's date into its file.",
        )
        parser.add_argument(
            "--derived",
            type=Path,
            default=DERIVED_FOLDER,
            help="Folder of the derived files.",
        )

    def handle(self, *args, raw, quarter, ship, derived, **options):
        try:
            if raw is not None:
                self.build_draft(raw, derived, self.quarter(quarter))
            elif ship:
                self.ship(derived)
            else:
                self.replay(derived)
        except (DatasetError, releases.ReleaseError) as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        except publishing.PublishingError as error:
            raise CommandError(
                "Nothing was published: " + " ".join(error.reasons)
            ) from error

    @staticmethod
    def quarter(text):
        if text is None:
            return None
        try:
            return releases.parse_quarter(text)
        except releases.ReleaseError as error:
            raise CommandError(f"--quarter: {error}") from error

    def build_draft(self, raw, derived, quarter):
        started = time.perf_counter()
        self.stdout.write(f"Reading raw data from {raw} ...")
        meta, records, report = build(raw)
        for reason, items in sorted(report.skipped.items()):
            self.stdout.write(f"  not built, {reason}: {len(items)} (e.g. {items[0]})")
        release = releases.build_release(meta, records, quarter)
        meta["release"] = {
            "year": release.year,
            "quarter": release.quarter,
            "published_on": None,
        }
        path = write_release(derived, meta, records)
        write_credits(derived, raw)
        self.stdout.write(f"Wrote {path} (a draft until it is published).")
        self.report(release, time.perf_counter() - started)
        self.stdout.write(
            f"Review and publish it in the admin: Data releases → {release.label}."
        )

    def replay(self, derived):
        paths = release_paths(derived)
        if not paths:
            raise CommandError(f"No release files in {derived / 'releases'}.")
        for path in paths:
            meta, records = read_derived(path)
            shipped = meta.get("release") or {}
            published_on = releases.parse_day(shipped.get("published_on"))
            if published_on is None:
                self.stdout.write(
                    f"{path.name}: a draft release, not replayed (build it with --raw)."
                )
                continue
            year, quarter = shipped["year"], shipped["quarter"]
            if DataRelease.objects.filter(
                year=year, quarter=quarter, status=DataRelease.Status.PUBLISHED
            ).exists():
                self.stdout.write(f"{year} Q{quarter}: already published, unchanged.")
                continue
            started = time.perf_counter()
            with transaction.atomic():
                release = releases.build_release(
                    meta, records, (year, quarter), allow_past=True
                )
                publishing.publish_release(release, None, published_on)
            self.report(release, time.perf_counter() - started)
        if derived == DERIVED_FOLDER:
            # The shipped editorial editions written after a shipped release
            # wait for it to be replayed (see load_editorial).
            call_command("load_editorial", "--follow-ups", stdout=self.stdout)

    def ship(self, derived):
        """Date each file as its release stands: published, or a draft again."""
        states = {
            (release.year, release.quarter): release
            for release in DataRelease.objects.all()
        }
        for path in release_paths(derived):
            meta, records = read_derived(path)
            shipped = meta["release"]
            release = states.get((shipped["year"], shipped["quarter"]))
            if release is None:
                self.stdout.write(f"{path.name}: not in this database; left as it is.")
                continue
            if releases.data_digest(meta, records) != release.digest:
                raise CommandError(
                    f"{path} does not hold the data the {release.label} release was built from."
                )
            published = release.status == DataRelease.Status.PUBLISHED
            if published and shipped.get("published_on") == str(release.published_on):
                # A shipped release is history: its file stays byte for byte.
                self.stdout.write(f"{path.name}: published on {release.published_on}.")
                continue
            shipped["published_on"] = (
                release.published_on.isoformat() if published else None
            )
            shipped["notes"] = release.notes
            write_release(derived, meta, records)
            state = f"published on {release.published_on}" if published else "a draft"
            self.stdout.write(f"{path.name}: {state}.")

    def report(self, release, seconds):
        counts = release.counts
        summary = ", ".join(
            f"{counts.get(key, 0):,} {key}"
            for key in ("changed", "new", "unchanged", "retired")
        )
        state = release.get_status_display().lower()
        self.stdout.write(
            self.style.SUCCESS(f"{release}: {state}; {summary} ({seconds:.1f} s).")
        )
        for problem in publishing.release_problems(release):
            self.stdout.write(f"  blocks publishing: {problem}")
        for flag in release.flags:
            self.stdout.write(f"  to check: {flag['role']}: {flag['message']}")
