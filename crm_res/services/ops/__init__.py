"""Operations: health, backup/restore, demo data."""
