"""One router per resource; each endpoint parses input and calls an action."""
