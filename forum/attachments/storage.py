"""Where attachments are kept: the "attachments" entry of settings.STORAGES, a private
location that no URL serves (forum/attachments/views.py reads it after the permission
check). Looked up on every use, so tests and deployments can swap it in settings."""

from django.core.files.storage import Storage, storages


def attachment_storage() -> Storage:
    return storages["attachments"]
