"""One router per resource; the app mounts each under /v1."""
