"""Reusable groups of widgets that keep the page files thin."""
