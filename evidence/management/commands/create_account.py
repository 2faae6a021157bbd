import getpass

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from evidence.roles import ROLES


class Command(BaseCommand):
    help = "Create a curator or reviewer account (asks for the password)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} already exists.")
        password = getpass.getpass("Password: ")
        if not password or password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords were empty or did not match; nothing was created.")
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        group_name, is_staff = ROLES[role]
        with transaction.atomic():
            user = User.objects.create_user(username, email, password, is_staff=is_staff)
            user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(f"Created {role} {username}.")
