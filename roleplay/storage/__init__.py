"""Everything behind `Store` (`roleplay.storage.store`): the session store, its rows and
caches, tables, engine set-up, migrations, leases, group commit and API keys."""
