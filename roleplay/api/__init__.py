"""The HTTP API: `create_app(settings, store=None)` in `roleplay.api.app` (FastAPI, under /v1)."""
