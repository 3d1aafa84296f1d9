"""The headless core: rules, store, services, reports and jobs. No Qt import below here."""
