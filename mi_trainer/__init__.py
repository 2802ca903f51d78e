"""mi-trainer: an offline Motivational Interviewing practice simulator with scripted clients."""

__version__ = "0.1.0"
