"""Pure rules: functions and frozen dataclasses, no database and no Qt. Each result carries the
explanation of how it was reached, and names the policy version it used."""
