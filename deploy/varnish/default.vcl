vcl 4.1;

# Varnish (7.1, Debian's) in front of the CMS's web processes. docs/operations.md,
# "Caches in front: Varnish, Cloudflare, CloudFront", explains each part.
#
# Set the web process's address below (tests and deploy scripts rewrite the `.host`
# and `.port` lines of `backend default`), and the addresses the CMS's workers purge
# from in `acl purgers`. Run with CMS_FRONTEND_CACHE=varnish and
# CMS_FRONTEND_CACHE_URL=http://<this cache's address>.

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may PURGE and BAN: the machines that run `manage.py db_worker`.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # A purged path clears every variant of it: ?lang=, ?mode=, ?section=, a
        # listing's filters (each object remembers its path in x-url-path).
        ban("obj.http.x-url-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method == "BAN") {
        # Tag purge: `BAN /` with `Cache-Tag: page-12` drops every response naming it.
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.Cache-Tag !~ "^[a-z0-9-]+$") {
            return (synth(400, "One Cache-Tag of a-z, 0-9 and - expected"));
        }
        ban("obj.http.Cache-Tag ~ (^|,)" + req.http.Cache-Tag + "(,|$)");
        return (synth(200, "Banned"));
    }
    # Form posts, the admin and anything signed in go to the application as they are.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)" || req.http.Authorization) {
        return (pass);
    }
    # An editor (the signed marker admin login sets) gets live pages with the userbar.
    if (req.http.Cookie ~ "(^|;\s*)cms_editor=") {
        return (pass);
    }
    # Readers: nothing of theirs reaches a cached page, so their cookies are dropped.
    unset req.http.Cookie;
    # The language is in the path (/ms/...) or in ?lang=; where it is not, the response
    # says Vary: Accept-Language and Varnish keeps one copy per header value.
    return (hash);
}

sub vcl_backend_response {
    set beresp.http.x-url-path = regsub(bereq.url, "\?.*$", "");
    # Only what the application marks public is kept (stored pages, API reads, static
    # files); private answers, errors and redirects without Cache-Control are not.
    if (beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The read limit's headers count one reader's requests: a copy served to others
    # must not tell them how many they have left.
    unset beresp.http.RateLimit-Limit;
    unset beresp.http.RateLimit-Remaining;
    unset beresp.http.RateLimit-Reset;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
