"""A real IMAP server on loopback: Debian's Dovecot, with one mailbox, run by the
test session in a folder of its own."""

import imaplib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.smtp import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "bounces", "secret-of-the-bounce-box"

CONFIG = """\
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
mail_location = maildir:{folder}/mail/%u
first_valid_uid = {uid}
last_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def available():
    return os.path.exists(DOVECOT)


class IMAPServer:
    def __init__(self):
        # Not under pytest's tmp_path: Dovecot's own users must reach the folder.
        self.folder = Path(tempfile.mkdtemp(prefix="coachsite-dovecot-"))
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def start(self):
        as_root = os.getuid() == 0
        # Dovecot never keeps mail as root: then the mail belongs to its own user.
        me = pwd.getpwnam("dovecot") if as_root else pwd.getpwuid(os.getuid())
        uid, gid = me.pw_uid, me.pw_gid
        for name in ("run", "state", "mail"):
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        os.chown(self.folder / "mail", uid, gid)
        (self.folder / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        config = self.folder / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                folder=self.folder,
                port=self.port,
                uid=uid,
                gid=gid,
                internal_user=me.pw_name,
                internal_group=me.pw_name,
                login_user="dovenull" if as_root else me.pw_name,
            )
        )
        self.folder.chmod(0o755)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(100):
            try:
                with self.connect():
                    return
            except (OSError, imaplib.IMAP4.error):  # not listening, or not ready
                time.sleep(0.1)
        self.stop()
        log = (self.folder / "dovecot.log").read_text(errors="replace")
        raise RuntimeError(f"Dovecot did not start:\n{log}")

    def connect(self):
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=5)
        imap.login(USER, PASSWORD)
        return imap

    def deliver(self, raw):
        """Put a message in the mailbox, as the mail server's delivery agent would."""
        with self.connect() as imap:
            imap.append("INBOX", "", imaplib.Time2Internaldate(time.time()), raw)

    def messages(self):
        """The messages left in the mailbox: (flags, raw)."""
        with self.connect() as imap:
            imap.select("INBOX")
            _status, found = imap.uid("search", None, "ALL")
            left = []
            for uid in found[0].split():
                _status, data = imap.uid("fetch", uid, "(FLAGS BODY.PEEK[])")
                left.append((data[0][0].decode(), data[0][1]))
            return left

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
