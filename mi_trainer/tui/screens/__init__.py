"""The app's screens: library, briefing, conversation, report, history, glossary and the resume prompt."""
