"""Turning source files into records: extract pages, classify, parse, then write."""
