"""What happens after an editor publishes: renditions now, the outbox and webhooks later."""
