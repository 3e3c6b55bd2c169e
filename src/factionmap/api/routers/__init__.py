"""One router per resource; each is mounted under /api by the app factory."""
