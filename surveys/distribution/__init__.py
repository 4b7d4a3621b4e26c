"""Getting a survey to people: QR codes, posters and single-use staff invitations."""
