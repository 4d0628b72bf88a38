"""Legal deadlines for citizen matters: working calendar, rules as dated data, due dates."""
