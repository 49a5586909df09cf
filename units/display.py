"""How a unit's name is shown (pure, no Django): the one home of the nested-unit rule."""


def nested_unit_name(name: str, short_name: str = "", parent_name: str | None = None,
                     parent_short: str | None = None) -> str:
    """As the documents write a unit inside another: 区政府办公室〈区大数据局〉.

    The unit shows its short name when it has one, nested under its parent's short (else full)
    name; a unit without a parent shows its own name alone. Pass `short_name=""` for the full
    name under the parent (the import pickers' searchable name).
    """
    label = short_name or name
    parent = parent_short or parent_name
    return f"{parent}〈{label}〉" if parent else label
