"""Make a fresh MinIO ready: the intake bucket with its event subscription, and the
object-locked audit bucket. Idempotent: a resumed stack runs it again harmlessly."""

from __future__ import annotations

from urllib.parse import urlparse

from minio import Minio
from minio.notificationconfig import NotificationConfig, PrefixFilterRule, QueueConfig

from adapters.intake_bucket import INBOX_PREFIX, WEB_SESSIONS_PREFIX

# Sessions last 8 hours and a sign-in window minutes (workers/web/auth.py, sessions.py): their
# objects are useless after a day; two days leave a margin. Nothing else in the bucket expires.
WEB_SESSIONS_EXPIRE_DAYS = 2
WEBHOOK_ARN = "arn:minio:sqs::_:webhook"
# Not s3:ObjectCreated:* : in MinIO that also fires on tagging, retention and legal hold.
SUBSCRIBED_EVENTS = [
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
]


def minio_admin(endpoint: str, access_key: str, secret_key: str) -> Minio:
    u = urlparse(endpoint)
    return Minio(u.netloc, access_key=access_key, secret_key=secret_key, secure=u.scheme == "https")


def ensure_buckets(client: Minio, intake_bucket: str, audit_bucket: str, subscribe: bool = True) -> None:
    if not client.bucket_exists(intake_bucket):
        # Versioned, so an overwrite of the same key keeps the original bytes: the service
        # never loses what a township sent.
        client.make_bucket(intake_bucket)
    from minio.versioningconfig import ENABLED, VersioningConfig

    client.set_bucket_versioning(intake_bucket, VersioningConfig(ENABLED))
    expire_web_sessions(client, intake_bucket)
    if not client.bucket_exists(audit_bucket):
        client.make_bucket(audit_bucket, object_lock=True)
    if subscribe:
        subscribe_bucket(client, intake_bucket)


def expire_web_sessions(client: Minio, bucket: str) -> None:
    """A lifecycle rule for the web app's session bookkeeping only (`web-sessions/`), current
    and old versions; the submissions, results and notices are never expired."""
    from minio.commonconfig import ENABLED, Filter
    from minio.lifecycleconfig import Expiration, LifecycleConfig, NoncurrentVersionExpiration, Rule

    rule = Rule(
        ENABLED,
        rule_filter=Filter(prefix=WEB_SESSIONS_PREFIX),
        rule_id="expire-web-sessions",
        expiration=Expiration(days=WEB_SESSIONS_EXPIRE_DAYS),
        noncurrent_version_expiration=NoncurrentVersionExpiration(noncurrent_days=1),
    )
    client.set_bucket_lifecycle(bucket, LifecycleConfig([rule]))


def subscribe_bucket(client: Minio, bucket: str) -> None:
    # Only submissions (inbox/) are events: results, notifications and accepted reports the
    # service writes into the same bucket must not queue up in front of them.
    config = NotificationConfig(
        queue_config_list=[
            QueueConfig(
                queue=WEBHOOK_ARN,
                events=SUBSCRIBED_EVENTS,
                config_id="intake-events",
                prefix_filter_rule=PrefixFilterRule(INBOX_PREFIX),
            )
        ]
    )
    client.set_bucket_notification(bucket, config)
