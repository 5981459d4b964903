"""Writes of process chains, one module per sub-domain: `templates` (seeds, versions, steps),
`district_partners` (the district variant) and `runs` (chains started for someone)."""
