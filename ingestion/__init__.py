"""The write side: files in, records out.

Extracting pages, classifying and parsing them (pure: no database), then writing each document
in one transaction (``services``), the official statistics' import, the staff's upload, review,
publish and re-parse workflow in the admin, and the commands that drive them. The one layer
that imports both data apps below it; nothing below imports it.
"""
