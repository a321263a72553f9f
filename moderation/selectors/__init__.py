"""What the moderation pages read, one module per noun: queues, the review of one post,
reports, accounts, the decision log, and a person's own contributions.

Each function is permission-scoped (or says which check its caller has made) and fetches
related rows up front, so a page's query count does not grow with its length.
"""
