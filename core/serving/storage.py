"""Media on S3-compatible object storage: image renditions public, everything else private.

Wagtail keeps three kinds of files in the default storage, by folder:

- ``images/``: renditions, the resized copies that pages show (``{% image %}``, rich text, and the
  admin's "original" link, which is a rendition too). Public.
- ``original_images/``: uploaded originals, with whatever metadata the camera wrote. Only Wagtail
  reads them, with the storage's credentials, to make renditions. Private.
- ``documents/``: documents, some of them in collections with view restrictions. Only Wagtail's
  serve view (``/documents/<id>/<name>``) reads them, after checking the restriction. Private.

Who may read what is decided by the bucket, not by per-object ACLs: a bucket policy lets anyone
``s3:GetObject`` under ``images/`` and grants nothing else, so every other object stays private
to the credentials (``configure_media_bucket`` applies it). Object ACLs are not used: AWS disables
them on new buckets, several S3-compatible servers ignore them, and one public ACL on one document
would be a leak; the storage refuses to start with a public ``default_acl``.

``url()`` gives a stable, unsigned (cacheable) address for renditions and no address at all for
private files: there is no bucket URL for a document to leak, signed or not. Wagtail's serve view
then streams the document from the storage, and ``Document.url`` stays ``/documents/...`` even if
``WAGTAILDOCS_SERVE_METHOD`` is changed to "direct" or "redirect".
"""

import json

from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

# Wagtail's upload folders: renditions (Rendition.get_upload_to) are the only public ones.
PUBLIC_PREFIXES = ("images/",)
# Canned ACLs that keep an object private (or say nothing about public access).
PRIVATE_ACLS = {None, "", "private", "bucket-owner-full-control", "bucket-owner-read"}
# Renditions keep their name until their image changes; a day bounds how long a stale copy lives.
RENDITION_CACHE_CONTROL = "public, max-age=86400"


def is_public(name):
    """Whether a stored file (a name relative to the storage, as Django passes it) is public."""
    name = name.replace("\\", "/").lstrip("/")
    return name.startswith(PUBLIC_PREFIXES) and ".." not in name.split("/")


class MediaStorage(S3Storage):
    """S3Storage whose URLs follow the bucket policy: renditions public, the rest private."""

    # Public URLs are never signed: stable addresses that browsers, proxies and CDNs can cache.
    querystring_auth = False

    def __init__(self, **settings):
        super().__init__(**settings)
        acls = {"default_acl": self.default_acl, "ACL": self.object_parameters.get("ACL")}
        for origin, acl in acls.items():
            if acl not in PRIVATE_ACLS:
                raise ImproperlyConfigured(
                    f"MediaStorage: {origin}={acl!r} would make documents public. Leave "
                    "AWS_DEFAULT_ACL unset: the bucket policy makes renditions public."
                )

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not is_public(name):
            # Wagtail's serve view catches this and streams the file after its checks.
            raise NotImplementedError(
                f"{name!r} is private: no bucket URL is handed out for it. Documents are served "
                "by /documents/<id>/<filename>, which checks collection restrictions."
            )
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if is_public(name):
            parameters.setdefault("CacheControl", RENDITION_CACHE_CONTROL)
        return parameters

    def public_key_prefixes(self):
        """The bucket keys readable by anyone (AWS_LOCATION included)."""
        location = self.location.strip("/")
        return [f"{location}/{prefix}" if location else prefix for prefix in PUBLIC_PREFIXES]


def bucket_policy(bucket_name, key_prefixes, partition="aws"):
    """The bucket policy: anonymous GetObject on the public prefixes, and nothing else (no listing,
    no other prefix). Everything it does not grant stays private to the storage's credentials."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadImageRenditions",
                "Effect": "Allow",
                "Principal": {"AWS": ["*"]},
                "Action": ["s3:GetObject"],
                "Resource": [
                    f"arn:{partition}:s3:::{bucket_name}/{prefix}*" for prefix in key_prefixes
                ],
            }
        ],
    }


def media_bucket_policy_json(storage):
    return json.dumps(
        bucket_policy(storage.bucket_name, storage.public_key_prefixes()), indent=2, sort_keys=True
    )
