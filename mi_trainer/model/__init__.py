"""The MI vocabulary and the immutable scenario types every other layer builds on."""
