"""Headless domain of AHSP Desktop: numbers, weeks, engine, database, services, import/export and reports."""
