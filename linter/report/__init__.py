"""Reporters turn a Report into text for people or machines; they never compute anything new."""
