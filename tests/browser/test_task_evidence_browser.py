"""The task columns of data-built files in Chromium (issue 17): labels,
specialty, an empty column and the key, with no accessibility faults and
nothing wider than a 390px phone."""

import os
import shutil
from pathlib import Path

import pytest

from roles.models import Role
from tests.browser.test_map_browser import violations
from tests.test_dataset import SAMPLE, publish_raw
from tests.test_task_selection import CHIEF_EXECUTIVES, rewrite, zero_keyers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def built(sectors_committed, tmp_path):
    """The sample with a specialty-only role and a role with no AI column."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    rewrite(
        raw / "onet" / "Task Statements.txt",
        keep=lambda row: row["O*NET-SOC Code"] != CHIEF_EXECUTIVES,
    )
    rewrite(raw / "eloundou" / "full_labelset.tsv", change=zero_keyers)
    publish_raw(raw, tmp_path / "derived")
    return {
        soc: Role.objects.get(soc_code=soc).get_absolute_url()
        for soc in ("11-1011", "43-9021", "15-1252")
    }


@pytest.mark.parametrize("width", [390, 1366])
def test_the_task_columns_read_on_a_phone_and_a_desktop(
    live_server, page, built, axe_source, width
):
    page.set_viewport_size({"width": width, "height": 900})
    shots = os.environ.get("TASK_SHOTS")
    for soc, path in built.items():
        page.goto(f"{live_server.url}{path}")
        assert violations(page, axe_source) == [], path
        # Nothing in the section is wider than the window.
        overflow = page.evaluate(
            "() => [...document.querySelectorAll('.task-columns *, "
            ".task-evidence-key *')].filter(e => e.getBoundingClientRect().right"
            " > document.documentElement.clientWidth + 1).length"
        )
        assert overflow == 0, (path, width)
        labels = page.locator(".task-list .task-label")
        assert labels.count() >= 2
        assert labels.first.is_visible()
        if shots:
            section = page.locator("section[aria-labelledby='tasks-heading']")
            section.screenshot(path=str(Path(shots) / f"tasks-{soc}-{width}.png"))
