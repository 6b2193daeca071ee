"""Session storage below `roleplay.sessions.Store`: tables, engine set-up, migrations."""
