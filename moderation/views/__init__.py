"""Moderation pages, one module per area (queue and review, reports, threads, accounts, log)."""
