"""What every layer uses: diagnostics (`path:line: message`), the characters never published, the one code digest."""
