"""The Django admin: every model has a working list, and the few actions it offers."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from demo.services import seed_demo
from forum.models import ConsultationSchedule, Post
from moderation.models import Decision
from tests.factories import PostFactory, ThreadFactory, UserFactory


@pytest.fixture
def admin_client(client, administrator, settings):
    # Moderation actions need TOTP unless the account is exempt, as demo accounts are.
    settings.MODERATION_MFA_EXEMPT_EMAILS = [administrator.email]
    client.force_login(administrator)
    return client


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.django_db
def test_every_registered_model_has_a_list_page_that_renders(admin_client):
    seed_demo(with_accounts=True, dry_run=False)
    for model in admin.site._registry:
        response = admin_client.get(changelist(model))
        assert response.status_code == 200, model
        first = model._default_manager.first()
        if first is not None:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[first.pk],
            )
            assert admin_client.get(url).status_code == 200, model


@pytest.mark.django_db
def test_post_list_filters_by_status(admin_client, themes):
    PostFactory(thread=ThreadFactory(theme=themes["atu"]), status=Post.Status.PENDING)
    response = admin_client.get(changelist(Post), {"status__exact": "pending"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.django_db
def test_approve_action_approves_pending_posts_and_logs_the_decision(admin_client, themes):
    thread = ThreadFactory(theme=themes["atu"], opening__status=Post.Status.PENDING)
    post = thread.first_post
    response = admin_client.post(
        changelist(Post),
        {"action": "approve_selected", "_selected_action": [post.pk]},
        follow=True,
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert Decision.objects.filter(post=post, action=Decision.Action.APPROVE).exists()


@pytest.mark.django_db
def test_approve_action_refuses_people_without_moderation_rights(client, themes):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_post"))
    client.force_login(staff)
    post = ThreadFactory(theme=themes["atu"], opening__status=Post.Status.PENDING).first_post
    client.post(
        changelist(Post),
        {"action": "approve_selected", "_selected_action": [post.pk]},
        follow=True,
    )
    post.refresh_from_db()
    assert post.status == Post.Status.PENDING


@pytest.mark.django_db
def test_schedule_cannot_be_added_twice_or_deleted(admin_client):
    add = reverse("admin:forum_consultationschedule_add")
    assert admin_client.get(add).status_code == 200
    schedule = ConsultationSchedule.objects.create(
        title="Consultation", opens_at="2012-03-08T00:00:00Z"
    )
    assert admin_client.get(add).status_code == 403
    delete = reverse("admin:forum_consultationschedule_delete", args=[schedule.pk])
    assert admin_client.get(delete).status_code == 403


@pytest.mark.django_db
def test_user_list_never_shows_gender_but_the_person_page_does(admin_client, participant):
    response = admin_client.get(reverse("admin:accounts_user_changelist"))
    assert "gender" not in response.context["cl"].list_display
    assert "gender" not in [str(f) for f in response.context["cl"].list_filter]
    page = admin_client.get(reverse("admin:accounts_user_change", args=[participant.pk]))
    assert 'name="gender"' in page.content.decode()


@pytest.mark.django_db
def test_themes_have_no_object_permissions_page(admin_client, themes):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:forum_theme_permissions", args=[themes["atu"].pk])
    response = admin_client.get(f"/admin/forum/theme/{themes['atu'].pk}/permissions/")
    assert response.status_code in (302, 404)


@pytest.mark.django_db
def test_giving_a_unit_a_theme_in_the_admin_logs_it(admin_client, units, themes):
    from moderation.permissions import unit_theme_ids

    atu = units["atu"]
    url = reverse("admin:moderation_unit_themes", args=[atu.pk])
    assert admin_client.get(url).status_code == 200
    wanted = [themes["atu"].pk, themes["spmu"].pk]  # gives SPMU's theme, takes the shared one
    response = admin_client.post(url, {"themes": wanted})
    assert response.status_code == 302
    assert unit_theme_ids([atu])[atu.pk] == set(wanted)
    rows = Decision.objects.filter(unit=atu).order_by("action")
    assert [(d.action, d.details["theme"]) for d in rows] == [
        (Decision.Action.GRANT_THEME, themes["spmu"].pk),
        (Decision.Action.REVOKE_THEME, themes["shared"].pk),
    ]
    log = admin_client.get(reverse("moderation:log")).content.decode()
    assert "Theme “Building trust”" in log


@pytest.mark.django_db
def test_approval_is_read_only_on_a_persons_page(admin_client, db):
    from accounts.models import ApprovalStatus

    person = UserFactory(approval_status=ApprovalStatus.PENDING)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    form = admin_client.get(url).context["adminform"].form
    assert "approval_status" not in form.fields


@pytest.mark.django_db
def test_accounts_approved_and_declined_from_the_admin_are_logged(admin_client, db):
    from accounts.models import ApprovalStatus

    first, second = (UserFactory(approval_status=ApprovalStatus.PENDING) for _ in range(2))
    changelist_url = changelist(first.__class__)
    admin_client.post(
        changelist_url, {"action": "approve_accounts", "_selected_action": [first.pk]}
    )
    response = admin_client.post(
        changelist_url, {"action": "decline_accounts", "_selected_action": [second.pk]}
    )
    assert response.status_code == 200  # asks for the reason
    admin_client.post(
        changelist_url,
        {"action": "decline_accounts", "_selected_action": [second.pk], "reason": "Spam"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.approval_status, second.approval_status) == (
        ApprovalStatus.APPROVED,
        ApprovalStatus.DECLINED,
    )
    assert Decision.objects.get(target_user=first).action == Decision.Action.APPROVE_ACCOUNT
    assert Decision.objects.get(target_user=second).reason == "Spam"
