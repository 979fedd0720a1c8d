"""The assistant's turn with the database: stages, orders, feedback, LLM path."""
