from crm_res.services.api import webhook_events as _webhook_events  # noqa: F401 - registers its ORM listener in every process
