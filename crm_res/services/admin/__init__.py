"""The owner's setup: restaurant, branches, menu, templates (+ sync from Meta), connections, the simulator."""
