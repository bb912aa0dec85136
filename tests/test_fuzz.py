"""Fuzz every public URL with random paths and query strings.

Whatever arrives, the answer is never a server error, and nothing the reader
typed comes back unescaped.
"""

import string
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_guards import DATA_PATHS, SAMPLE_PATHS

# The marker is HTML that must never appear as markup in a response.
MARKER = "<fz\"'>"
PARAMETERS = [
    "q", "page", "sector", "band", "origin", "horizon", "min_risk", "max_risk",
    "sort", "roles", "add", "role", "kind", "e", "a", "s", "p", "u", "step",
]  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.printable, max_size=30),
    st.sampled_from(
        [
            "medical-coder",
            "healthcare",
            "high",
            "risk",
            "-1",
            "0",
            "99999999999",
            "1e9",
            "2026-q2",
            "tool",
            "%00",
            "\x00",
            "medical\x00coder",
            "../../etc",
            "medical-coder,paralegal",
        ]
    ),  # fmt: skip
    st.just(MARKER),
    st.text(max_size=10).map(lambda text: text + MARKER),
)
SEGMENTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "medical-coder",
            "2026-q2",
            "2026-q9",
            "badge.svg",
            "share.png",
            ".json",
            "healthcare",
            MARKER,
            "..",
            "%2e%2e",
            "\x00",
        ]
    ),  # fmt: skip
)
BASES = sorted(
    {path.split("?")[0] for path in [*SAMPLE_PATHS.values(), *DATA_PATHS.values()]}
)


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_safe(response):
    assert response.status_code < 500
    body = body_of(response).decode(errors="replace")
    if response["Content-Type"].startswith("text/html"):
        assert MARKER not in body


FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    base=st.sampled_from(BASES),
    params=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=5),
)
def test_every_public_url_takes_any_query_string(client, medical_coder, base, params):
    query = urlencode(params)
    assert_safe(client.get(f"{base}?{query}" if query else base))


@FUZZ
@given(
    base=st.sampled_from(BASES),
    segments=st.lists(SEGMENTS, min_size=1, max_size=3),
    trailing=st.booleans(),
)
def test_every_public_url_takes_any_path_below_it(
    client, medical_coder, base, segments, trailing
):
    tail = "/".join(quote(segment, safe="") for segment in segments)
    path = f"{base.rstrip('/')}/{tail}{'/' if trailing else ''}"
    assert_safe(client.get(path))


# A NUL byte, raw or percent-encoded, is refused by PostgreSQL in any query.
RAW_QUERY = st.one_of(
    st.text(alphabet=string.printable, max_size=60),
    st.sampled_from(["%00", "q=%00", "%00=1", "role=a%00b", "page=1%00", "q=\x00"]),
)


@FUZZ
@given(raw=RAW_QUERY)
def test_raw_query_strings_never_break_a_page(client, medical_coder, raw):
    for base in ("/", "/search/", "/compare/", "/toolkit/", "/api/roles.json"):
        assert_safe(client.get(base, QUERY_STRING=raw))
