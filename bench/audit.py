"""`make audit`: Lighthouse on the main pages, and the HTTP headers a CDN relies on.

Serves a throwaway site on production settings (bench/prodsite.py) and runs
Lighthouse (bench/package.json pins it) on each page with the mobile profile in
Debian's Chromium. Prints the four scores per page and every audit that lost
points; exits non-zero when a score is below MINIMUM or a header check fails.
Reports go to artifacts/lighthouse/.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from prodsite import BASE_DIR, environment, gunicorn, prepare_site

PAGES = {
    "home": "/",
    "archive": "/blog/",
    "post": "/blog/vertrouwen-herstellen/",
    "booking": "/afspraak/individuele-sessie/",
    "reviews": "/beoordelingen/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95
LIGHTHOUSE = BASE_DIR / "bench" / "node_modules" / ".bin" / "lighthouse"
REPORTS = BASE_DIR / "artifacts" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Lighthouse needs the new headless mode: the old one records no navigation trace.
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)


def lighthouse(url, report, attempts=3):
    """{category: score 0-100} and the audits that lost points, for one page.

    Lighthouse 12 sometimes misses the navigation in newer Chromium's trace
    (NO_NAVSTART) and asks to be run again: it is, up to `attempts` times.
    """
    for _ in range(attempts):
        run = subprocess.run(
            [LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
             "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
             f"--chrome-flags={CHROMIUM_FLAGS}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False,
        )  # fmt: skip
        result = json.loads(report.read_text()) if report.exists() else {}
        if run.returncode == 0 and not result.get("runtimeError"):
            break
        report.unlink(missing_ok=True)
    else:
        raise SystemExit(f"Lighthouse could not audit {url} in {attempts} attempts")
    scores, lost = {}, []
    for key, category in result["categories"].items():
        scores[key] = round((category["score"] or 0) * 100)
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and (audit["score"] is None or audit["score"] < 1):
                lost.append(f"{key}: {audit['title']} ({audit['score']})")
    return scores, lost


def header_problems(base_url):
    """What a CDN in front would miss: validators, shared caching, compression."""
    problems = []
    headers, body = fetch(base_url + PAGES["post"])
    if "ETag" not in headers:
        problems.append("the post page has no ETag")
    if "s-maxage" not in headers.get("Cache-Control", ""):
        problems.append("the post page may not be kept by a shared cache")
    if headers.get("Content-Encoding") != "gzip":
        problems.append("the post page is not compressed")
    stylesheet = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    static_headers, _ = fetch(base_url + stylesheet)
    if "immutable" not in static_headers.get("Cache-Control", ""):
        problems.append(f"{stylesheet} is not cached as immutable")
    return problems


def fetch(url):
    """(headers, decompressed body) of a GET that accepts gzip, as browsers do."""
    request = urllib.request.Request(  # noqa: S310 (loopback)
        url, headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.headers, body


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make audit`, which installs it.")
    if not shutil.which(CHROMIUM):
        raise SystemExit(f"No Chromium at {CHROMIUM} (apt-get install chromium).")
    REPORTS.mkdir(parents=True, exist_ok=True)
    failures = []
    with tempfile.TemporaryDirectory(prefix="coachsite-audit-") as workdir:
        # Plain HTTP on loopback, as Lighthouse fetches robots.txt itself; Django
        # serves the uploads that a web server would serve in production.
        env = environment(Path(workdir), SECURE_SSL_REDIRECT="0", SERVE_MEDIA="1")
        prepare_site(env)
        with gunicorn(env) as base_url:
            print(f"\n{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
            for name, path in PAGES.items():
                scores, lost = lighthouse(base_url + path, REPORTS / f"{name}.json")
                print(f"{name:<10}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
                for line in lost:
                    print(f"{'':<10}- {line}")
                failures += [
                    f"{name} {category} {score}"
                    for category, score in scores.items()
                    if score < MINIMUM
                ]
            problems = header_problems(base_url)
    for problem in problems:
        print(f"HTTP: {problem}")
    if failures or problems:
        raise SystemExit(f"Below {MINIMUM}: {', '.join(failures) or 'none'}")
    print(f"\nEvery score is {MINIMUM} or more; the HTTP headers are right.")


if __name__ == "__main__":
    sys.exit(main())
