"""Writes of counselling, one module per sub-domain: cases, sessions (with next steps),
referrals, consents and data rights. Import from the module, e.g.
`from kausa.counselling.services.cases import case_open_for_person`."""
