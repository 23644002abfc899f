"""Security: login and page-password throttling, two-factor authentication, CSP, the lockout admin."""
