"""Try intents from the embedding model (nearest example question) beside the rules.

    python -m benchmarks.intents INDEX EVAL.jsonl ...   # pass counts: rules, embedding, hybrid

Issue 12 asked for it; the rules generalise better on the eval sets (see the README), so the
bot keeps them. The examples are invented questions, one small set per intent.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

import bot.asking.question as Q
from bot.asking.intents import Intent

EXAMPLES: dict[Intent, list[str]] = {
    Intent.TOPIC: [
        'What did Jane Doe say about housing?',
        "What is the Labour candidate's view on buses?",
        'What did she propose on schools?',
        'Does John Roe want to raise parking charges?',
        'How would Jane Doe fix potholes?',
        'What did he say about the hospital?',
    ],
    Intent.COMPARE: [
        'How do the candidates differ on transport?',
        'Compare the candidates on schools.',
        'What did each candidate say about parking?',
        'Where do the candidates stand on tax?',
        'What did the candidates say about flooding?',
    ],
    Intent.CANDIDATES: [
        'Who are the candidates?',
        'Who is standing in the election?',
        'List everyone running.',
    ],
    Intent.SPEAKERS: [
        'Who took part in the debate?',
        'Which candidates spoke at the hustings?',
        'Who was on the panel?',
        'Which candidates answered the survey?',
    ],
    Intent.ABSENTEES: [
        "Who didn't turn up to the hustings?",
        'Which candidate sent apologies?',
        'Was anyone missing, and why?',
        'Which candidate refused to take part?',
    ],
    Intent.MODERATOR: [
        'Who chaired the hustings?',
        'Who was the moderator?',
        'Who presented the debate?',
    ],
    Intent.PARTY_OF: [
        'Which party is Jane Doe standing for?',
        'Is John Roe standing for a party?',
    ],
    Intent.CANDIDATE_OF: [
        'Who is the Green candidate?',
        'Who is standing for Labour?',
        'Who is standing as an independent?',
    ],
    Intent.VOTE_ADVICE: [
        'Who should I vote for?',
        'Which candidate is best?',
        'Who won the debate?',
    ],
    Intent.PERSON: [
        'Who is Jane Doe?',
        'What does John Roe do for a living?',
        'Tell me about Jane Doe.',
    ],
}
HYBRID_SIMILARITY = 0.8  # the examples override a TOPIC rule only when this close


def main(argv: list[str]) -> None:
    """Print the eval pass counts with each way of telling the intent."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bot.chatbot import Chatbot
    from bot.evals.answers import evaluate, load_cases
    from ingest.settings import Settings

    bot = Chatbot(Settings.from_env(index_dir=Path(argv[0])))
    labels = [intent for intent, qs in EXAMPLES.items() for _ in qs]
    matrix = np.stack([bot.embed(q) for qs in EXAMPLES.values() for q in qs])
    rules = Q.intent_of

    def nearest(question, people, parties):
        best = labels[int(np.argmax(matrix @ bot.embed(question)))]
        if (best is Intent.PARTY_OF and not people) or (best is Intent.PERSON
                                                         and len(people) != 1):
            return Intent.TOPIC
        return best

    def hybrid(question, people, parties):
        found = rules(question, people, parties)
        close = float(np.max(matrix @ bot.embed(question))) >= HYBRID_SIMILARITY
        return nearest(question, people, parties) if found is Intent.TOPIC and close else found

    try:
        for name, way in (("rules", rules), ("embedding", nearest), ("hybrid", hybrid)):
            Q.intent_of = way
            for gold in argv[1:]:
                results = evaluate(bot, load_cases(Path(gold)))
                print(f"{name:10} {Path(gold).name:16} pass {sum(r.passed for r in results)}/"
                      f"{len(results)}, wrong-speaker {sum(r.wrong_speaker for r in results)}")
    finally:
        Q.intent_of = rules


if __name__ == "__main__":
    main(sys.argv[1:])
