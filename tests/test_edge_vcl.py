"""The edge cache's query rules (deploy/varnish.vcl) agree with the app's.

Varnish keeps only the query parameters a page's view reads, as the app's own
cache key does (roles/caching.py read_query with the view's
`public_cache(reads=[...])`). These tests read the allowlists out of the VCL,
run its regular expressions here on every public address of the app, and
compare what they keep with what the view reads: a form field added to a
view, or a new view that reads the query, fails here until the VCL follows.
The VCL itself runs under varnishtest (deploy/varnish-tests/, .ci/run).
"""

import inspect
import re
from pathlib import Path

from django import forms as django_forms
from django.conf import settings
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, resolve

from roles import forms
from roles.caching import read_query

VCL = (Path(settings.BASE_DIR) / "deploy" / "varnish.vcl").read_text()

# One branch of `sub edge_query`: the paths it applies to, then the
# regsuball that drops every parameter but the listed ones.
BRANCH = re.compile(
    r"if \((?P<paths>[^{]*)\) \{\s*(?:#[^\n]*\n\s*)*"
    r'set req\.url = regsuball\(req\.url, "(?P<drop>[^"]+)", ""\);'
)
URL_TEST = re.compile(r'req\.url ~ "([^"]+)"')
NAMES = re.compile(r"^\(\?<=\[\?&\]\)\(\?!\(\?:(?P<names>.*)\)\(\?:\[=&\]\|\$\)\)")
# Values for the converters of the app's routes (roles/converters.py).
SAMPLES = {"slug": "x", "int": "1", "yyyy": "2026", "quarter": "1", "str": "x"}
# Names to try beyond the forms' fields: readers' noise, and near misses of
# the names views read (prefixes, suffixes, the quiz's t1..t999).
PROBES = [
    *("utm_source", "fbclid", "zz", "p", "pp", "pagex", "xpage", "qq", "sorted"),
    *("role_", "e1", "t", "t1", "t12", "t999", "t1000", "tx", "t1x", "aa", "Page"),
]


def sub_body(name):
    start = VCL.index(f"sub {name} {{")
    return VCL[start : VCL.index("\n}\n", start)]


def branches():
    """(path patterns, drop pattern, kept names) of each allowlist in the VCL."""
    found = []
    for match in BRANCH.finditer(sub_body("edge_query")):
        names = NAMES.match(match["drop"])
        assert names, f"unexpected drop pattern: {match['drop']}"
        found.append(
            (
                [re.compile(path) for path in URL_TEST.findall(match["paths"])],
                re.compile(match["drop"]),
                names["names"].split("|"),
            )
        )
    return found


BRANCHES = branches()


def edge_query(url):
    """What `sub edge_query` leaves of the URL (its order aside)."""
    if "?" not in url:
        return url
    for paths, drop, _ in BRANCHES:
        if any(path.search(url) for path in paths):
            return re.sub(r"[?&]+$", "", drop.sub("", url))
    return url.split("?", 1)[0]


def passed(path):
    """Whether vcl_recv sends the address to the app untouched (a pass)."""
    before_cookies = sub_body("vcl_recv").split("unset req.http.Cookie;")[0]
    return any(re.search(test, path) for test in URL_TEST.findall(before_cookies))


def routes(patterns=None, prefix=""):
    """(route, view) of every address of the app but the admin's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route != settings.ADMIN_URL:
                yield from routes(pattern.url_patterns, route)
        else:
            yield route, pattern.callback


def sample_path(route):
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m[1] or "str"], route)


def own_query(view):
    """The pattern of the names a public_cache view reads; None for other views."""
    while view is not None:
        if inspect.isfunction(view):
            found = inspect.getclosurevars(view).nonlocals.get("own_query")
            if found is not None:
                return found
        view = getattr(view, "__wrapped__", None)
    return None


def probe_names():
    fields = {
        name
        for form in vars(forms).values()
        if isinstance(form, type) and issubclass(form, django_forms.BaseForm)
        for name in form.base_fields
    }
    return sorted(fields | set(PROBES))


def test_every_public_address_keeps_exactly_the_parameters_its_view_reads():
    checked, wrong = 0, []
    for route, view in routes():
        path = sample_path(route)
        assert resolve(path).func is view, route
        if passed(path):
            continue
        reads = own_query(view)
        for name in probe_names():
            kept = edge_query(f"{path}?{name}=1&zz=2") == f"{path}?{name}=1"
            if kept != bool(reads and reads.fullmatch(name)):
                wrong.append(f"{path} {name}: {'kept' if kept else 'dropped'}")
        checked += 1
    assert not wrong, "deploy/varnish.vcl edge_query disagrees with the views:\n" + (
        "\n".join(wrong)
    )
    assert checked > 20


def test_each_allowlist_lists_the_views_reads_and_serves_some_view():
    factory = RequestFactory()
    for paths, _, names in BRANCHES:
        served = [
            (route, view)
            for route, view in routes()
            if any(path.search(sample_path(route)) for path in paths)
        ]
        assert served, f"no view behind {[path.pattern for path in paths]}"
        for route, view in served:
            reads = own_query(view)
            assert reads is not None, f"{route} is not a public_cache view"
            # The same names as public_cache(reads=[...]) in the same spelling.
            listed = re.findall(r"\(\?:(.*?)\)(?=\||$)", reads.pattern)
            assert sorted(names) == sorted(listed), route
            # And read_query keeps what the VCL keeps.
            path = sample_path(route)
            plain = [name for name in names if re.escape(name) == name]
            query = "&".join(f"{name}=1" for name in [*plain, "utm_source", "zz"])
            request = factory.get(f"{path}?{query}")
            app_keeps = list(read_query(request, reads))
            edge_keeps = edge_query(f"{path}?{query}").split("?", 1)[1].split("&")
            assert sorted(app_keeps) == sorted(p.split("=")[0] for p in edge_keeps)


def test_every_other_address_loses_its_whole_query():
    assert re.search(
        r'\} else \{\s*(?:#[^\n]*\n\s*)*set req\.url = regsub\(req\.url, "\\\?\.\*\$", ""\);',
        sub_body("edge_query"),
    )
    assert edge_query("/roles/paralegal/?utm_source=x&page=2") == "/roles/paralegal/"


def test_the_admin_the_answer_forms_and_the_health_check_pass():
    assert passed("/" + settings.ADMIN_URL)
    assert passed("/roles/paralegal/tasks/7/in-my-job/")
    assert passed("/healthz")
    assert not passed("/roles/paralegal/")
    assert not passed("/roles/paralegal/tasks/7/thanks/")
    assert 'req.http.Cookie ~ "(^|;)\\s*sessionid="' in sub_body("vcl_recv")
    assert settings.SESSION_COOKIE_NAME == "sessionid"
