"""Answering a survey: validation, multi-page drafts, storing responses, raw-text retention."""
