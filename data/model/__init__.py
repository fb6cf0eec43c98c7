"""The pydantic models, one room per part of the domain; ``data.models`` re-exports them."""
