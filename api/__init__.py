"""The read-only JSON API (/api/v1/) and its guide (/api/): open data for other programs."""
