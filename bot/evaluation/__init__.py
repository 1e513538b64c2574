"""Evaluation scripts behind ``make eval``: they print figures, tests do not time anything."""
