from django.core.management.base import BaseCommand

from core import mail_records


def absolute(name, domain):
    return domain if name == "@" else f"{name}.{domain}"


class Command(BaseCommand):
    help = (
        "Print the SPF, DKIM and DMARC records the sending domain needs for the "
        "way mail leaves (SMTP or EMAIL_PROVIDER)."
    )

    def handle(self, **options):
        domain = mail_records.sending_domain()
        provider = mail_records.provider()
        write = self.stdout.write
        write(f"Mail from {domain} leaves through {provider.title}.\n")

        write("SPF (one TXT record on the domain itself)")
        if provider.spf:
            write(f'  TXT  {domain}  "v=spf1 {provider.spf} ~all"')
            write("  Already have one? Add the include to it: never two SPF records.")
        else:
            write(f"  Not needed on {domain} for {provider.title}.")
        write("\nDKIM (the signature that DMARC relies on)")
        for record in provider.dkim:
            value = record.value.format(title=provider.title)
            write(f"  {record.kind:5} {absolute(record.name, domain)}  {value}")
        dmarc = mail_records.dmarc(domain)
        write("\nDMARC (what receivers do with mail that fails both)")
        write(f'  {dmarc.kind:5} {absolute(dmarc.name, domain)}  "{dmarc.value}"')
        write(
            "  Start with p=none and read the reports a few weeks; then p=quarantine."
            " Gmail and Yahoo require a DMARC record of bulk senders."
        )
        for note in provider.notes:
            write(f"\nNote: {note}")
        for warning in mail_records.warnings(domain):
            self.stderr.write(f"\nWarning: {warning}")
        write(
            "\nCheck once published (DNS takes up to a day):\n"
            f"  dig +short TXT {domain}\n"
            f"  dig +short TXT _dmarc.{domain}"
        )
