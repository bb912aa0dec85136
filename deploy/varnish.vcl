vcl 4.1;
# The edge cache: Varnish in front of nginx (docs/deploy.md, "Edge cache").
#
#   readers ──▶ Varnish (this file) ──▶ nginx ──▶ gunicorn
#
# This file holds the policy only, no backend: `deploy/edge` writes a small
# top file (backend = nginx's NGINX_LISTEN, the purgers' ACL entries, the
# admin's address) that includes it, and the varnishtest cases in
# deploy/varnish-tests/ include it after their mock server.
#
# What it does, in the order a request meets it:
#   - PURGE with `xkey-purge` (or `xkey-softpurge`) from an allowed address
#     ends every stored page tagged with one of the keys (vmod xkey); the
#     answer says how many in `xkey-purged`. Any other PURGE is a 405.
#   - Only GET and HEAD are looked up. The admin, staff (a `sessionid`
#     cookie), the readers' answer forms and /healthz always go to the app,
#     cookies and all.
#   - Every other request loses its Cookie header (readers' `csrftoken` must
#     neither split the cache nor bypass it) and its query string is cut to
#     the parameters the page's view reads, sorted: the same rule as the
#     app's own cache key (roles/caching.py read_query), so `?utm_source=…`
#     or a random `?zz=` never makes a page of its own nor reaches the app.
#   - A response is kept for its `s-maxage` (Varnish reads it before
#     max-age), served stale for `stale-while-revalidate` while one
#     background fetch renews it, and for `stale-if-error` when the app
#     errors (5xx) or cannot be reached. A response without explicit
#     freshness, or `private` / `no-store` / `no-cache` / `Set-Cookie`, is
#     never stored.
#   - The `xkey` header (the page's surrogate keys) is indexed and never
#     delivered. Like every response header it must fit Varnish's
#     http_resp_hdr_len (8 KB by default): tag a list page with a few
#     broad keys, not one per role on it.
#
# X-Forwarded-For: Varnish appends the reader's address, and nginx behind it
# appends Varnish's, so the app's PROXY_COUNT must count Varnish too
# (`deploy/edge` runs the app with PROXY_COUNT=2: Varnish and nginx).
# Gzip (http_gzip_support, on by default): Varnish asks the app for gzip on
# every fetch for the cache, stores the gzipped page once and gunzips it for
# the few clients that do not accept gzip; it matches Vary: Accept-Encoding
# itself (one copy serves both) and keeps the header for browsers.

import std;
import var;
import xkey;

# Who may purge: this machine by default. `deploy/edge` adds EDGE_PURGERS
# (the app servers' addresses) at the marker below.
acl purgers {
    "127.0.0.1";
    "::1";
    # @PURGERS@
}

sub vcl_recv {
    # Headers this file uses between its own steps: never a client's.
    if (req.restarts == 0) {
        unset req.http.X-Edge-Grace;
        unset req.http.X-Edge-Error;
    }
    # After a hit past the page's stale-while-revalidate (vcl_hit): look up
    # again with grace capped at it, which is a miss that renews the page in
    # the foreground, the stale copy still kept for stale-if-error.
    # req.grace outlives a restart: every pass through here sets it (a year
    # is no cap: the object's own grace applies).
    if (req.http.X-Edge-Grace) {
        set req.grace = std.duration(req.http.X-Edge-Grace + "s", 0s);
    } else {
        set req.grace = 365d;
    }

    # The app's purger (roles: the xkey keys of what a publish changed).
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Method Not Allowed"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Edge-Purged = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey-softpurge) {
            # Soft: the pages expire but keep their grace, so readers get
            # the stale page while one fetch renews it.
            set req.http.X-Edge-Purged = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "PURGE needs an xkey-purge or xkey-softpurge header"));
        }
        return (synth(200, "Purged"));
    }

    # Only GET and HEAD are cacheable: readers POST their answers to
    # /roles/<slug>/tasks/<id>/in-my-job/ and staff POST in the admin. The
    # builtin rule passes them with their cookies (the CSRF check needs
    # them), pipes unknown methods and refuses PRI.
    if (req.method != "GET" && req.method != "HEAD") {
        call vcl_req_method;
    }

    # Staff: Django's session cookie (SESSION_COOKIE_NAME). Staff get fresh
    # pages, previews included, which must never be stored or served to
    # readers; readers never get a session (roles/caching.py
    # is_staff_request).
    if (req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    # The admin (ADMIN_URL in meter/settings.py, /admin/ by default;
    # `deploy/edge` writes ADMIN_URL here when it is set). Its login sets
    # the CSRF cookie before there is a session.
    if (req.url ~ "^/admin/") {
        return (pass);
    }
    # The readers' answer forms set the CSRF cookie and read it back; the
    # health check must reach the app, not a stored answer.
    if (req.url ~ "^/roles/[^/?]+/tasks/[0-9]+/in-my-job/" ||
        req.url ~ "^/healthz(\?|$)") {
        return (pass);
    }

    # Everything else is the same page for every reader: their cookies
    # (csrftoken, analytics) neither split the cache nor bypass it.
    unset req.http.Cookie;
    call edge_query;
    # The builtin rules go on: Host lowercased, Authorization passes, lookup.
}

# The query string as the app's cache key has it: only the parameters the
# page's view reads, sorted (roles/caching.py read_query, with the view's
# `public_cache(reads=[...])`). Keep each list in step with its source;
# tests/test_edge_vcl.py compares them with the code.
sub edge_query {
    if (req.url !~ "\?") {
        return;
    }
    set req.url = std.querysort(req.url);
    if (req.url ~ "^/(\?|$)" || req.url ~ "^/map/(\?|$)") {
        # roles/views/index.py index, roles/views/map.py exposure_map:
        # IndexForm (roles/forms.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:page|q|sector|band|origin|horizon|min_risk|max_risk|growth|observed|sort)(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/search/(\?|$)") {
        # roles/views/index.py search_page: SearchForm (roles/forms.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:page|q)(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/compare/(\?|$)") {
        # roles/views/compare.py compare: CompareForm (roles/forms.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:roles|add)(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/quiz/(\?|$)") {
        # roles/views/quiz.py quiz: SearchForm, QuizRoleForm, QuizStepForm
        # (roles/forms.py) and QUIZ_ANSWER (roles/views/quiz.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:page|q|role|step|a|t\d{1,3})(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/quiz/result/(\?|$)") {
        # roles/views/quiz.py quiz_result: QuizAnswersForm (roles/forms.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:role|e|a|s|p|u)(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/methodology/(\?|$)") {
        # roles/views/pages.py methodology: IndexComparisonForm (roles/forms.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:role)(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/toolkit/(\?|$)") {
        # roles/views/pages.py toolkit: ToolkitForm (roles/forms.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:role|kind)(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/skills/[^/?]+/(\?|$)" || req.url ~ "^/api/roles\.json(\?|$)") {
        # roles/views/browse.py skill_detail, roles/views/open_data.py
        # api_roles: PageForm (roles/forms.py).
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:page)(?:[=&]|$))[^&]*&?", "");
    } elsif (req.url ~ "^/sitemap\.xml(\?|$)") {
        # meter/urls.py sitemap: reads=["p"].
        set req.url = regsuball(req.url, "(?<=[?&])(?!(?:p)(?:[=&]|$))[^&]*&?", "");
    } else {
        # Every other page reads no parameter (static files neither).
        set req.url = regsub(req.url, "\?.*$", "");
    }
    # What dropping left: a trailing "&" or a bare "?".
    set req.url = regsub(req.url, "[?&]+$", "");
}

sub vcl_hit {
    # Fresh, or the app just failed (vcl_synth), or this is the second
    # look with grace already capped: serve the stored page.
    if (obj.ttl >= 0s || req.http.X-Edge-Error || req.http.X-Edge-Grace) {
        return (deliver);
    }
    # Within stale-while-revalidate: serve it stale; Varnish renews it with
    # one background fetch.
    if (obj.ttl + std.duration(obj.http.X-Edge-Swr + "s", 0s) > 0s) {
        return (deliver);
    }
    # Past it but within stale-if-error, which only a failing app may use:
    # look up again as a miss (vcl_recv caps the grace).
    set req.http.X-Edge-Grace = obj.http.X-Edge-Swr;
    return (restart);
}

sub vcl_miss {
    # The app failed and the stale copy went meanwhile (a purge): say so
    # without asking the failing app a second time.
    if (req.http.X-Edge-Error) {
        return (synth(503));
    }
}

sub vcl_backend_fetch {
    # Serving a stale page because the app just failed starts a background
    # fetch too: skip it, the app was asked a moment ago.
    if (bereq.is_bgfetch && bereq.http.X-Edge-Error) {
        return (abandon);
    }
    # The fetch renews a page whose stale copy waits (vcl_hit): noted for
    # vcl_backend_response, never sent to the app.
    if (bereq.http.X-Edge-Grace) {
        var.set("stale", "1");
    }
    unset bereq.http.X-Edge-Grace;
    unset bereq.http.X-Edge-Error;
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        # A pass: as the app answered.
        return (deliver);
    }
    if (beresp.status >= 500) {
        # A failed renewal leaves the stale page in place: in the background
        # it goes on being served; in the foreground vcl_synth looks it up
        # again within stale-if-error. Storing anything here, even a
        # hit-for-miss, would replace the stale page.
        if (bereq.is_bgfetch || var.get("stale") == "1") {
            return (abandon);
        }
        # Nothing stale: the app's own error page, never stored.
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        set beresp.keep = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Only what the app says may be kept: no default TTL for an answer
    # without max-age, s-maxage or Expires (a 404 or redirect the app did not
    # mark). Varnish took beresp.ttl from s-maxage before max-age, so
    # `max-age=0, s-maxage=N` is N seconds here and 0 in browsers.
    if (beresp.http.Cache-Control !~ "(?i)(s-maxage|max-age)\s*=" && !beresp.http.Expires) {
        set beresp.ttl = 0s;
    }
    # Grace is stale-while-revalidate (Varnish set it from the header);
    # without the directive there is none, rather than default_grace.
    if (beresp.http.Cache-Control !~ "(?i)stale-while-revalidate\s*=") {
        set beresp.grace = 0s;
    }
    set beresp.http.X-Edge-Swr = beresp.grace;
    # stale-if-error: grace must cover it, since Varnish never serves an
    # object past ttl + grace (beresp.keep only keeps it for conditional
    # revalidation). vcl_hit serves the part past stale-while-revalidate
    # only after the app failed.
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error\s*=\s*[0-9]+") {
        set beresp.http.X-Edge-Sie = regsub(beresp.http.Cache-Control, "(?i)^.*stale-if-error\s*=\s*([0-9]+).*$", "\1s");
        if (std.duration(beresp.http.X-Edge-Sie, 0s) > beresp.grace) {
            set beresp.grace = std.duration(beresp.http.X-Edge-Sie, 0s);
        }
        unset beresp.http.X-Edge-Sie;
    }
    # The builtin rules go on: ttl 0, Set-Cookie, private, no-store,
    # no-cache or Vary: * make a hit-for-miss, never a stored page.
}

sub vcl_backend_error {
    # The app could not be reached (or answered too late): as a 5xx answer.
    if (bereq.is_bgfetch || var.get("stale") == "1") {
        return (abandon);
    }
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.keep = 0s;
    set beresp.uncacheable = true;
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Content-Type = "text/plain; charset=utf-8";
    set beresp.http.Retry-After = "5";
    set beresp.body = {"The site is unavailable for a moment: please try again.
"};
    return (deliver);
}

sub vcl_deliver {
    # Surrogate keys and this file's notes are for Varnish only.
    unset resp.http.xkey;
    unset resp.http.X-Edge-Swr;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

sub vcl_synth {
    # The renewal of a stale page failed (vcl_backend_response abandoned
    # it): look it up again with its whole grace, so vcl_hit serves it
    # within stale-if-error.
    if (resp.status == 503 && req.http.X-Edge-Grace && !req.http.X-Edge-Error) {
        set req.http.X-Edge-Error = "503";
        unset req.http.X-Edge-Grace;
        return (restart);
    }
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.xkey-purged = req.http.X-Edge-Purged;
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = req.http.X-Edge-Purged + {"
"};
        return (deliver);
    }
    if (resp.status == 405) {
        set resp.http.Allow = "GET, HEAD, POST";
    }
    if (resp.status >= 500) {
        set resp.http.Retry-After = "5";
        set resp.http.Cache-Control = "no-store";
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = {"The site is unavailable for a moment: please try again.
"};
        return (deliver);
    }
}
