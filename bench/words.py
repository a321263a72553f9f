"""The vocabulary the benchmarks' seeded text is drawn from: the consultation's own words,
so rendered pages, search and PDF layout meet text of the real shape."""

WORDS = (
    "community policing prevention trust partnership youth outreach referral mechanism women "
    "participation oversight accountability transparency training officers neighbourhood "
    "dialogue grievance stigma human rights rule of law evaluation indicator co-ordination "
    "municipality school social services mentoring families religious leaders civil society "
    "online platform communication complaint data protection proportionality consent local "
    "council pilot programme lessons practice recommendation violence radicalization"
).split()
