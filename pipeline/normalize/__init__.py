"""Normalizers: surface mentions -> canonical values (nominative names, ISO dates, streets)."""
