"""Documents made from records, and writing them to files safely (the minutes today)."""
