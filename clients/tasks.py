from django_tasks import task

from clients import emails
from clients.models import SignIn


@task()
def send_sign_in_link(sign_in_id, language):
    sign_in = SignIn.objects.usable().filter(pk=sign_in_id).first()
    if sign_in is not None:
        emails.send_sign_in_link(sign_in, language=language)
