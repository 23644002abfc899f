vcl 4.1;

# Varnish configuration for the clinic site (Django + Wagtail behind gunicorn).
# Written for Varnish 7.1 (Debian bookworm's `varnish` package); checked with `varnishd -C -f`.
#
# What it does, in one paragraph: the application decides what may be shared. Every response it
# allows shared caches to keep carries
#
#     Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M
#
# (clinic/http/cache.py); everything else is `private` or `no-store`. Varnish keeps exactly the
# responses with `s-maxage` (for N seconds, serving them up to M seconds stale while it fetches
# a fresh copy in the background), for anonymous GET/HEAD requests only. When an editor publishes,
# the site sends HTTP PURGE requests to Varnish (clinic/http/purge.py, run by the task worker), and
# this file turns each into a ban of every cached variant of that path.
#
# Deployment notes for the hosting provider:
#
# * The site's settings must know where Varnish listens, for the purges:
#   FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081 (the address of Varnish's `-a` listener as
#   seen from the app server and the task worker). The PURGE requests carry the public host
#   name of the site (Wagtail's Site record) in the Host header.
# * PURGE is accepted only from the addresses in the `purgers` ACL below, judged on client.ip.
#   If a proxy that terminates TLS (nginx, haproxy without the PROXY protocol, ...) runs on the
#   same machine in front of Varnish, client.ip is that proxy's address for every visitor:
#   that proxy MUST refuse the PURGE method itself (nginx:
#   `if ($request_method = PURGE) { return 405; }`), or use the PROXY protocol
#   (`-a :6086,PROXY`) so that client.ip is the real visitor.
# * Behind a TLS terminator, set X-Forwarded-Proto (https) there: Django uses it to build links
#   and for its HTTPS redirect, and Varnish keeps http and https copies apart (vcl_hash).
# * Start varnishd with this file, e.g.
#   varnishd -a :6081 -f /etc/varnish/clinic.vcl -s malloc,256m
#   Keep the defaults of the parameters `http_gzip_support` (on) and `ban_lurker_*`.
# * Response headers X-Cache (HIT, MISS or PASS) and X-Cache-Hits say what Varnish did; they are
#   harmless to expose, and the tests rely on X-Cache.

import std;

# --- The application server -------------------------------------------------------------------
#
# gunicorn (clinic/deploy/gunicorn.conf.py). Keep these two assignments exactly as written on
# one line each: the production tests replace the port with the one their gunicorn listens on.
backend default {
    .host = "127.0.0.1"; .port = "8000";
    .connect_timeout = 3s;
    # gunicorn kills a request after GUNICORN_TIMEOUT (30 s by default); a first PDF rendering
    # of a handout may take a few seconds.
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
    # No health probe: with stale-while-revalidate (grace) Varnish already keeps serving what it
    # has while a fetch fails, and a probe of /healthz needs a Host header that is in Django's
    # ALLOWED_HOSTS (else Django answers 400 and Varnish would mark the site down). To add one:
    #
    # .probe = {
    #     .request = "GET /healthz HTTP/1.1"
    #                "Host: www.example.org"      # one of ALLOWED_HOSTS
    #                "Connection: close";
    #     .interval = 5s; .timeout = 3s; .window = 5; .threshold = 3; .initial = 3;
    # }
}

# --- Who may purge ----------------------------------------------------------------------------
#
# The app server and the task worker, which send the purges. Add their addresses if they run on
# other machines (and read the note above about proxies in front of Varnish).
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

# --- Requests ---------------------------------------------------------------------------------

sub vcl_recv {
    # One spelling of each host name, so that the cache key and the purges agree.
    if (req.http.Host) {
        set req.http.Host = req.http.Host.lower();
    }

    if (req.method == "PURGE") {
        call clinic_purge;
    }

    # Only GET and HEAD are ever served from or stored in the cache. (POST, the admin's forms,
    # the password form of a restricted page, ... always reach the site.)
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # The Wagtail admin (its pages, previews, the login form) is never cached.
    if (req.url ~ "^/admin(/|\?|$)") {
        return (pass);
    }

    # Credentials: never cached, never shared.
    if (req.http.Authorization) {
        return (pass);
    }

    # Django's session cookie (a logged-in editor, a visitor who unlocked a password-protected
    # page) and CSRF cookie (someone who has seen a form) mean the answer may be personal: pass.
    # The names are Django's defaults (SESSION_COOKIE_NAME, CSRF_COOKIE_NAME).
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|csrftoken)=") {
        return (pass);
    }

    # Any other cookie (analytics, a consent banner, ...) means nothing to the site: drop it, so
    # that it neither makes the request uncacheable nor splits the cache.
    unset req.http.Cookie;

    # Anything else: look it up in the cache. (Varnish's built-in vcl_recv runs after this one
    # for the few cases not decided above, e.g. a HTTP/1.1 request without a Host header.)
}

# PURGE <path>[?query]   (Host: <site host>)
#     bans every cached object of that host whose path (without the query string) is <path>:
#     purging /articles/sleep/handout/ forgets all its ?size=...&location=... variants, and
#     purging /articles/ forgets every page of the list (?page=2, ...).
# PURGE /   with `X-Purge: all`   (Host: <site host>)
#     bans every cached object of that host (clinic.http.purge.HTTPPurgeBackend.purge_everything:
#     a page moved or deleted, a view restriction or the clinic settings changed, ...).
#
# The bans test only obj.http.* headers stored with each object (x-host, x-url-path, set in
# vcl_backend_response), so the background ban lurker can apply them and the ban list stays
# short.
sub clinic_purge {
    if (client.ip !~ purgers) {
        return (synth(405, "Not allowed"));
    }
    if (!req.http.Host) {
        return (synth(400, "PURGE needs a Host header"));
    }
    if (req.http.X-Purge == "all") {
        if (!std.ban("obj.http.x-host == " + req.http.Host)) {
            return (synth(400, "Ban failed: " + std.ban_error()));
        }
    } else {
        if (!std.ban("obj.http.x-host == " + req.http.Host +
                     " && obj.http.x-url-path == " + regsub(req.url, "\?.*$", ""))) {
            return (synth(400, "Ban failed: " + std.ban_error()));
        }
    }
    return (synth(200, "Purged"));
}

sub vcl_hash {
    # URL and host, as in Varnish's default, plus the scheme the visitor used (set by the TLS
    # terminator): the http and https answers of a page differ (redirect, absolute links).
    hash_data(req.url);
    if (req.http.Host) {
        hash_data(req.http.Host);
    } else {
        hash_data(server.ip);
    }
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

# --- Responses from the site ------------------------------------------------------------------

sub vcl_backend_response {
    # What the bans in clinic_purge match on (removed again in vcl_deliver).
    set beresp.http.x-host = bereq.http.Host;
    set beresp.http.x-url-path = regsub(bereq.url, "\?.*$", "");

    # Errors are never kept. When the site fails while Varnish refreshes a stale copy in the
    # background, throw the error away and keep serving the stale copy for the rest of its
    # grace (stale-while-revalidate).
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        call clinic_uncacheable;
    }

    # Static files with hashed names (WhiteNoise: "public, max-age=315360000, immutable") never
    # change under their name: keep them a day, so Varnish can also stand in front of /static/
    # (nginx serves them directly in the shipped recipe). A purge-everything drops them too.
    if (bereq.url ~ "^/static/" && beresp.status == 200 &&
        beresp.http.Cache-Control ~ "(?i)immutable" && !beresp.http.Set-Cookie) {
        set beresp.ttl = 1d;
        set beresp.grace = 1h;
        return (deliver);
    }

    # Keep only what the site explicitly allows shared caches to keep (s-maxage), never a
    # response that sets a cookie or says private/no-store/no-cache (the site never sends those
    # together with s-maxage; this is a second line of defence).
    if (beresp.http.Cache-Control !~ "(?i)(^|[\s,])s-maxage\s*=" ||
        beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" ||
        beresp.http.Set-Cookie ||
        beresp.http.Vary == "*" ||
        beresp.ttl <= 0s) {
        call clinic_uncacheable;
    }

    # Compress text on the way in; Varnish stores it gzipped and unzips it for the few clients
    # that do not accept gzip. Only public responses: compressing personal pages (the admin)
    # next to secrets would open the door to BREACH-style attacks. (Static files come from
    # WhiteNoise already compressed.)
    if (!beresp.http.Content-Encoding &&
        beresp.http.Content-Type ~ "(?i)^(text/|application/(javascript|json|xml|rss\+xml|atom\+xml)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }

    # Cacheable. Varnish has already set:
    # * beresp.ttl from s-maxage (minus any Age the site sent with a copy from its own cache);
    # * beresp.grace from stale-while-revalidate: after the TTL, the stale copy is delivered at
    #   once for that long while one background fetch refreshes it.
    # The site purges on publish, so nothing here shortens or lengthens them.
    return (deliver);
}

# "Hit-for-miss": remember for 2 minutes that this URL's answers are not cacheable, so requests
# for it go to the site in parallel instead of waiting for each other; a later cacheable answer
# replaces the marker at once.
sub clinic_uncacheable {
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
    return (deliver);
}

# --- Delivery ---------------------------------------------------------------------------------

sub vcl_deliver {
    # Internal to the purges.
    unset resp.http.x-host;
    unset resp.http.x-url-path;

    # What happened, for people and for the tests: PASS (not cacheable: passed, or hit-for-miss),
    # HIT (from the cache, possibly a stale copy in grace), MISS (fetched and now cached).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
}
