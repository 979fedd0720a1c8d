"""Who may come in: users (argon2), dashboard sessions, the login guard."""
