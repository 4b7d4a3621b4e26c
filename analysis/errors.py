"""Errors raised by the analysis library with messages meant for end users."""


class InputError(ValueError):
    """Raised when input data cannot be analysed; the message says why and what to do."""
