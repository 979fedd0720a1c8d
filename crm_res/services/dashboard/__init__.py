"""What dashboard pages read and what staff do from them, scoped by a Viewer."""
