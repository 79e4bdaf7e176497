from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.images import store_image, validate_image


@require_POST
def editor_image_upload(request):
    """Store an image dropped into CKEditor 5 (staff only); answer in its JSON shape."""
    if not request.user.is_staff:
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


def editor_error(message, status=400):
    return JsonResponse({"error": {"message": message}}, status=status)
