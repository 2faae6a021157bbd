"""Simulated reviewers and readers for bench/fault.py, on loopback, standard library only.

Each request is logged as an ``Answer`` (when it started and ended, its status or the
transport error) so the fault run can sort them into windows around the database restart.
A reviewer signs in through the sign-in form, opens a claim's comment form and posts a
comment whose body carries a unique token; a 302 is the site's acknowledgement.
"""

import http.client
import re
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from review.constants import COMMENT_LIMIT

TIMEOUT = 15
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    role: str
    method: str
    path: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer (connection refused, reset, timed out)
    error: str = ""

    @property
    def good(self):
        return self.status is not None and self.status < 400


class Browser:
    """One person's cookies; a new connection per request, as gunicorn's sync workers close
    each one."""

    def __init__(self, port, role, log):
        self.port, self.role, self.log = port, role, log
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.log.append(
                Answer(self.role, method, path, started, time.monotonic(), None, repr(error))
            )
            return None, ""
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.log.append(Answer(self.role, method, path, started, time.monotonic(), response.status))
        return response, text

    def post_form(self, path, fields):
        """GET the form page, then POST it with its CSRF token; the POST's response or None."""
        response, page = self.request("GET", path)
        token = _CSRF_FIELD.search(page) if response is not None else None
        if response is None or response.status != 200 or token is None:
            return None
        response, _ = self.request("POST", path, {**fields, "csrfmiddlewaretoken": token[1]})
        return response


def reader(port, paths, log, stop):
    """Browses the public pages in turn until ``stop`` is set."""
    browser = Browser(port, "reader", log)
    while not stop.is_set():
        for path in paths:
            if stop.is_set():
                return
            browser.request("GET", path)


def reviewer(port, accounts, password, claim_ids, run, log, acknowledged, stop, pause):
    """Posts comments on claims as each account in turn, staying under the posting limit.

    ``acknowledged`` receives the token of every comment answered with a redirect. Each
    attempt has its own token and counts against the limit, since a post whose answer was
    lost may still have been stored."""
    for username in accounts:
        browser = Browser(port, "reviewer", log)
        attempts = 0
        while not stop.is_set() and attempts < COMMENT_LIMIT - 1:
            if "sessionid" not in browser.cookies:
                signed_in = browser.post_form(
                    "/accounts/login/", {"username": username, "password": password}
                )
                if signed_in is None or signed_in.status != 302:
                    browser.cookies.pop("sessionid", None)
                    stop.wait(pause)
                    continue
            token = f"fault-{run}-{username}-{attempts}"
            claim = claim_ids[attempts % len(claim_ids)]
            attempts += 1
            answer = browser.post_form(
                f"/review/claim/{claim}/",
                {"kind": "other", "body": f"Load check {token}.", "suggested_correction": ""},
            )
            if answer is not None and answer.status == 302:
                acknowledged.append(token)
            stop.wait(pause)


def run_clients(port, *, readers, reviewer_accounts, password, claim_ids, paths, run, pause):
    """Starts the threads; returns (log, acknowledged tokens, stop event, threads)."""
    log, acknowledged, stop = [], [], threading.Event()
    threads = [
        threading.Thread(target=reader, args=(port, paths, log, stop), daemon=True)
        for _ in range(readers)
    ]
    threads += [
        threading.Thread(
            target=reviewer,
            args=(port, accounts, password, claim_ids, run, log, acknowledged, stop, pause),
            daemon=True,
        )
        for accounts in reviewer_accounts
    ]
    for thread in threads:
        thread.start()
    return log, acknowledged, stop, threads
