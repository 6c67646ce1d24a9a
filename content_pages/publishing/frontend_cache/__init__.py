"""Purging the caches in front of the site (Varnish, Cloudflare, CloudFront) after changes.

``urls.py`` is the purge list, the project's own: every URL whose content a change made
different, from the stored rows (each language's own path, every ``?lang=`` variant of
the API URLs, the listings and sitemap); ``purge.py`` sends it, after commit, from the
worker, in batches, through Wagtail's frontend-cache backends, and tries failed batches
again; ``backends.py`` is the HTTP purge for Varnish, which reports failures.
"""
