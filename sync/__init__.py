"""Synchronisation of local SQLite copies with the central PostgreSQL server (SYNC.md)."""
