"""Officials' review of analysed answers: the effective state and the actions that change it."""
