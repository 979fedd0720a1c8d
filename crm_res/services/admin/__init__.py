"""The owner's setup: restaurant, branches, menu, team, templates, prayer, connections."""
