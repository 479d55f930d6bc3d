"""One shape for API input errors: {"detail": [{"field": ..., "message": ...}]} with status 422."""

from typing import Any

from django.core.exceptions import ValidationError


class FieldErrors(Exception):
    def __init__(self, errors: dict[str, list[dict[str, Any]]]) -> None:
        super().__init__("invalid input")
        self.errors = [
            {
                "field": field if field != "__all__" else None,
                "message": item["message"],
                "code": item.get("code", ""),
            }
            for field, items in errors.items()
            for item in items
        ]

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "FieldErrors":
        if hasattr(error, "error_dict"):
            return cls({f: [{"message": m} for m in msgs] for f, msgs in error.message_dict.items()})
        return cls({"__all__": [{"message": m} for m in error.messages]})
