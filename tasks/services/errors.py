"""Domain errors raised by write services; their message is shown to the user as is."""


class ServiceError(Exception):
    """A write was refused for a reason the person can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class ConflictError(ServiceError):
    """Someone else changed the row since the form was loaded (optimistic locking)."""
