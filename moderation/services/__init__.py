"""Every state change in moderation, one module per noun (units, decisions, reports, ...)."""
