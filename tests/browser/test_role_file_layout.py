"""The role file's layout in Chromium at a phone's and a desktop's width
(issue 19): the task columns start level, a long title keeps to two lines
on a desktop, the meter's label is whole and inside the meter, "= N" stays
on its term's line, nothing is wider than a phone and the sources lay out
before they are scrolled to (no content-visibility placeholder)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from roles.models import Role, Sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The longest title among the 784 roles of the full data.
LONGEST = (
    "First-Line Supervisors of Transportation and Material Moving Workers, "
    "Except Aircraft Cargo Handling Supervisors"
)
LONG = "Bookkeeping, Accounting, and Auditing Clerks"


@pytest.fixture
def files(make_edition):
    """The Medical Coder, and two long-titled files with more and fewer tasks."""
    call_command("load_editorial", verbosity=0)
    sector = Sector.objects.first()
    paths = ["/roles/medical-coder/"]
    for slug, title, tasks, score in [
        ("longest", LONGEST, 12, (30, 25, 70)),  # a low score: the label hangs right
        ("bookkeeping", LONG, 3, (90, 85, 10)),  # a high one: it hangs left
    ]:
        role = Role.objects.create(
            slug=slug, title=title, summary="What the job is.", sector=sector
        )
        skill_vulnerability, task_automation, ai_complementarity = score
        make_edition(
            role,
            tasks=tasks,
            sources=6,
            skill_vulnerability=skill_vulnerability,
            task_automation=task_automation,
            ai_complementarity=ai_complementarity,
        )
        paths.append(role.get_absolute_url())
    return paths


LAYOUT = """() => {
  const top = (e) => e.getBoundingClientRect().top + scrollY;
  const firsts = [...document.querySelectorAll('.task-column')].map(
    (column) => top(column.querySelector('.task-list li, .column-empty')));
  const h1 = document.querySelector('.role-title');
  const style = getComputedStyle(h1);
  const label = [...document.querySelectorAll('.meter-label')].filter(
    (svg) => svg.getClientRects().length);
  const name = label[0].querySelector('.meter-name');
  const box = name.getBBox();
  const formula = document.querySelector('.formula-line .formula');
  const result = formula.querySelector('.formula-result');
  const before = result.previousSibling;  // the terms and "&nbsp;=&nbsp;"
  const range = document.createRange();
  const end = before.textContent.trimEnd().length;
  range.setStart(before, end - 1);
  range.setEnd(before, end);
  const sources = document.querySelector('.source-list');
  return {
    taskTops: firsts,
    h1Lines: h1.getBoundingClientRect().height / parseFloat(style.lineHeight),
    labels: label.length,
    labelText: [...name.querySelectorAll('tspan')].map((t) => t.textContent).join(' '),
    labelLeft: box.x,
    labelRight: box.x + box.width,
    meterWidth: label[0].getBoundingClientRect().width,
    equalsTop: range.getBoundingClientRect().top,
    resultTop: result.getBoundingClientRect().top,
    overflow: document.documentElement.scrollWidth - innerWidth,
    sourcesHeight: sources.getBoundingClientRect().height,
    firstSourceHeight: sources.querySelector('li').getBoundingClientRect().height,
    pageHeight: document.documentElement.scrollHeight,
    link: document.querySelector('.formula-link').getAttribute('href'),
  };
}"""


@pytest.mark.parametrize("width", [390, 1366])
def test_the_role_file_holds_its_layout(live_server, page, files, width):
    page.set_viewport_size({"width": width, "height": 900})
    shots = os.environ.get("ROLE_SHOTS")
    for path in files:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        found = page.evaluate(LAYOUT)
        title = page.locator(".role-title").inner_text().rstrip(".")
        if width == 1366:
            ai_top, human_top = found["taskTops"]
            assert abs(ai_top - human_top) < 1, (path, found["taskTops"])
            assert round(found["h1Lines"]) <= 2, (path, found["h1Lines"])
        else:
            assert found["overflow"] <= 0, (path, found["overflow"])
        # The meter's label: one shown, the whole name, inside the meter.
        assert found["labels"] == 1, path
        assert found["labelText"].replace(" ", "") == title.upper().replace(" ", "")
        assert found["labelLeft"] >= 0, (path, found)
        assert found["labelRight"] <= found["meterWidth"], (path, found)
        # "= N" on the same line as the term before it.
        assert abs(found["equalsTop"] - found["resultTop"]) < 4, (path, found)
        assert found["link"].endswith("#score-heading")
        # The sources are laid out before they are scrolled to: they show in
        # a full-page capture, and the page does not grow when they come near.
        assert found["sourcesHeight"] > 100, (path, found["sourcesHeight"])
        assert found["firstSourceHeight"] > 0
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(200)
        assert page.evaluate(LAYOUT)["pageHeight"] == found["pageHeight"], path
        if shots:
            name = path.strip("/").replace("/", "-")
            page.screenshot(
                path=str(Path(shots) / f"{name}-{width}.png"), full_page=True
            )


def test_the_longest_title_keeps_to_two_lines_at_every_desktop_width(
    live_server, page, files
):
    page.goto(f"{live_server.url}/roles/longest/")
    for width in (641, 800, 1024, 1366, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        lines = page.evaluate(
            "() => { const h = document.querySelector('.role-title');"
            " return h.getBoundingClientRect().height"
            " / parseFloat(getComputedStyle(h).lineHeight); }"
        )
        assert round(lines) <= 2, (width, lines)


def test_the_link_leads_to_the_score_section(live_server, page, files):
    page.goto(f"{live_server.url}/roles/medical-coder/")
    page.get_by_role("link", name="How the score is made").click()
    page.wait_for_load_state()
    assert page.url.endswith("/methodology/#score-heading")
    heading = page.locator("#score-heading")
    assert heading.inner_text() == "Three factors, one weighted sum."
    assert heading.is_visible()
