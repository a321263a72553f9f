"""Who may work which review queue and take which moderation action.

Rules about posts, threads and themes themselves live in forum/permissions.py; the rules
here are about units, queues, reports and the decision log, and ask those for the theme.
"""
