"""The text stage: language, normalisation with an offset map, sentences and page furniture."""
