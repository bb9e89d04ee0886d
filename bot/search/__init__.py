"""Search the index: hybrid retrieval of passages, sentence scoring, the in-memory snapshot."""
