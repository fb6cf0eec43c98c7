"""Tuki's core: models, rules and storage. Never imports a UI library."""
