"""What inspections found and recommended, their themes, and the follow-ups that trace them."""
