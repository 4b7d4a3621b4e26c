"""Survey domain: organisations, surveys, questions, responses and their services.

Pure SQLAlchemy; never imports Flask. Services receive a SQLAlchemy session.
"""
