"""The recognize stage: mentions of roles, states, organisations, places, people, triggers, dates and
occasion words, found with gazetteers built from the language data and the knowledge base."""
