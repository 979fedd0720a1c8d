"""Campaigns (owners and managers): importing the package registers both pages: the list with the
create form and Meta's templates (/campaigns), and one campaign's results and controls (/campaign)."""

from .detail import campaign_page
from .page import campaigns_page

__all__ = ["campaign_page", "campaigns_page"]
