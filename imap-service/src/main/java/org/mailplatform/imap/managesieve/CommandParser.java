package org.mailplatform.imap.managesieve;

import java.util.List;
import java.util.Locale;

/** The arguments of one command line to a {@link SieveCommand}, or the reason it is not one. */
final class CommandParser {

    private CommandParser() {
    }

    static SieveCommand parse(List<Arg> args) {
        if (args.isEmpty() || !(args.getFirst() instanceof Arg.Atom name)) {
            throw new SieveSyntaxException("expected a command name");
        }
        List<Arg> a = args.subList(1, args.size());
        return switch (name.text().toUpperCase(Locale.ROOT)) {
            case "AUTHENTICATE" -> {
                arity(a, 1, 2);
                yield new SieveCommand.Authenticate(string(a, 0), a.size() == 2 ? string(a, 1) : null);
            }
            case "STARTTLS" -> none(a, new SieveCommand.StartTls());
            case "CAPABILITY" -> none(a, new SieveCommand.Capability());
            case "LOGOUT" -> none(a, new SieveCommand.Logout());
            case "UNAUTHENTICATE" -> none(a, new SieveCommand.Unauthenticate());
            case "LISTSCRIPTS" -> none(a, new SieveCommand.ListScripts());
            case "NOOP" -> {
                arity(a, 0, 1);
                yield new SieveCommand.Noop(a.isEmpty() ? null : string(a, 0));
            }
            case "HAVESPACE" -> {
                arity(a, 2, 2);
                yield new SieveCommand.HaveSpace(string(a, 0), number(a.get(1)));
            }
            case "PUTSCRIPT" -> {
                arity(a, 2, 2);
                yield new SieveCommand.PutScript(string(a, 0), string(a, 1));
            }
            case "CHECKSCRIPT" -> {
                arity(a, 1, 1);
                yield new SieveCommand.CheckScript(string(a, 0));
            }
            case "SETACTIVE" -> {
                arity(a, 1, 1);
                yield new SieveCommand.SetActive(string(a, 0));
            }
            case "GETSCRIPT" -> {
                arity(a, 1, 1);
                yield new SieveCommand.GetScript(string(a, 0));
            }
            case "DELETESCRIPT" -> {
                arity(a, 1, 1);
                yield new SieveCommand.DeleteScript(string(a, 0));
            }
            case "RENAMESCRIPT" -> {
                arity(a, 2, 2);
                yield new SieveCommand.RenameScript(string(a, 0), string(a, 1));
            }
            default -> throw new SieveSyntaxException("unknown command");
        };
    }

    /**
     * Whether the literal that follows {@code args} is a script (its own size limit): PUTSCRIPT's
     * second argument, CHECKSCRIPT's first. PUTSCRIPT's name is a string like any other.
     */
    static boolean carriesScript(List<Arg> args) {
        return !args.isEmpty() && args.getFirst() instanceof Arg.Atom a
                && ((a.text().equalsIgnoreCase("PUTSCRIPT") && args.size() == 2)
                || (a.text().equalsIgnoreCase("CHECKSCRIPT") && args.size() == 1));
    }

    private static SieveCommand none(List<Arg> a, SieveCommand c) {
        arity(a, 0, 0);
        return c;
    }

    private static void arity(List<Arg> a, int min, int max) {
        if (a.size() < min || a.size() > max) {
            throw new SieveSyntaxException(min == max ? "expected " + min + " argument" + (min == 1 ? "" : "s")
                    : "expected " + min + " to " + max + " arguments");
        }
    }

    private static String string(List<Arg> a, int i) {
        if (!(a.get(i) instanceof Arg.Str s)) {
            throw new SieveSyntaxException("argument " + (i + 1) + " must be a string");
        }
        return s.text();
    }

    private static long number(Arg arg) {
        // RFC 5804 section 4: number = 1*DIGIT, below 4294967296
        if (!(arg instanceof Arg.Atom a) || a.text().isEmpty() || a.text().length() > 10
                || !a.text().chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SieveSyntaxException("expected a number");
        }
        long n = Long.parseLong(a.text());
        if (n > 0xFFFF_FFFFL) {
            throw new SieveSyntaxException("number too large");
        }
        return n;
    }
}
