"""Smoke test of the deployment kit (deploy/) on one machine, as CI runs it:

    scripts/with-postgres.sh .venv/bin/python scripts/smoke_deploy.py     (as root)

systemd's check of the kit's units and timers (`systemd-analyze verify`), then
nginx with the kit's site configuration (a self-signed certificate for localhost instead of
Let's Encrypt's, and free local ports instead of 80/443), in front of gunicorn with the kit's
gunicorn.conf.py, the production settings, PostgreSQL (from with-postgres.sh), Redis and the
task worker (`db_worker`, as the worker unit runs it), with a local SMTP sink (aiosmtpd) as
the mail server. An adviser signs up over HTTPS through nginx, confirms the address with the
link the worker delivered to the sink, and books an appointment; the worker must deliver the
booking's confirmation too. TLS is kept (not a plain-HTTP variant of
the site) because the production settings depend on it: the HTTPS redirect, HSTS and the
__Host- cookies only work when nginx says X-Forwarded-Proto: https.

Everything it starts is stopped at the end, also when a step fails.
"""

import email.header
import http.cookiejar
import json
import mailbox
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
ADVISER = "veileder@nav.no"
PASSWORD = "et-godt-passord-for-royktest"  # noqa: S105 - a throwaway account and database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def step(text: str) -> None:
    print(f"--- {text}", flush=True)


class Stack:
    """The processes this test starts, stopped in reverse order whatever happens."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes = []

    def start(self, name, command, *, env=None, ready=None):
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append((name, process, log))
        if ready is not None:
            for _ in range(150):
                if process.poll() is not None:
                    break
                if ready():
                    return process
                time.sleep(0.2)
            self.dump(name)
            raise SystemExit(f"{name} startet ikke")
        return process

    def dump(self, name):
        print((self.workdir / f"{name}.log").read_text()[-4000:], file=sys.stderr)

    def stop(self):
        for name, process, log in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            log.close()
            print(f"stoppet {name}", flush=True)


def listening(port):
    def check():
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    return check


def environment(workdir: Path, *, https_port, gunicorn_port, redis_port, smtp_port) -> dict:
    """The production settings, as /etc/erfaringssentrum/env would hold them."""
    site = f"https://localhost:{https_port}"
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": site,
        "ALLOWED_HOSTS": "localhost",
        "CSRF_TRUSTED_ORIGINS": site,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "DEFAULT_FROM_EMAIL": "post@erfaringssentrum.example",
        "STAFF_NOTIFICATION_EMAILS": "ansatte@erfaringssentrum.example",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        "GUNICORN_WORKERS": "2",
    }


def nginx_config(workdir: Path, *, https_port, http_port, gunicorn_port) -> Path:
    """The kit's site, with this machine's ports and a self-signed certificate, inside a
    minimal nginx.conf of its own (so the machine's nginx, if any, is left alone)."""
    cert, key = workdir / "localhost.crt", workdir / "localhost.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "erfaringssentrum.conf").read_text()
    replacements = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{gunicorn_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("server_name erfaringssentrum.example;", "server_name localhost;"),
        ("/etc/letsencrypt/live/erfaringssentrum.example/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/erfaringssentrum.example/privkey.pem", str(key)),
    ]
    for old, new in replacements:
        assert old in site, f"deploy/nginx/erfaringssentrum.conf har ikke lenger «{old}»"
        site = site.replace(old, new)
    (workdir / "site.conf").write_text(site)
    temp = workdir / "nginx-temp"
    temp.mkdir()
    temp.chmod(0o777)
    main = workdir / "nginx.conf"
    main.write_text(f"""
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {workdir}/site.conf;
}}
""")
    return main


def verify_units(workdir: Path) -> None:
    """systemd's own check of the kit's units and timers (syntax, schedules, that each
    command exists), with this checkout in place of /srv/erfaringssentrum/app."""
    units = workdir / "systemd"
    units.mkdir()
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/erfaringssentrum/app", str(ROOT))
        (units / unit.name).write_text(text)
    subprocess.run(["systemd-analyze", "verify", *sorted(units.iterdir())], check=True)


def seed(env):
    """A consultant's free slot in three days. The adviser's domain, nav.no, is on the trusted
    list from the migrations, so their account is approved as soon as they confirm it."""
    code = """
from datetime import timedelta
from django.utils import timezone
from assessments.models import Format, Slot, TrustedEmailDomain
from erfaringssentrum.models import User

consultant = User.objects.create_user(email="radgiver@erfaringssentrum.example",
                                      name="Rådgiver", is_staff=True)
starts = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
slot = Slot.objects.create(consultant=consultant, starts_at=starts,
                           ends_at=starts + timedelta(hours=1), format=Format.DIGITAL,
                           location="https://video.example/rom")
# Only approved advisers book: nav.no must be on the trusted list after the migrations.
assert TrustedEmailDomain.objects.covering("nav.no").exists()
print(slot.pk)
"""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"testdata kunne ikke lages:\n{out.stderr}")
    return int(out.stdout.strip().splitlines()[-1])


class Browser:
    """Just enough of a browser: cookies, the CSRF token, Origin on POST, TLS verified
    against the self-signed certificate."""

    def __init__(self, base, cafile):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=str(cafile))

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.HTTPSHandler(context=context),
            NoRedirect(),
        )

    def request(self, path, data=None):
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        if body is not None:
            request.add_header("Origin", self.base)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def form_token(self, path):
        status, _, html = self.request(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def check_site(base, http_base, cafile, slot_id, maildir):
    browser = Browser(base, cafile)
    step("helsesjekk gjennom nginx")
    status, headers, body = browser.request("/helse/")
    assert status == 200 and json.loads(body)["status"] == "ok", (status, body)
    assert "max-age=" in headers["Strict-Transport-Security"]  # Django saw https

    step("http:// sendes til https://")
    status, headers, _ = browser.request(http_base + "/vurdering/")
    assert status == 301 and headers["Location"].startswith("https://"), (status, headers)

    step("veilederen registrerer seg")
    token = browser.form_token("/konto/signup/")
    status, headers, body = browser.request(
        "/konto/signup/",
        {"csrfmiddlewaretoken": token, "name": "Veileder Røyktest", "email": ADVISER,
         "password1": PASSWORD, "password2": PASSWORD},
    )  # fmt: skip
    assert status == 302, (status, body[:2000])

    step("arbeideren sender bekreftelseslenken; veilederen bekrefter adressen")
    confirmation = wait_for_mail(maildir, ADVISER, "Bekreft")
    link = re.search(re.escape(base) + r"/konto/confirm-email/[^\s]+/", text_of(confirmation))
    assert link, text_of(confirmation)
    token = browser.form_token(link.group(0))
    status, headers, body = browser.request(link.group(0), {"csrfmiddlewaretoken": token})
    assert status == 302, (status, body[:2000])  # confirmed and logged in
    assert all(c.secure for c in browser.cookies), "cookies must be Secure behind TLS"

    step("veilederen booker en samtale")
    book = f"/vurdering/book/{slot_id}/"
    token = browser.form_token(book)
    status, headers, body = browser.request(
        book,
        {
            "csrfmiddlewaretoken": token,
            "slot": slot_id,
            "organisation": "NAV Røyktest",
            "adviser_role": "Veileder",
            "phone": "",
            "candidate_name": "Kari",
            "candidate_email": "",
            "adviser_attends": "ja",
            "question": "",
            "consent": "on",
        },
    )
    assert status == 302 and "/vurdering/booking/" in headers["Location"], (status, body[:2000])


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def wait_for_mail(maildir: Path, recipient: str, subject: str, timeout=60):
    """The worker sends the e-mail: it must reach the SMTP sink."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        box = mailbox.Maildir(str(maildir), create=False) if maildir.exists() else []
        for message in box:
            decoded = str(email.header.make_header(email.header.decode_header(message["Subject"])))
            if recipient in message["To"] and subject in decoded:
                return message
        time.sleep(0.5)
    raise SystemExit(f"ingen e-post «{subject}» til {recipient} etter {timeout} s")


def main():
    for command in ("nginx", "redis-server", "openssl", "systemd-analyze"):
        if not shutil.which(command):
            raise SystemExit(
                f"{command} mangler (apt-get install nginx redis-server openssl systemd)"
            )
    workdir = Path(tempfile.mkdtemp(prefix="erfaringssentrum-smoke-"))
    workdir.chmod(0o755)  # nginx's workers read the certificate and site from here
    ports = {
        "https_port": free_port(),
        "http_port": free_port(),
        "gunicorn_port": free_port(),
        "redis_port": free_port(),
        "smtp_port": free_port(),
    }
    env = environment(
        workdir,
        **{k: ports[k] for k in ("https_port", "gunicorn_port", "redis_port", "smtp_port")},
    )
    base = f"https://localhost:{ports['https_port']}"
    stack = Stack(workdir)
    try:
        step("systemd-analyze verify på enhetene og tidsuret")
        verify_units(workdir)

        step("nginx -t med nettstedets oppsett")
        config = nginx_config(
            workdir,
            **{k: ports[k] for k in ("https_port", "http_port", "gunicorn_port")},
        )
        subprocess.run(["nginx", "-t", "-c", str(config)], check=True)

        step("Redis og SMTP-mottaker")
        stack.start(
            "redis",
            ["redis-server", "--port", str(ports["redis_port"]), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            ready=listening(ports["redis_port"]),
        )  # fmt: skip
        maildir = workdir / "maildir"
        stack.start(
            "smtp",
            [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{ports['smtp_port']}",
             "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
            ready=listening(ports["smtp_port"]),
        )  # fmt: skip

        step("oversettelser, migrate, collectstatic og testdata")
        subprocess.run(
            [PYTHON, "manage.py", "compilemessages", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        subprocess.run([PYTHON, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, check=True)
        slot_id = seed(env)

        step("gunicorn, arbeideren og nginx")
        stack.start(
            "gunicorn",
            [str(BIN / "gunicorn"), "erfaringssentrum.wsgi", "--config",
             str(DEPLOY / "gunicorn.conf.py")],
            env=env, ready=listening(ports["gunicorn_port"]),
        )  # fmt: skip
        stack.start(
            "worker",
            [PYTHON, "manage.py", "db_worker", "--interval=1", "--no-reload"],
            env=env,
        )
        stack.start(
            "nginx",
            ["nginx", "-c", str(config), "-g", "daemon off;"],
            ready=listening(ports["https_port"]),
        )

        check_site(base, f"http://localhost:{ports['http_port']}", workdir / "localhost.crt",
                   slot_id, maildir)  # fmt: skip

        step("arbeideren leverer bookingbekreftelsen til SMTP-mottakeren")
        wait_for_mail(maildir, ADVISER, "Vurderingssamtale booket")
        wait_for_mail(maildir, "ansatte@erfaringssentrum.example", "")
        print("ROYKTEST OK")
    except BaseException:
        for name, _, _ in stack.processes:
            print(f"=== {name}.log", file=sys.stderr)
            stack.dump(name)
        raise
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
