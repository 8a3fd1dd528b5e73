"""E-mail: a transactional outbox and the worker that delivers it."""
