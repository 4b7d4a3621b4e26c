"""Storage shared by every feature: the declarative base, timestamps, translated texts, the schema."""
