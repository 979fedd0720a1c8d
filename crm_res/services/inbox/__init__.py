"""The inbox: conversations for staff (list, thread, staff actions), who waits for a person, what a thread shows of marks."""
