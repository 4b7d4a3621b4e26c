"""Organisations (municipalities and police areas) and the problem areas each one uses."""
