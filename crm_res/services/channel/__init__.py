"""The WhatsApp channel: store deliveries, process them, queue, hold and send replies."""
