"""Plain-language help for writers, in English and Spanish: findings per sentence and word
(analyse), the checklist score (checklist), the word lists (wordlists) and the editor's endpoint
(views). Import the submodules; this package imports nothing at start-up."""
