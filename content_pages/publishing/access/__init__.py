"""Who may read the API, and how often anyone may ask: issuing and revoking API keys, and
the shared counters that hold the request and enquiry rate limits across processes.

Writes, so they sit in publishing; the reads that answer each request (a key's grant,
cached) are in ``reads.api_keys``.
"""
