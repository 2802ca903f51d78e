"""Small widgets the screens are built from: meters, transcript, choices, feedback, bars."""
