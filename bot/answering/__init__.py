"""Answer a planned question: one answerer per kind of plan, behind one small interface."""
