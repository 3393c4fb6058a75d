"""Settings for the test suite: the shared settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS

# The dev-only benchmark app, so that its tests can run its commands (against the test
# runner's own databases, which perf.guard accepts).
INSTALLED_APPS = [*INSTALLED_APPS, "perf"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/ofsted-kb-test-media"))  # noqa: F405
# Tasks run at once, in the request that enqueues them; the browser test runs the real
# database queue and worker instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Immediate tasks would rebuild the bulk downloads after every committed write of every test;
# the tests of the rebuild turn it on.
DOWNLOADS_REBUILD = False
# Nothing is cached: each test's rows live in a transaction that never commits, so the data's
# version would never change between tests. tests/perf turns caching on where it is tested.
CACHES = {
    name: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for name in ("default", "local")
}
