"""Writes that touch several rows: each is one function, one transaction, shared by views,
admin actions and management commands."""
