"""Parse: one report from its decoded text to a ``Report`` (clean, structure, metadata, corrections, themes, indicators, features)."""
