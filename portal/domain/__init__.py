"""Pure domain rules (weeks, Poortwachter timeline, activity kinds, evidence): no Flask here."""
