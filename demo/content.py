"""The demo accounts and the demo discussion, written for this demo.

People, organisations and the events they describe are invented; they exist so that every
page has realistic content to look at. The discussion dates from between the consultation's
opening on 8 March 2012 and June 2012; the few posts still waiting for a moderator are dated
relative to the seeding (`hours_ago`), so the review queues show work that arrived recently.
"""

from dataclasses import dataclass, replace
from textwrap import dedent

from accounts.models import Attribution, Gender, StakeholderGroup
from forum.models import Post

PASSWORD = "demo-pass-2012"  # noqa: S105 - the published password of local demo accounts


@dataclass(frozen=True)
class DemoAccount:
    email: str
    username: str
    role: str
    display_name: str
    organisation: str
    stakeholder_group: str
    country: str
    gender: str = ""
    attribution: str = Attribution.NAME_AND_ORGANISATION
    unit: str = ""
    is_admin: bool = False
    is_drafter: bool = False


@dataclass(frozen=True)
class DemoPost:
    author: str
    at: str  # ISO date and time (UTC); empty when `hours_ago` places the post instead
    kind: str
    body: str
    place: str = ""
    period: str = ""
    actors: str = ""
    outcome: str = ""
    status: str = Post.Status.APPROVED
    # The moderator's reason, for a post sent back with "changes requested".
    reason: str = ""
    hours_ago: int = 0


@dataclass(frozen=True)
class DemoThread:
    theme: str
    title: str
    posts: tuple[DemoPost, ...]
    pinned: bool = False


@dataclass(frozen=True)
class DemoReview:
    """How the moderator of the theme's unit handled one approved demo post."""

    tags: tuple[str, ...]
    # Non-empty: the post was accepted for the guidebook, with this note for drafters.
    note: str = ""


@dataclass(frozen=True)
class DemoLink:
    """An accepted post pulled into a chapter section by the demo drafter."""

    post: tuple[str, str]  # (author, at) of the post
    chapter: int
    section: int  # the section's order within the chapter
    note: str


def md(text: str) -> str:
    return dedent(text).strip() + "\n"


ADMIN = "admin@example.org"
ATU = "atu@example.org"
SPMU = "spmu@example.org"
ODIHR = "odihr@example.org"
DRAFTER = "drafter@example.org"
PARTICIPANT = "participant@example.org"
ACADEMIC = "academic@example.org"
POLICE = "police@example.org"
YOUTH = "youthworker@example.org"
INTERNATIONAL = "international@example.org"

ACCOUNTS = (
    DemoAccount(
        email=ADMIN,
        username="admin",
        role="administrator",
        display_name="Alex Morgan (administrator)",
        organisation="OSCE Secretariat",
        stakeholder_group=StakeholderGroup.OSCE,
        country="AT",
        is_admin=True,
    ),
    DemoAccount(
        email=ATU,
        username="atu",
        role="moderator, TNT/ATU",
        display_name="Katarina Horvat (TNT/ATU)",
        organisation="OSCE Transnational Threats Department, Action against Terrorism Unit",
        stakeholder_group=StakeholderGroup.OSCE,
        country="HR",
        gender=Gender.WOMAN,
        unit="atu",
    ),
    DemoAccount(
        email=SPMU,
        username="spmu",
        role="moderator, TNT/SPMU",
        display_name="Daniel Weber (TNT/SPMU)",
        organisation="OSCE Transnational Threats Department, Strategic Police Matters Unit",
        stakeholder_group=StakeholderGroup.OSCE,
        country="DE",
        gender=Gender.MAN,
        unit="spmu",
    ),
    DemoAccount(
        email=ODIHR,
        username="odihr",
        role="moderator, ODIHR",
        display_name="Marta Nowak (ODIHR)",
        organisation="OSCE Office for Democratic Institutions and Human Rights",
        stakeholder_group=StakeholderGroup.OSCE,
        country="PL",
        gender=Gender.WOMAN,
        unit="odihr",
    ),
    DemoAccount(
        email=DRAFTER,
        username="drafter",
        role="guidebook drafter",
        display_name="Helen Carter (guidebook drafter)",
        organisation="Independent consultant on police reform",
        stakeholder_group=StakeholderGroup.ACADEMIA,
        country="GB",
        is_drafter=True,
    ),
    DemoAccount(
        email=PARTICIPANT,
        username="participant",
        role="participant, civil society",
        display_name="Sam Taylor",
        organisation="Neighbourhood Bridges Trust",
        stakeholder_group=StakeholderGroup.CIVIL_SOCIETY,
        country="GB",
    ),
    DemoAccount(
        email=ACADEMIC,
        username="academic",
        role="participant, academia",
        display_name="Dr Amina El Idrissi",
        organisation="Centre for Security and Society Studies, Rabat",
        stakeholder_group=StakeholderGroup.ACADEMIA,
        country="MA",
        gender=Gender.WOMAN,
    ),
    DemoAccount(
        email=POLICE,
        username="police",
        role="participant, government",
        display_name="Erik Lindqvist",
        organisation="National Police, Community Policing Division",
        stakeholder_group=StakeholderGroup.GOVERNMENT,
        country="SE",
        gender=Gender.MAN,
        attribution=Attribution.ORGANISATION_ONLY,
    ),
    DemoAccount(
        email=YOUTH,
        username="youthworker",
        role="participant, civil society",
        display_name="Aigerim Sadykova",
        organisation="Youth Initiative Network, Osh",
        stakeholder_group=StakeholderGroup.CIVIL_SOCIETY,
        country="KG",
        gender=Gender.WOMAN,
    ),
    DemoAccount(
        email=INTERNATIONAL,
        username="international",
        role="participant, international organisation",
        display_name="Lucía Moreno",
        organisation="Regional Network for Police Reform",
        stakeholder_group=StakeholderGroup.INTERNATIONAL_ORGANISATION,
        country="ES",
        gender=Gender.PREFER_NOT,
    ),
)

COMMENT = Post.Kind.COMMENT
LESSON = Post.Kind.LESSON_LEARNT
PRACTICE = Post.Kind.GOOD_PRACTICE
CASE = Post.Kind.CASE_STUDY
RECOMMENDATION = Post.Kind.RECOMMENDATION

# The discussion as it stood in June 2012, all of it approved.
DISCUSSION = (
    DemoThread(
        theme="key-concepts",
        title="What do we mean by “radicalization that leads to terrorism”?",
        pinned=True,
        posts=(
            DemoPost(
                ATU,
                "2012-03-08T09:15:00",
                COMMENT,
                md("""
                Welcome to the first theme of the consultation. Before we discuss what police
                can do, it helps to agree on what we are talking about.

                The OSCE speaks of *violent extremism and radicalization that lead to
                terrorism* (VERLT) on purpose: holding radical views is **not** a crime, and
                prevention should focus on the path towards violence, not on opinions.

                Questions to start with:

                - Which terms does your country use, and do communities accept them?
                - Where have unclear definitions caused problems in practice?

                Background material is on the [OSCE website](https://www.osce.org/).
                """),
            ),
            DemoPost(
                ACADEMIC,
                "2012-03-09T14:02:00",
                COMMENT,
                md("""
                In our interviews with police officers in three North African and two European
                cities, the word "radicalization" meant very different things:

                1. a *religious* change (new dress, new mosque, new friends);
                2. a *political* change (anger at foreign policy, rejection of elections);
                3. a *behavioural* change towards violence (weapons, travel, threats).

                Only the third is a policing matter. When officers act on the first two, they
                damage the trust that community policing depends on, and they gather
                information that is of no use for preventing violence.
                """),
            ),
            DemoPost(
                POLICE,
                "2012-03-12T08:40:00",
                LESSON,
                md("""
                A lesson from our own outreach: the vocabulary we used in meetings drove people
                away before we had said anything of substance.

                Our first leaflets spoke of "fighting radicalization in your community". Parents
                read it as *your community is the problem*. When we rewrote the material around
                **safety of young people** and **where to get help**, attendance at the next
                round of meetings tripled.

                Words chosen for internal strategy papers should not be copied into material
                for the public without asking community partners to read them first.
                """),
            ),
            DemoPost(
                ODIHR,
                "2012-03-15T11:30:00",
                RECOMMENDATION,
                md("""
                Drawing the comments so far together, a recommendation for the guidebook:

                > Police guidance should define its terms by reference to **violence and
                > criminal conduct**, state explicitly that beliefs and lawful expression are
                > not grounds for police attention, and be reviewed with community partners.

                This is also what human rights law requires: freedom of thought, conscience and
                religion and freedom of expression protect views that many find offensive.
                """),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-03-20T19:05:00",
                COMMENT,
                md("""
                Agree with the recommendation. One addition from the community side: people
                should be able to find these definitions easily, in the languages spoken
                locally. We once had to file a freedom of information request just to see the
                criteria our local prevention panel used.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="benefits-risks-limits",
        title="Keeping community policing separate from intelligence gathering",
        posts=(
            DemoPost(
                PARTICIPANT,
                "2012-03-13T10:20:00",
                COMMENT,
                md("""
                The biggest risk we see is community policing becoming a channel for
                intelligence. Once residents suspect that the friendly neighbourhood officer
                passes every conversation to the security service, they stop talking to the
                police about *anything* — burglaries and domestic violence included.

                How do other services draw the line, and how do they explain it to the public?
                """),
            ),
            DemoPost(
                POLICE,
                "2012-03-16T13:45:00",
                CASE,
                md("""
                We reorganised in 2009 after exactly the problem Sam describes.

                - Neighbourhood officers no longer receive **tasking** from the security
                  police; they do not run informants.
                - Information they receive is handled like any other crime report, through
                  the ordinary system, with the ordinary safeguards.
                - Where an officer hears of a concrete threat, they pass it on — and they say
                  so openly in community meetings, so nobody is misled.

                Being honest about the last point mattered more than we expected: people
                accept that police act on threats of violence; they do not accept being
                quietly turned into sources.
                """),
                place="Sweden, two metropolitan police districts",
                period="2009–2011",
                actors="Neighbourhood police teams, security police liaison, local councils",
                outcome=(
                    "Complaints about covert information gathering fell to none; reports of "
                    "ordinary crime from the districts concerned rose."
                ),
            ),
            DemoPost(
                ATU,
                "2012-03-19T09:00:00",
                COMMENT,
                md("""
                Thank you both. This separation is one of the points the guidebook will need to
                make most clearly. If others have written rules or service instructions on it,
                please describe them here (or link to them if they are public).
                """),
            ),
            DemoPost(
                ACADEMIC,
                "2012-03-27T16:10:00",
                RECOMMENDATION,
                md("""
                Based on the literature and the examples above:

                1. Put the separation **in writing**, in a service instruction the public can
                   read.
                2. Make sure community officers' performance is *not* measured by the number of
                   intelligence reports they produce.
                3. Give communities a way to complain if they believe the line was crossed, and
                   publish how complaints were handled.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="human-rights",
        title="Avoiding ethnic and religious profiling in prevention work",
        posts=(
            DemoPost(
                ODIHR,
                "2012-03-14T09:30:00",
                COMMENT,
                md("""
                Profiling on the basis of ethnicity, religion or national origin is
                discriminatory, and it is also **ineffective**: it floods services with false
                leads and alienates exactly the communities whose help is needed.

                We would like to collect practical measures that police services use to
                prevent profiling in stops, searches and referrals. What has worked for you?
                """),
            ),
            DemoPost(
                INTERNATIONAL,
                "2012-03-21T15:15:00",
                PRACTICE,
                md("""
                Several services in our network now record **every stop** on a simple form:
                the reason for the stop, the outcome, and the self-declared ethnicity of the
                person stopped. Supervisors review the figures monthly.

                What made it work:

                - the form takes under two minutes, so officers actually complete it;
                - the person stopped gets a copy with the reason written on it;
                - figures are discussed with a community panel, not just inside the service.
                """),
                place="Spain and Hungary, pilot municipalities",
                period="2007–2011",
                actors="Municipal police, civil society monitoring groups, universities",
                outcome=(
                    "Stops fell by more than half while the share that found an offence "
                    "tripled; complaints of discrimination dropped markedly."
                ),
            ),
            DemoPost(
                POLICE,
                "2012-03-29T11:00:00",
                COMMENT,
                md("""
                We tried something similar. The resistance inside the service was strong at
                first ("more paperwork"), but it faded once officers saw that the figures also
                protected *them* against unfounded complaints.
                """),
            ),
            DemoPost(
                ACADEMIC,
                "2012-04-04T10:25:00",
                RECOMMENDATION,
                md("""
                For the guidebook: **monitoring of stops and referrals should be standard**
                in any prevention programme, with figures broken down by ethnicity, gender and
                age, published at least yearly, and discussed with community representatives.

                Without data, nobody can tell whether a programme is targeting behaviour or
                targeting a community.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="gender",
        title="Women's participation: beyond “mothers as an early warning system”",
        posts=(
            DemoPost(
                YOUTH,
                "2012-03-17T12:00:00",
                COMMENT,
                md("""
                Many programmes approach women only as *mothers who might notice warning
                signs*. Women in our region tell us this feels like being recruited as
                informants on their own children.

                Women are also community leaders, teachers, religious scholars, police officers
                and, sometimes, people drawn into violent groups themselves. How do we reflect
                that in community policing?
                """),
            ),
            DemoPost(
                INTERNATIONAL,
                "2012-03-23T09:40:00",
                CASE,
                md("""
                A regional network of **women police officers** was set up to support
                recruitment and promotion of women in the police and to run joint outreach with
                women's organisations.

                Outreach teams with at least one woman officer reached groups that had never
                attended police meetings before, notably women in conservative neighbourhoods
                and women who had experienced domestic violence.
                """),
                place="South-Eastern Europe (five police services)",
                period="2010–2012",
                actors="Women police officers' associations, ministries of interior, NGOs",
                outcome=(
                    "Higher attendance of women at community meetings; two services adopted "
                    "mixed-gender outreach teams as standard practice."
                ),
            ),
            DemoPost(
                ODIHR,
                "2012-03-30T14:20:00",
                LESSON,
                md("""
                Our experience supports Aigerim's point: programmes that invite women to speak
                about **their own priorities** — safety in public spaces, domestic violence,
                their children's schooling — build relationships that last. Programmes that only
                ask them to "report concerns" tend to collapse after the first meeting.
                """),
            ),
            DemoPost(
                SPMU,
                "2012-04-10T10:05:00",
                RECOMMENDATION,
                md("""
                Proposed recommendations:

                - Recruit and retain **women police officers** at all levels, including in
                  community policing and in counter-terrorism units.
                - Engage women as *partners and leaders*, not only as sources of information.
                - Train officers on gender-specific aspects of radicalization and of
                  victimization.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="youth",
        title="Police–youth sports leagues: what made them work?",
        posts=(
            DemoPost(
                YOUTH,
                "2012-03-22T17:30:00",
                PRACTICE,
                md("""
                In Osh, after the 2010 violence, trust between young men and the police was
                close to zero. We started a football league in which **each team includes one
                or two police officers** who train with the team every week.

                What we learnt:

                1. Officers must volunteer; ordered participation shows immediately.
                2. The league belongs to the young people — they set the rules and the schedule.
                3. *No questioning* at training. It is football, not an interview.
                """),
                place="Osh, Kyrgyzstan",
                period="2011–2012",
                actors="Youth NGO, local police, city sports committee",
                outcome=(
                    "Twelve teams, around 180 young people; several later asked officers for "
                    "help with problems they had never reported before."
                ),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-03-26T20:15:00",
                COMMENT,
                md("""
                We ran something similar with boxing. The one thing I would add: plan for what
                happens when the funding ends. Our club closed after eighteen months and some
                young people read it as the police "losing interest" in them.
                """),
            ),
            DemoPost(
                POLICE,
                "2012-04-02T07:50:00",
                LESSON,
                md("""
                From the police side: officers who took part needed **protected time** in
                their rosters. When the league was squeezed into overtime, attendance fell and
                the young people noticed. Put it in the duty plan, or do not start.
                """),
            ),
            DemoPost(
                ODIHR,
                "2012-04-11T13:00:00",
                COMMENT,
                md("""
                These are very useful. Have any of the leagues included **young women**, or
                been designed with them? We have seen few examples so far and would welcome
                them in this thread or under *Gender perspectives*.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="trust-building",
        title="Rebuilding trust after a heavy-handed counter-terrorism raid",
        posts=(
            DemoPost(
                POLICE,
                "2012-03-28T10:10:00",
                CASE,
                md("""
                A pre-dawn raid on the wrong flat — the intelligence was out of date — left a
                family traumatised and a whole housing estate furious. Our neighbourhood team,
                which had not been told about the operation, faced the anger the next day.

                What helped:

                - a **public apology** by the district commander, in person, within a week;
                - repairs and compensation arranged quickly, without the family having to sue;
                - a new rule: the neighbourhood team is consulted on *community impact* before
                  planned operations in its area (not on targets).
                """),
                place="Sweden, suburban district",
                period="2010–2011",
                actors="Regional police, neighbourhood team, tenants' association, imam",
                outcome=(
                    "Tenants' association resumed monthly meetings with the police after four "
                    "months; community impact assessments are now routine."
                ),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-04-03T18:45:00",
                COMMENT,
                md("""
                The apology matters enormously. In our city the police never admitted anything
                after a similar raid, and seven years later people still mention it whenever an
                officer comes to a meeting.
                """),
            ),
            DemoPost(
                SPMU,
                "2012-04-12T09:20:00",
                RECOMMENDATION,
                md("""
                A recommendation that follows from this case: **community impact assessments**
                before planned operations, done with the local community policing team, and a
                plan for *after* the operation — who speaks to the community, how mistakes are
                acknowledged and remedied.
                """),
            ),
            DemoPost(
                ACADEMIC,
                "2012-04-19T15:35:00",
                COMMENT,
                md("""
                Research on procedural justice supports this: people judge the police less on
                outcomes than on whether they were treated **fairly and with respect**. An
                honest apology after a mistake is one of the strongest signals of fairness.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="engaging-communities",
        title="Community advisory groups: who sits at the table?",
        posts=(
            DemoPost(
                SPMU,
                "2012-04-05T08:30:00",
                COMMENT,
                md("""
                Many services have set up advisory groups with "community leaders". A recurring
                criticism is that the same few (older, male, self-appointed) people are always
                invited, and that young people and women are missing.

                How do you make such groups **representative**, and how do you keep them from
                becoming a fig leaf?
                """),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-04-09T19:20:00",
                PRACTICE,
                md("""
                Our independent advisory group is chaired by a resident, not by the police, and
                seats are filled through an open call rather than invitations.

                - One third of seats are reserved for people **under 25**.
                - Members serve two years at most, so the group does not ossify.
                - The police must answer the group's written questions within a month, and the
                  answers are published.
                """),
                place="United Kingdom, a London borough",
                period="2008–2012",
                actors="Residents, borough police, local council",
                outcome=(
                    "The group reviewed stop-and-search figures and the handling of two "
                    "critical incidents; its questions led to changes in briefing practice."
                ),
            ),
            DemoPost(
                YOUTH,
                "2012-04-14T11:55:00",
                COMMENT,
                md("""
                The reserved seats for young people are a good idea. In our experience they
                also need **support** to take part: meetings after school hours, travel costs
                paid, and someone who explains the jargon beforehand.
                """),
            ),
            DemoPost(
                INTERNATIONAL,
                "2012-04-24T10:40:00",
                LESSON,
                md("""
                A lesson from several countries: advisory groups lose credibility fast when
                their advice is asked for *after* the decision. Bring them in early — for
                example when priorities for the year are set — and report back on what was done
                with their advice.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="communication",
        title="What to tell the public after a terrorism-related arrest",
        posts=(
            DemoPost(
                ATU,
                "2012-04-16T09:00:00",
                COMMENT,
                md("""
                Arrests in terrorism cases attract intense media attention. What the police
                say — and do not say — in the first hours can either calm a community or expose
                it to hostility.

                How do your services handle **communication after an arrest**, and how do
                community police officers fit in?
                """),
            ),
            DemoPost(
                POLICE,
                "2012-04-18T14:30:00",
                PRACTICE,
                md("""
                We prepare a short **community message** alongside the press release. It is
                delivered by the neighbourhood team to local partners before the news breaks
                where possible, and it:

                - gives the facts that can be given, without naming suspects;
                - says clearly that the operation concerns *individuals*, not a community;
                - gives a number to call for anyone worried about reprisals.
                """),
                place="Sweden",
                period="Since 2010",
                actors="Police press office, neighbourhood teams, local partners",
                outcome=(
                    "Local partners report fewer rumours; no reprisal incidents after the last "
                    "three operations."
                ),
            ),
            DemoPost(
                ACADEMIC,
                "2012-04-25T16:00:00",
                COMMENT,
                md("""
                Media studies show the first headline sticks. Where police statements used
                phrases such as "Islamist cell" in the first hours, later corrections did
                little to change how the community was portrayed.
                """),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-05-02T20:30:00",
                RECOMMENDATION,
                md("""
                Recommendation: every service should have a **communication protocol for
                arrests** agreed in advance with community partners, covering who is told
                what, in which order, and how hate incidents afterwards are reported and dealt
                with.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="internet",
        title="Online outreach by community police officers",
        posts=(
            DemoPost(
                INTERNATIONAL,
                "2012-04-20T10:00:00",
                COMMENT,
                md("""
                Young people spend much of their lives online, yet community policing is still
                mostly about foot patrols and meetings. Some services now have officers present
                on social networks.

                What are the benefits, and where are the limits — especially regarding privacy
                and freedom of expression?
                """),
            ),
            DemoPost(
                YOUTH,
                "2012-04-26T13:15:00",
                CASE,
                md("""
                Two officers in our city opened **public profiles** on the most popular local
                social network, introduced themselves, and answered questions on an
                advertised schedule (Tuesday and Thursday evenings).

                Most questions were ordinary — traffic, lost documents, harassment — but the
                channel also let young people ask about things they would never raise at a
                police station, such as threats they had received online.
                """),
                place="Kyrgyzstan, Osh",
                period="Autumn 2011 – spring 2012",
                actors="Local police, youth NGO (training and moderation advice)",
                outcome=(
                    "About 2,000 followers in six months; several reports of online threats "
                    "and of fraud were made through the channel."
                ),
            ),
            DemoPost(
                ATU,
                "2012-05-03T09:45:00",
                LESSON,
                md("""
                An important lesson from elsewhere: officers who engage online must be **openly
                identified** as police. Covert online activity is a different matter, governed
                by different law, and mixing the two destroys the credibility of the open
                channel.
                """),
            ),
            DemoPost(
                ACADEMIC,
                "2012-05-10T11:20:00",
                RECOMMENDATION,
                md("""
                Suggested principles for online community policing:

                1. Open, identified profiles with published terms of use.
                2. No monitoring of individuals' lawful speech through these channels.
                3. Clear routes to report hate speech or threats, and feedback on what happened.
                4. Training for the officers involved, including on **online radicalization**
                   and on the limits of their role.
                """),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-05-14T21:00:00",
                COMMENT,
                md("""
                Point 2 is essential. If young people think the police officer on the social
                network is watching what they "like", the channel is dead.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="transparency-accountability",
        title="Independent oversight of counter-terrorism policing",
        posts=(
            DemoPost(
                ODIHR,
                "2012-04-23T09:10:00",
                COMMENT,
                md("""
                Counter-terrorism powers are often broad and exercised in secret. Independent
                oversight is what allows the public to trust that they are used lawfully.

                What oversight arrangements cover community policing in prevention work in
                your country, and do communities know about them?
                """),
            ),
            DemoPost(
                INTERNATIONAL,
                "2012-04-30T14:00:00",
                PRACTICE,
                md("""
                A **civilian oversight board** with its own investigators handles complaints
                against the police, including those related to counter-terrorism. Its annual
                report includes a section on prevention programmes.

                Key features: the board is appointed by parliament, not the ministry; it can
                start inquiries on its own initiative; and its findings are public.
                """),
                place="Northern Europe (one national police service)",
                period="Since 2007",
                actors="Parliament, oversight board, police, complainants",
                outcome=(
                    "Public confidence in complaint handling rose in annual surveys; two "
                    "prevention practices were changed after board reviews."
                ),
            ),
            DemoPost(
                POLICE,
                "2012-05-07T10:30:00",
                COMMENT,
                md("""
                From inside a police service: oversight is uncomfortable, but it is also our
                best defence when a community accuses us of something we did not do. We now
                tell communities proactively how to complain.
                """),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-05-16T19:40:00",
                RECOMMENDATION,
                md("""
                Recommendation: prevention programmes should publish **who oversees them and
                how to complain**, in plain language, at every point where the public meets
                them — leaflets, websites, community meetings.
                """),
            ),
        ),
    ),
    DemoThread(
        theme="tasking-training",
        title="What belongs in a community policing curriculum on VERLT?",
        posts=(
            DemoPost(
                SPMU,
                "2012-05-04T08:50:00",
                COMMENT,
                md("""
                Training is where many good intentions succeed or fail. We would like to
                collect views on what **community police officers** need to learn about
                preventing terrorism — and what they should *not* be taught to do.
                """),
            ),
            DemoPost(
                POLICE,
                "2012-05-08T13:10:00",
                LESSON,
                md("""
                Our first course relied on a list of "indicators of radicalization". Officers
                came back seeing threats in beards and headscarves. We dropped the list and now
                teach **behaviour-based** concerns, human rights and communication skills,
                using real cases discussed with community trainers.
                """),
            ),
            DemoPost(
                ACADEMIC,
                "2012-05-15T10:00:00",
                RECOMMENDATION,
                md("""
                A proposed outline:

                1. What VERLT is and is not; the evidence on pathways into violence.
                2. Human rights, non-discrimination and data protection.
                3. Cultural and religious literacy, taught *with* community members.
                4. Communication and conflict resolution.
                5. Referral: when and how to pass on a concern, and to whom.
                6. The limits of the role — community policing is not intelligence work.
                """),
            ),
            DemoPost(
                YOUTH,
                "2012-05-21T12:30:00",
                COMMENT,
                md("""
                Please include **young people as trainers** for part of the course. Officers
                who have heard directly from young people about their experience of stops and
                searches approach them very differently.
                """),
            ),
            DemoPost(
                DRAFTER,
                "2012-05-28T09:30:00",
                COMMENT,
                md("""
                Thank you — this thread will feed chapter 5 of the guidebook. It would help to
                hear of curricula that have been **evaluated**: what changed in officers'
                behaviour afterwards, and how was it measured?
                """),
            ),
        ),
    ),
    DemoThread(
        theme="coordination-evaluation",
        title="Referral mechanisms: who does what when a concern is raised?",
        posts=(
            DemoPost(
                INTERNATIONAL,
                "2012-05-09T09:00:00",
                CASE,
                md("""
                A **multi-agency panel** meets monthly to discuss individuals about whom a
                concern has been raised — by a teacher, a parent, a youth worker or the police.
                The panel includes social services, health, education and police, and decides on
                support (mentoring, counselling, help with housing or work), not on punishment.

                Participation is voluntary for the individual, and consent is sought before
                information is shared, except where there is a risk of serious harm.
                """),
                place="A municipality in the Netherlands",
                period="2008–2012",
                actors="Municipality, police, schools, social and health services, mentors",
                outcome=(
                    "Around forty cases a year; most closed after support without any "
                    "criminal proceedings."
                ),
            ),
            DemoPost(
                PARTICIPANT,
                "2012-05-17T18:20:00",
                LESSON,
                md("""
                The lesson we learnt the hard way: when the **police chair** such a panel,
                families assume it is a criminal process and refuse to take part. Our panel
                became far more effective after chairing moved to the municipality.
                """),
            ),
            DemoPost(
                SPMU,
                "2012-05-24T10:15:00",
                COMMENT,
                md("""
                Several of you mention consent and information sharing. Could participants
                describe the **legal basis** for sharing information within their panels? This
                is an area where practice differs widely across the OSCE region.
                """),
            ),
            DemoPost(
                ACADEMIC,
                "2012-06-04T14:45:00",
                RECOMMENDATION,
                md("""
                On evaluation: referral mechanisms should be evaluated against **outcomes for
                the people referred** (wellbeing, education, employment, absence of violence)
                and against *unintended effects* (stigma, over-referral of particular groups),
                not only by the number of cases handled.
                """),
            ),
            DemoPost(
                DRAFTER,
                "2012-06-11T09:00:00",
                COMMENT,
                md("""
                Very useful for chapter 8 on inter-agency co-ordination. I will link this
                thread's case study and both recommendations in the chapter draft and would
                welcome further examples, especially from Central Asia and the Caucasus.
                """),
            ),
        ),
    ),
)

PENDING = Post.Status.PENDING

# Replies that arrived after the discussion above, by theme of the thread they answer: one
# waits in the TNT/ATU queue twice over, one in TNT/SPMU's and one in ODIHR's; the last was
# sent back to its author, so the revise-and-resubmit loop can be tried as Sam Taylor.
LATER_REPLIES = {
    "key-concepts": (
        DemoPost(
            INTERNATIONAL,
            "",
            LESSON,
            md("""
            A lesson from translating police guidance for our network: several languages of
            the region have no neutral word for "radicalization". The nearest terms carry a
            religious meaning, so a leaflet that is careful in English can read as an
            accusation in translation.

            We now ask two community members to translate each text *back* into English
            before it is printed. It costs a week and has twice stopped us from publishing
            something offensive.
            """),
            status=PENDING,
            hours_ago=30,
        ),
    ),
    "internet": (
        DemoPost(
            POLICE,
            "",
            PRACTICE,
            md("""
            Our online officers publish a short **monthly summary** of what they were asked
            and what they did about it: number of questions, the main subjects, how many
            reports of threats or hate speech were passed on and what became of them.

            Followers say the summary is what convinced them that the profiles are not used
            to watch them: they can see exactly what the officers do.
            """),
            place="Sweden, three police regions",
            period="Since 2011",
            actors="Neighbourhood police teams, police communications unit",
            outcome="Questions through the profiles doubled in the year after the first summary.",
            status=PENDING,
            hours_ago=6,
        ),
    ),
    "tasking-training": (
        DemoPost(
            PARTICIPANT,
            "",
            RECOMMENDATION,
            md("""
            Recommendation: evaluate the course **with the communities** the officers serve,
            not only with the officers. A short survey of residents before the course and a
            year after it says more about what changed than a test at the end of the course.
            """),
            status=PENDING,
            hours_ago=20,
        ),
    ),
    "transparency-accountability": (
        DemoPost(
            ACADEMIC,
            "",
            COMMENT,
            md("""
            Oversight bodies often have no access to files classified for counter-terrorism
            reasons, which leaves prevention programmes run by the security services outside
            their reach. Does anyone know of an oversight body that may read such files, and
            how it protects what it reads?
            """),
            status=PENDING,
            hours_ago=3,
        ),
    ),
    "communication": (
        DemoPost(
            PARTICIPANT,
            "",
            CASE,
            md("""
            After the arrest of Karim B. last spring, journalists found his family's flat on
            Linden Street within hours, and his younger brothers were threatened on their way
            to school. The police statement had given his age, his school and his street.

            Our trust asked the police to agree a protocol with us for the next time, and they
            did: statements now give no detail that can identify the family, and the
            neighbourhood team visits the family on the day of the arrest.
            """),
            status=Post.Status.CHANGES_REQUESTED,
            reason=(
                "Thank you, this is a valuable case. Please remove the name of the man arrested "
                "and the name of the street: the forum does not publish personal data of people "
                "who are not taking part in the consultation, and the family could still be "
                "identified. It would also help to fill in the case-study summary (place, "
                "period, actors, outcome) so that drafters can find the case."
            ),
            hours_ago=50,
        ),
    ),
}

# Two threads opened since, each waiting for its opening post to be approved.
PENDING_THREADS = (
    DemoThread(
        theme="engaging-communities",
        title="Working with religious leaders without turning them into informants",
        posts=(
            DemoPost(
                ACADEMIC,
                "",
                COMMENT,
                md("""
                Religious leaders are often the first partners police approach, and the first
                to be accused by their own congregations of working for the police. In our
                interviews, imams who had been asked to "keep an eye" on young worshippers lost
                the trust of exactly the young people they could have reached.

                What arrangements have helped police and religious communities work together
                on safety — hate crime, protection of places of worship — without asking
                leaders to report on their members?
                """),
                status=PENDING,
                hours_ago=10,
            ),
        ),
    ),
    DemoThread(
        theme="youth",
        title="Schools as partners: what should teachers be asked to do?",
        posts=(
            DemoPost(
                YOUTH,
                "",
                COMMENT,
                md("""
                Teachers in our region have been given lists of "warning signs" and asked to
                report pupils to the police. Pupils noticed at once, and some stopped speaking
                openly in class — which is where their anger could have been discussed.

                Are there examples where schools and police work together on prevention in a
                way that keeps the classroom a safe place to argue?
                """),
                status=PENDING,
                hours_ago=26,
            ),
        ),
    ),
)

THREADS = (
    tuple(replace(t, posts=t.posts + LATER_REPLIES.get(t.theme, ())) for t in DISCUSSION)
    + PENDING_THREADS
)


def _review(*tags: str, note: str = "") -> DemoReview:
    return DemoReview(tags=tags, note=note)


# The moderators' tags for every approved post (keyed by author and date), and their notes
# for the third of the lessons, practices, case studies and recommendations they accepted.
REVIEWS = {
    # Key concepts
    (ATU, "2012-03-08T09:15:00"): _review("definitions"),
    (ACADEMIC, "2012-03-09T14:02:00"): _review("definitions", "research-and-assessment"),
    (POLICE, "2012-03-12T08:40:00"): _review(
        "definitions",
        "communication",
        "northern-europe",
        note="Shows how the wording of outreach material decides who comes; for chapter 1 "
        "or the communication chapter.",
    ),
    (ODIHR, "2012-03-15T11:30:00"): _review(
        "definitions", "human-rights-safeguards", "policy-and-legislation"
    ),
    (PARTICIPANT, "2012-03-20T19:05:00"): _review("definitions", "communication"),
    # Benefits, risks and limits
    (PARTICIPANT, "2012-03-13T10:20:00"): _review("separation-from-intelligence", "trust-building"),
    (POLICE, "2012-03-16T13:45:00"): _review(
        "separation-from-intelligence",
        "police",
        "northern-europe",
        note="A service that wrote the separation into its instructions and says so in "
        "public; strong example for the limits of community policing.",
    ),
    (ATU, "2012-03-19T09:00:00"): _review("separation-from-intelligence"),
    (ACADEMIC, "2012-03-27T16:10:00"): _review(
        "separation-from-intelligence",
        "oversight-and-accountability",
        "policy-and-legislation",
        note="Three concrete safeguards that could become a checklist in the guidebook.",
    ),
    # Human rights and the rule of law
    (ODIHR, "2012-03-14T09:30:00"): _review("stigmatization", "human-rights-safeguards"),
    (INTERNATIONAL, "2012-03-21T15:15:00"): _review(
        "human-rights-safeguards",
        "stigmatization",
        "western-europe",
        note="Stop forms monitored with a community panel, with figures on fewer stops and "
        "better results.",
    ),
    (POLICE, "2012-03-29T11:00:00"): _review("stigmatization", "police"),
    (ACADEMIC, "2012-04-04T10:25:00"): _review("stigmatization", "evaluation", "oversight"),
    # Gender perspectives
    (YOUTH, "2012-03-17T12:00:00"): _review("women-and-gender", "stigmatization", "central-asia"),
    (INTERNATIONAL, "2012-03-23T09:40:00"): _review(
        "women-and-gender",
        "police",
        "south-eastern-europe",
        note="Mixed-gender outreach teams reached women who had never come to police "
        "meetings; outcome across five services.",
    ),
    (ODIHR, "2012-03-30T14:20:00"): _review("women-and-gender", "trust-building"),
    (SPMU, "2012-04-10T10:05:00"): _review("women-and-gender", "capacity-building"),
    # Working with young people
    (YOUTH, "2012-03-22T17:30:00"): _review(
        "youth-engagement",
        "trust-building",
        "central-asia",
        note="Sports league with officers as team members, and the three conditions that "
        "made it work; rare example from Central Asia.",
    ),
    (PARTICIPANT, "2012-03-26T20:15:00"): _review("youth-engagement", "youth-workers"),
    (POLICE, "2012-04-02T07:50:00"): _review("youth-engagement", "police"),
    (ODIHR, "2012-04-11T13:00:00"): _review("youth-engagement", "women-and-gender"),
    # Building trust
    (POLICE, "2012-03-28T10:10:00"): _review(
        "trust-building",
        "victims",
        "northern-europe",
        note="What a raid on the wrong flat cost, and what restored trust: apology, "
        "compensation, community impact assessments.",
    ),
    (PARTICIPANT, "2012-04-03T18:45:00"): _review("trust-building"),
    (SPMU, "2012-04-12T09:20:00"): _review("trust-building", "research-and-assessment"),
    (ACADEMIC, "2012-04-19T15:35:00"): _review("trust-building", "research-and-assessment"),
    # Engaging with communities
    (SPMU, "2012-04-05T08:30:00"): _review("community-leaders"),
    (PARTICIPANT, "2012-04-09T19:20:00"): _review(
        "community-leaders",
        "civil-society",
        "partnership",
        note="Advisory group chaired by a resident, seats filled by open call: answers the "
        "“same few faces” criticism.",
    ),
    (YOUTH, "2012-04-14T11:55:00"): _review("youth-engagement", "community-leaders"),
    (INTERNATIONAL, "2012-04-24T10:40:00"): _review(
        "community-leaders", "partnership", "osce-wide"
    ),
    # Communication
    (ATU, "2012-04-16T09:00:00"): _review("communication", "media"),
    (POLICE, "2012-04-18T14:30:00"): _review("communication", "stigmatization", "northern-europe"),
    (ACADEMIC, "2012-04-25T16:00:00"): _review("media", "stigmatization"),
    (PARTICIPANT, "2012-05-02T20:30:00"): _review("communication", "partnership"),
    # The Internet
    (INTERNATIONAL, "2012-04-20T10:00:00"): _review("online-radicalization", "youth-engagement"),
    (YOUTH, "2012-04-26T13:15:00"): _review(
        "online-radicalization", "youth-engagement", "central-asia"
    ),
    (ATU, "2012-05-03T09:45:00"): _review("online-radicalization", "separation-from-intelligence"),
    (ACADEMIC, "2012-05-10T11:20:00"): _review(
        "online-radicalization", "human-rights-safeguards", "training"
    ),
    (PARTICIPANT, "2012-05-14T21:00:00"): _review(
        "online-radicalization", "human-rights-safeguards"
    ),
    # Transparency and accountability
    (ODIHR, "2012-04-23T09:10:00"): _review("oversight-and-accountability"),
    (INTERNATIONAL, "2012-04-30T14:00:00"): _review(
        "oversight-and-accountability", "oversight", "northern-europe"
    ),
    (POLICE, "2012-05-07T10:30:00"): _review("oversight-and-accountability", "police"),
    (PARTICIPANT, "2012-05-16T19:40:00"): _review("oversight-and-accountability", "communication"),
    # Tasking and training
    (SPMU, "2012-05-04T08:50:00"): _review("training"),
    (POLICE, "2012-05-08T13:10:00"): _review("training", "stigmatization", "capacity-building"),
    (ACADEMIC, "2012-05-15T10:00:00"): _review(
        "training", "human-rights-safeguards", "capacity-building"
    ),
    (YOUTH, "2012-05-21T12:30:00"): _review("training", "youth-engagement"),
    (DRAFTER, "2012-05-28T09:30:00"): _review("training", "evaluation"),
    # Inter-agency co-ordination and evaluation
    (INTERNATIONAL, "2012-05-09T09:00:00"): _review(
        "referral-mechanisms",
        "inter-agency-co-operation",
        "western-europe",
        note="Multi-agency panel deciding on support, not punishment, with consent rules; "
        "for chapter 8.",
    ),
    (PARTICIPANT, "2012-05-17T18:20:00"): _review(
        "referral-mechanisms", "local-government", "families"
    ),
    (SPMU, "2012-05-24T10:15:00"): _review("referral-mechanisms", "policy-and-legislation"),
    (ACADEMIC, "2012-06-04T14:45:00"): _review("referral-mechanisms", "evaluation"),
    (DRAFTER, "2012-06-11T09:00:00"): _review("inter-agency-co-operation"),
}

# Accepted posts the drafter has pulled into chapters 2, 3 and 7 (a section each).
LINKS = (
    DemoLink(
        (POLICE, "2012-03-16T13:45:00"),
        2,
        4,
        "Worked example of the line between community policing and intelligence work, "
        "drawn in writing and explained in public; could be a box beside the paragraph on limits.",
    ),
    DemoLink(
        (ACADEMIC, "2012-03-27T16:10:00"),
        2,
        4,
        "The three safeguards, cited in the paragraph on limits; could also close the "
        "section as a short checklist.",
    ),
    DemoLink(
        (POLICE, "2012-03-28T10:10:00"),
        2,
        3,
        "Illustrates the main risk: an operation planned without the neighbourhood team. "
        "Cited in the paragraph on risks.",
    ),
    DemoLink(
        (INTERNATIONAL, "2012-03-21T15:15:00"),
        3,
        2,
        "Monitoring of stops as a practical safeguard against profiling; use the figures.",
    ),
    DemoLink(
        (INTERNATIONAL, "2012-03-23T09:40:00"),
        3,
        3,
        "Mixed-gender outreach teams; pair with the recommendations in the same thread.",
    ),
    DemoLink(
        (YOUTH, "2012-03-22T17:30:00"),
        7,
        2,
        "Box example for engaging youth: voluntary participation, youth ownership, no questioning.",
    ),
    DemoLink(
        (PARTICIPANT, "2012-04-09T19:20:00"),
        7,
        5,
        "How an advisory group can avoid the usual few faces; cite on selection of partners.",
    ),
)

# The working draft of chapter 2, published as version 1 and opened for peer review.
# `{raid}` and `{safeguards}` become the ids of the two posts it cites.
DRAFT_CHAPTER = 2
DRAFT_CITES = {
    "raid": (POLICE, "2012-03-28T10:10:00"),
    "safeguards": (ACADEMIC, "2012-03-27T16:10:00"),
}
DRAFT_TEXT = md("""
Community policing rests on partnership: the police and the people they serve identify
and solve problems of safety together. Applied to the prevention of terrorism, it does not
turn neighbourhood officers into counter-terrorism specialists. It gives them a place in a
wider effort, shared with other public authorities and civil society, whose first aim is the
safety of everyone in the community — including those who may be targeted by violent
extremists, or by hostility after an attack.

Where it works, the approach brings benefits well beyond counter-terrorism. Officers who are
known and trusted hear earlier about tensions, grievances and threats; residents are more
willing to report crime of every kind; and communities are better placed to resist the
narratives of violent extremists, which feed on the perception that the state treats them as
suspects. These benefits rest on relationships built over years of ordinary police work. They
cannot be switched on in a crisis.

The main risks come from treating communities as suspects or as sources of intelligence.
An operation planned without regard for its effect on a neighbourhood can undo years of work
in one night. One contribution to the consultation describes how a raid on the wrong flat
left a housing estate furious, and how a prompt public apology, quick compensation and the
consultation of the neighbourhood team before later operations helped to restore trust
[[post:{raid}]]. Stigmatizing language, profiling and programmes that single out one religious
or ethnic group carry the same risk.

Community policing also has limits, and they should be stated openly. It is distinct from
intelligence gathering: neighbourhood officers should not be tasked to collect intelligence or
to recruit informants in the communities they serve, although, like any officer, they pass on
information about a concrete threat of violence. The line is best drawn in writing, in an
instruction the public can read; officers' performance should not be measured by the
intelligence they produce; and residents who believe the line was crossed need a way to
complain [[post:{safeguards}]]. Services that have explained the line in community meetings
report that being honest about it strengthened co-operation rather than weakening it.

Finally, community policing cannot by itself remove the political, social and economic
conditions that violent extremists exploit. It complements the work of other authorities, and
its results should be judged against clear, published objectives that include the absence of
unintended harm to the communities concerned.
""")

# A participant's review comment on the second paragraph of version 1.
REVIEW_COMMENT_AUTHOR = PARTICIPANT
REVIEW_COMMENT_PARAGRAPH = 2
REVIEW_COMMENT = md("""
The benefits are well put, but the paragraph reads as if trust mattered mainly because it
yields information. Could it say that safety and fair treatment of residents are benefits in
their own right? Communities notice quickly when they are valued only for what they can report.
""")
# How long the demo review round stays open after the seeding.
REVIEW_DAYS = 30
