"""When the restaurant may speak and is open: prayer and Ramadan holds, opening hours, the prayer board."""
