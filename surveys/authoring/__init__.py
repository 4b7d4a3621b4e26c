"""Building surveys: templates, settings, questions, translations, rounds, opening and closing."""
