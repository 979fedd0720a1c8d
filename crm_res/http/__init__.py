"""The webhook's HTTP side that is not Starlette routing: the delivery batcher."""
