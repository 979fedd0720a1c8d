"""Browser tests: assertions wait like the pages' own actions (a login's password check runs in a
small low-priority thread pool, so on a busy machine the dashboard can take seconds to arrive)."""

from playwright.sync_api import expect

expect.set_options(timeout=20_000)
