"""What the owner reads about the business: the overview, analytics, the feedback list."""
