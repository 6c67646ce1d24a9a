"""Webhooks: signed deliveries of outbox events to subscribers (Standard Webhooks).

``secrets`` makes and stores signing secrets (encrypted at rest), ``subscriptions``
validates and matches subscriptions, ``delivery`` fans an event out to the matching
subscriptions and attempts each delivery, with retries found by ``deliver_due()`` rather
than delayed tasks (the immediate task backend refuses those).
"""
