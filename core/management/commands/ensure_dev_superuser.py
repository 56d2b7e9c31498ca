import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = settings.BASE_DIR / ".dev-superuser"


class Command(BaseCommand):
    help = "In DEBUG only: creates a local superuser when there is none, and says how to log in."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no development superuser is created.")
            return
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@localhost", password)
            CREDENTIALS_FILE.write_text(f"admin {password}\n", encoding="utf-8")
            CREDENTIALS_FILE.chmod(0o600)
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if CREDENTIALS_FILE.exists():
            username, password = CREDENTIALS_FILE.read_text(encoding="utf-8").split()
            self.stdout.write(
                self.style.SUCCESS(f"Admin: {admin_url}  user: {username}  password: {password}")
            )
        else:
            self.stdout.write(
                f"Admin: {admin_url} (log in with your superuser; "
                "reset a password with `manage.py changepassword`)"
            )
