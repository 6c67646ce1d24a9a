"""The outbox: events written with each change, completed after rendering, then delivered."""
