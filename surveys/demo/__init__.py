"""Demo data: a fictional municipality carried through the whole chain."""
