"""Documents made for people from the domain's figures, in the reader's language (presentation, like pages)."""
