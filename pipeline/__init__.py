"""Polish municipal pages about local partnerships -> grounded, validated JSON-LD."""

__version__ = "0.1.0"
