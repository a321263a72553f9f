"""factory_boy factories. Posts are built with rendered HTML, as the services would store."""

import factory
from django.utils import timezone

from accounts.models import StakeholderGroup, User
from forum.markup import render_markdown
from forum.models import Post, Theme, Thread

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.Faker("name")
    organisation = factory.Faker("company")
    stakeholder_group = StakeholderGroup.CIVIL_SOCIETY
    country = "AT"
    profile_completed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Marks the e-mail address verified (allauth), unless verified=False is given."""
        if not create:
            return
        obj.save()
        if extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def privacy_consent(obj, create, extracted, **kwargs):
        """Agreed to the notice in force, as at sign-up, unless privacy_consent=False."""
        if not create or extracted is False:
            return
        from accounts.notices import current_privacy_notice, record_privacy_consent

        if notice := current_privacy_notice():
            record_privacy_consent(user=obj, notice=notice)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    title = factory.Sequence(lambda n: f"Theme {n}")
    description = "A theme for tests."
    order = factory.Sequence(int)


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post. `status` applies to the opening post."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def opening(obj, create, extracted, **kwargs):
        if not create:
            return
        kwargs.setdefault("status", Post.Status.APPROVED)
        post = PostFactory(thread=obj, author=obj.author, **kwargs)
        obj.first_post = post
        obj.save(update_fields=["first_post"])


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    kind = Post.Kind.COMMENT
    body = factory.Faker("paragraph")
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    status = Post.Status.APPROVED
