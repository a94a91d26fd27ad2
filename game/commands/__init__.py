"""Subcommands of ``brink``; shared argument helpers live in ``common``."""
