"""Importer of articles saved from the clinic's old website."""
