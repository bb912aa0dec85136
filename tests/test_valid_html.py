"""Every page family is valid HTML by the Nu HTML Checker (vnu.jar), and the
badge valid SVG.

.ci/run installs Java (Debian's default-jre-headless) and the vnu-jar npm
package and exports VNU_JAR: CI runs this test and never skips it. Elsewhere
it skips when Java or the jar is missing.

The checker takes a few seconds to start, so every page goes to one run.
"""

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.page_families import build_site, error_pages, paths

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        Path.home()
        / ".cache/takeover-meter-vnu/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


@pytest.fixture
def vnu():
    """The command that runs the checker; CI (VNU_JAR set) fails without it."""
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-Xss1024k", "-jar", str(VNU_JAR)]
    missing = "java" if not java else f"vnu.jar at {VNU_JAR}"
    if os.environ.get("VNU_JAR") or os.environ.get("CI"):
        pytest.fail(f"{missing} is missing: .ci/run installs it")
    pytest.skip(
        f"needs {missing} (apt install default-jre-headless; "
        "npm install vnu-jar, or run .ci/run)"
    )


# What htmx swaps into a page: the index's and search's results, a quiz step.
PARTIALS = {
    "index-results": "/?band=high&sort=workers",
    "search-results": "/search/?q=legal",
    "quiz-step-swap": "/quiz/?role=medical-coder",
}


def in_a_page(fragment, title):
    """Markup that goes into someone's page (a swap, an embed), in a minimal one."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><main>{fragment}</main></body></html>"
    )


def embed_snippet(role_page):
    """The badge embed code a reader copies from a role file, in a page of theirs."""
    code = re.search(
        r'<textarea[^>]*id="embed-code"[^>]*>(.*?)</textarea>', role_page, re.S
    )
    assert code, "the role file has no embed code"
    return in_a_page(html.unescape(code.group(1)), "A page that embeds the badge")


def check(vnu, files):
    """The checker's errors in every file, one run: {file name: [line: message]}."""
    files = [str(path) for path in files]
    run = subprocess.run(
        [*vnu, "--errors-only", "--also-check-svg", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(run.stderr or run.stdout)
    errors = {}
    for message in report["messages"]:
        name = Path(message.get("url", "?").removeprefix("file:")).name
        line = message.get("lastLine", message.get("firstLine", "?"))
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(name, []).append(
            f"line {line}: {message['message']} [{extract}]"
        )
    assert run.returncode in (0, 1), run.stderr
    return errors


def test_every_page_family_is_valid_html(
    client, make_role, make_edition, tmp_path, vnu
):
    pages = {}
    pages_paths = paths(build_site(make_role, make_edition, tmp_path))
    for name, (path, status) in pages_paths.items():
        response = client.get(path)
        assert response.status_code == status, f"{name}: {path}"
        pages[name] = response.content.decode()
    partials = PARTIALS | {"respond-form-swap": pages_paths["respond-form"][0]}
    for name, path in partials.items():
        response = client.get(path, headers={"HX-Request": "true"})
        assert response.status_code == 200, f"{name}: {path}"
        fragment = response.content.decode()
        assert "<html" not in fragment, f"{name}: {path} is not a partial"
        pages[name] = in_a_page(fragment, name)
    pages.update(error_pages())
    pages["embed"] = embed_snippet(pages["role-reference"])

    folder = tmp_path / "pages"
    folder.mkdir()
    files = []
    for name, markup in pages.items():
        files.append(folder / f"{name}.html")
        files[-1].write_text(markup, encoding="utf-8")
    badge = client.get("/roles/medical-coder/badge.svg")
    assert badge["Content-Type"].startswith("image/svg+xml")
    files.append(folder / "badge.svg")
    files[-1].write_bytes(badge.content)

    errors = check(vnu, files)
    if errors:
        pytest.fail(
            "The Nu HTML Checker's errors (pages in tests/page_families.py):\n"
            + "\n".join(
                f"{name}, {line}"
                for name, lines in sorted(errors.items())
                for line in lines
            ),
            pytrace=False,
        )
