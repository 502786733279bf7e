"""Reusable widgets that more than one page draws (see docs/ARCHITECTURE.md, "Components")."""
