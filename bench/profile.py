"""Profile one request with pyinstrument (``pip install pyinstrument``; not a requirement).

    BENCH_DATABASE=sqlite:///…/bench/.data/sqlite-100k.sqlite3 \\
        python -m bench.profile /disputes/ [--admin] [--html out.html]

The page is requested once to warm caches, then once under the profiler, through Django's
test Client as the benchmark does; the call tree goes to standard output.
"""

import argparse
import os
import sys
import warnings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--admin", action="store_true", help="As a superuser.")
    parser.add_argument("--html", help="Also write pyinstrument's HTML report here.")
    parser.add_argument("--no-warm", action="store_true", help="Profile the first request.")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("pyinstrument is not installed: .venv/bin/pip install pyinstrument")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.test import Client

    from bench.measure import ADMIN_USER

    client = Client()
    if args.admin:
        from django.contrib.auth.models import User

        user = User.objects.filter(username=ADMIN_USER).first()
        user = user or User.objects.create_superuser(ADMIN_USER, None, None)
        client.force_login(user)
    if not args.no_warm:
        client.get(args.path)
    profiler = Profiler(interval=0.001)
    with profiler:
        response = client.get(args.path)
    print(f"{args.path}: {response.status_code}, {len(response.content):,} bytes")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        with open(args.html, "w") as out:
            out.write(profiler.output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
