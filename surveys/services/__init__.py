"""Use cases of the survey domain. Services own their transaction."""
