"""Helpers that belong to no app: plain functions with no models, imported by any app."""
