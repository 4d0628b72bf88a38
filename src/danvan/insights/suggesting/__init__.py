"""Suggestions at intake (decision 0029): classifiers of a matter's field and kind, trained on
the matters officers have classified. `features` turns a text into what the classifiers read,
`training` fits and measures one, `prediction` answers with the active runs. The records
(`ModelRun`, `Suggestion`) are written by `services.suggestions` only."""
