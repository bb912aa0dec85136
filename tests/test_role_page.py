"""The shipped Medical Coder role file shows every fact of the reference."""

import pytest

from tests.html import visible_text

REFERENCE_AI_TASKS = [
    "Assigning ICD-10 and CPT codes to routine outpatient encounters",
    "Reviewing straightforward operative reports for procedure codes",
    "Pulling demographic and diagnosis data out of electronic health records",
    "Checking code-to-code edits and bundling rules",
    "Verifying modifiers on standard procedures",
    "Flagging missing or incomplete documentation for common encounter types",
    "Drafting preliminary coding summaries for chart review",
]
REFERENCE_HUMAN_TASKS = [
    "Auditing AI-generated codes for accuracy and compliance",
    "Coding complex inpatient and multi-procedure cases",
    "Querying physicians about ambiguous or incomplete documentation",
    "Arguing payer denial appeals and resubmissions",
    "Clinical documentation improvement (CDI) reviews",
    "Training and validating AI coding models on new specialties and code updates",
]
REFERENCE_CORE_SKILLS = [
    "ICD-10-CM, ICD-10-PCS, CPT and HCPCS code sets",
    "Medical terminology, anatomy and pharmacology",
    "Payer billing rules and compliance",
    "Attention to detail in clinical documentation",
    "EHR systems (Epic, Cerner)",
    "Certification (CPC, CCS or equivalent)",
    "HIPAA privacy and security",
]
REFERENCE_EMERGING_SKILLS = [
    "AI-assisted coding workflow oversight",
    "Clinical documentation improvement and physician advisory",
    "Coding audit and compliance analytics",
    "Reading model outputs and confidence scores",
    "Denial management and revenue-cycle optimisation",
    "Training and validating AI coding systems",
    "Data literacy and quality dashboards",
    "Change management with clinical teams",
]


@pytest.fixture
def page(client, medical_coder):
    response = client.get("/roles/medical-coder/")
    assert response.status_code == 200
    return visible_text(response.content.decode())


def in_order(text, items):
    positions = [text.index(item) for item in items]
    return positions == sorted(positions)


def test_it_shows_the_reference_figures(page):
    for figure in ["185K", "$42K", "68%", "APR 16 · 2026", "82.9", "64.29", "63.67"]:
        assert figure in page, figure
    assert "Role File · High Risk" in page
    assert "5–7 years" in page
    assert "High band · 55–74" in page


def test_it_shows_the_identity_of_the_role(page):
    assert "Medical Coder." in page
    assert "SOC 29-2072.00" in page
    assert "Healthcare" in page
    for title in [
        "Clinical Coder (UK usage)",
        "Medical Records Specialist",
        "Coding Specialist",
    ]:
        assert title in page
    assert "Editorial file, published 16 April 2026" in page
    assert "Edition 2026 Q2" in page


def test_it_shows_the_worked_formula(page):
    assert "Risk = 0.5 × 82.9 + 0.3 × 64.29 + 0.2 × (100 − 63.67) = 68" in page


def test_it_lists_all_13_tasks_in_reference_order(page):
    assert "AI will handle 7 tasks" in page
    assert "You stay relevant 6 tasks" in page
    assert in_order(page, REFERENCE_AI_TASKS)
    assert in_order(page, REFERENCE_HUMAN_TASKS)
    assert page.index(REFERENCE_AI_TASKS[-1]) < page.index(REFERENCE_HUMAN_TASKS[0])


def test_it_lists_all_15_skills_in_reference_order(page):
    assert "7 · needed today" in page
    assert "8 · build next" in page
    assert in_order(page, REFERENCE_CORE_SKILLS)
    assert in_order(page, REFERENCE_EMERGING_SKILLS)


def test_it_cites_both_sources(page):
    assert (
        "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (SOC 29-2072)"
        in page
    )
    assert "AAPC" in page
    assert page.index("U.S. Bureau of Labor Statistics") < page.index("AAPC, Research")


def test_it_has_the_sections_of_a_role_file(page):
    for heading in [
        "Assessment",
        "Where this role sits on the index.",
        "The Brief",
        "Task Analysis",
        "Stay ahead",
        "Leverage",
        "Sources",
        "How we built this file.",
    ]:
        assert heading in page
    assert "← The Index" in page


def test_the_permalink_of_the_current_edition_shows_the_same_file(
    client, medical_coder
):
    response = client.get("/roles/medical-coder/2026-q2/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Medical Coder." in visible_text(html)
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/roles/medical-coder/">'
        in html
    )
    assert "Archived edition" not in html


def test_an_older_permalink_says_it_is_archived(client, make_role, make_edition):
    role = make_role()
    make_edition(role, year=2026, quarter=1, headline="The old reading.")
    make_edition(role, year=2026, quarter=2, headline="The new reading.")
    html = client.get("/roles/analyst/2026-q1/").content.decode()
    assert "The old reading." in html
    assert "Archived edition." in html
    assert 'href="/roles/analyst/"' in html
    current = client.get("/roles/analyst/").content.decode()
    assert "1 earlier edition" in current
    assert 'href="/roles/analyst/2026-q1/"' in current


def test_the_index_lists_the_role_with_its_figures(client, medical_coder):
    response = client.get("/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert 'href="/roles/medical-coder/"' in response.content.decode()
    for figure in [
        "Medical Coder",
        "Healthcare",
        "High",
        "68",
        "185K",
        "$42K",
        "5–7 yrs",
    ]:
        assert figure in text, figure
