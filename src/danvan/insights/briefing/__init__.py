"""The quarterly briefing draft (giao ban quý): its content (`content.gather`), its quarters
(`quarters`) and its .docx (`document.briefing_docx`)."""
