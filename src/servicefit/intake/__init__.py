"""Answers in: answers files and standard input, their validation against the questions, the
workload part (volumes), templates, and the interview's resume files."""
