"""Extractors: sections -> mentions (a surface span + what it is), nothing normalized yet."""
