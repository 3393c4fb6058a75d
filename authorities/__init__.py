"""English local authorities, current and former, and the names documents call them by."""
