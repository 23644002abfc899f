"""Admin reports: handouts printed (counts, chart, CSV) and handouts that could not be printed."""
