"""The ticket audit: helpdesk exports in, measured answers and a weekly profile out."""
