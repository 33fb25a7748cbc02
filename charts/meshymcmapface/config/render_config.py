"""Renders one config template of section 7.2 and starts the program with it (a chart departure,
see ../README.md).

    python render_config.py TEMPLATE PROGRAM [ARG...]

The template's ${VAR} placeholders are filled from the environment (AGENT_ID, ...); API_KEY is read
from the file API_KEY_FILE names (section 8.3's /run/secrets/agent_api_key): the one secret the server
and every agent mount, so the key the server accepts is the key each agent sends. The rendered file
goes to $TMPDIR or /tmp, readable by this user only, and PROGRAM runs with `--config <that file>`.
A placeholder whose variable is unset or empty, or an unusable key, stops the container with one
line naming it.
"""
import os
import string
import sys
import tempfile


def fail(message):
    sys.exit(f"render_config: {message}")


def api_key():
    path = os.environ.get("API_KEY_FILE")
    if not path:
        fail("API_KEY_FILE is not set (the path of the mounted agent_api_key secret)")
    try:
        with open(path, encoding="utf-8") as file:
            key = file.read().strip()
    except OSError as error:
        fail(f"cannot read the API key file {path}: {error.strerror}")
    # The server parses its config with configparser, where % starts an interpolation and a line
    # break ends the value: such a key would never match.
    if not key or "%" in key or any(c.isspace() for c in key):
        fail(f"the API key in {path} is empty or has whitespace or '%' (use e.g. `openssl rand -hex 32`)")
    return key


def render(template):
    environment = dict(os.environ, API_KEY=api_key())

    class Values(dict):
        """The environment, refusing a placeholder whose variable is unset or empty."""

        def __getitem__(self, name):
            value = environment.get(name, "")
            if not value:
                fail(f"{template} needs the variable {name}, which is unset or empty")
            return value

    try:
        with open(template, encoding="utf-8") as file:
            return string.Template(file.read()).substitute(Values())
    except ValueError as error:
        fail(f"{template} has a malformed placeholder: {error}")


def main(argv):
    if len(argv) < 3:
        fail("usage: render_config.py TEMPLATE PROGRAM [ARG...]")
    template, program = argv[1], argv[2:]
    text = render(template)
    rendered = os.path.join(tempfile.gettempdir(), os.path.basename(template))
    if os.path.exists(rendered):
        os.remove(rendered)
    with os.fdopen(os.open(rendered, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as file:
        file.write(text)
    os.execvp(program[0], [*program, "--config", rendered])


if __name__ == "__main__":
    main(sys.argv)
