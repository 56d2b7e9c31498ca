from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from core.serving.storage import MediaStorage, media_bucket_policy_json

# Object ACLs can never make an object public; the bucket policy can (it is what makes
# renditions public), so public policies must stay allowed on this bucket.
PUBLIC_ACCESS_BLOCK = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": False,
    "RestrictPublicBuckets": False,
}


class Command(BaseCommand):
    help = (
        "Apply the media bucket's access rules (production with AWS_STORAGE_BUCKET_NAME): anyone "
        "may read image renditions (images/), nothing else is public. Replaces the bucket policy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-policy",
            action="store_true",
            help="Only print the bucket policy (JSON), to apply it with other tools.",
        )

    def handle(self, *args, print_policy=False, **options):
        storage = storages["default"]
        if not isinstance(storage, MediaStorage):
            raise CommandError(
                "The default storage is not core.serving.storage.MediaStorage: set "
                "AWS_STORAGE_BUCKET_NAME with the production settings."
            )
        policy = media_bucket_policy_json(storage)
        if print_policy:
            self.stdout.write(policy)
            return
        client = storage.connection.meta.client
        client.put_bucket_policy(Bucket=storage.bucket_name, Policy=policy)
        self.stdout.write(f"bucket policy applied to {storage.bucket_name}: public read of images/")
        try:
            client.put_public_access_block(
                Bucket=storage.bucket_name, PublicAccessBlockConfiguration=PUBLIC_ACCESS_BLOCK
            )
        except ClientError as error:
            # MinIO and some other S3-compatible servers have no public access block (nor ACLs).
            self.stdout.write(
                f"public access block not set ({error.response['Error'].get('Code')}): "
                "this server may not support it"
            )
        else:
            self.stdout.write("public access block: ACLs blocked and ignored, policy allowed")
