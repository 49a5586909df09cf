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


class DocumentImportError(ServiceError, ValueError):
    """A document that cannot be imported as asked (clear message for the page and the command).

    Also a ValueError, as it was before it joined the ServiceError family.
    """


class ImportLimitError(DocumentImportError):
    """A file refused by a named import limit (:mod:`tasks.parsing.limits`) before it was parsed."""

    def __init__(self, message: str, *, limit_name: str, params: dict | None = None):
        super().__init__(message)
        self.limit_name = limit_name
        self.params = dict(params or {})  # the message's placeholders (limit, found), to say it again later


class ColumnMapError(DocumentImportError):
    """A column mapping that cannot be applied (a column outside the table, an unknown role, no task column)."""


class ExportError(ServiceError, ValueError):
    """An export that cannot be made as asked; ``code`` names the reason (stored on a failed job).

    Also a ValueError, as the exports' errors were before they joined the ServiceError family.
    """

    code = "export"


class UnknownFormat(ExportError):
    """The requested export format is not registered."""

    code = "unknown_format"


class ExportTooLarge(ExportError):
    """The export has more rows than the format handles in reasonable time (PDF)."""

    code = "too_large"
