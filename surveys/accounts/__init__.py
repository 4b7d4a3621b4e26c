"""Staff accounts, roles, passwords and one-time account links."""
