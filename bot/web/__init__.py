"""The browser side: login, the chat page for staff, the dashboard for support teams."""
