"""Pages of process chains: `templates` (reading and configuring) and `runs` (following)."""
