"""Campaigns: the audience an owner picks, the actions on a campaign, the Campaigns page's board, the release engine."""
