"""The .5-meeting report: what a municipality reflected on, as a support team reads it."""
