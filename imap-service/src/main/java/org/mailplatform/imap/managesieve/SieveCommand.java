package org.mailplatform.imap.managesieve;

/** The commands of RFC 5804 section 2, as {@link CommandParser} reads them. */
sealed interface SieveCommand {

    /** The command's name, for metrics. */
    default String keyword() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /** Whether the command needs a logged-in user (RFC 5804 section 2: everything but these four and AUTHENTICATE/STARTTLS). */
    default boolean needsLogin() {
        return true;
    }

    /** Section 2.1; {@code initialResponse} is {@code null} without one. */
    record Authenticate(String mechanism, String initialResponse) implements SieveCommand {
        @Override
        public boolean needsLogin() {
            return false;
        }

        @Override
        public String toString() {
            return "Authenticate[" + mechanism + (initialResponse == null ? "]" : ", ***]");
        }
    }

    record StartTls() implements SieveCommand {
        @Override
        public boolean needsLogin() {
            return false;
        }
    }

    record Capability() implements SieveCommand {
        @Override
        public boolean needsLogin() {
            return false;
        }
    }

    record Logout() implements SieveCommand {
        @Override
        public boolean needsLogin() {
            return false;
        }
    }

    /** Section 2.13; {@code tag} is {@code null} when not given, else echoed in {@code (TAG ...)}. */
    record Noop(String tag) implements SieveCommand {
        @Override
        public boolean needsLogin() {
            return false;
        }
    }

    record Unauthenticate() implements SieveCommand {
    }

    record HaveSpace(String name, long size) implements SieveCommand {
    }

    record PutScript(String name, String script) implements SieveCommand {
    }

    record CheckScript(String script) implements SieveCommand {
    }

    record ListScripts() implements SieveCommand {
    }

    /** An empty {@code name} deactivates every script (section 2.8). */
    record SetActive(String name) implements SieveCommand {
    }

    record GetScript(String name) implements SieveCommand {
    }

    record DeleteScript(String name) implements SieveCommand {
    }

    record RenameScript(String from, String to) implements SieveCommand {
    }
}
