"""Staff pages of counselling, one module per sub-domain: cases, sessions (with next
steps), referrals and rights (consents and data rights)."""
