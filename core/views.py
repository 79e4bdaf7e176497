from pathlib import PurePosixPath

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.images import store_image, validate_image
from core.richtext import rich_text_fields


@require_POST
def editor_image_upload(request):
    """Store an image dropped into CKEditor 5; answer in its JSON shape. Only for
    staff who passed two-factor login and may write some rich text."""
    if not (admin.site.has_permission(request) and may_write(request.user)):
        return editor_error(_("Only staff can upload images."), status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return editor_error(_("Choose an image to upload."))
    try:
        validate_image(upload)
    except ValidationError as error:
        return editor_error(error.messages[0])
    stem = slugify(PurePosixPath(upload.name).stem)[:60] or "image"
    name = store_image(
        default_storage, f"editor/{timezone.now():%Y/%m}/{stem}.jpg", upload
    )
    return JsonResponse({"url": default_storage.url(name)})


def may_write(user):
    """Whether `user` may add or change rows with rich text, where images go."""
    return any(
        user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        for model, _fields in rich_text_fields()
        for action in ("add", "change")
    )


def editor_error(message, status=400):
    return JsonResponse({"error": {"message": message}}, status=status)
