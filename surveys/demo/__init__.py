"""Demo data: a fictional municipality with open surveys and generated answers."""

from .seed import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, create_demo

__all__ = ["DEMO_ADMIN_EMAIL", "DEMO_PASSWORD", "create_demo"]
