"""Reads that pages, exports and commands share. Each runs a fixed number of queries."""
