"""Run-time plumbing of the entry points: launcher, migrations, prebuilt frontend."""
