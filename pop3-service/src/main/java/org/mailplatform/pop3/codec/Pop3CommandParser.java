package org.mailplatform.pop3.codec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses one command line (without CR LF) into a {@link Pop3Command}, RFC 1939 section 3: a
 * case-insensitive keyword, then arguments separated by spaces. Runs of spaces and trailing spaces
 * are tolerated (clients in the wild send them); {@code PASS} takes the rest of the line, so a
 * password may contain spaces. User names and passwords are UTF-8. Control characters are refused.
 */
public final class Pop3CommandParser {

    /** The largest message number accepted; far above any maildrop, far below overflow. */
    static final int MAX_NUMBER = 99_999_999;

    private Pop3CommandParser() {
    }

    public static Pop3Command parse(byte[] line) throws Pop3SyntaxException {
        for (byte b : line) {
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                throw new Pop3SyntaxException("Invalid character in command");
            }
        }
        String text = new String(line, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1);
        if (keyword.equals("PASS")) {
            if (rest.isEmpty()) {
                throw new Pop3SyntaxException("PASS needs a password");
            }
            return new Pop3Command.Pass(rest);
        }
        String[] args = rest.isBlank() ? new String[0] : rest.strip().split(" +");
        return switch (keyword) {
            case "USER" -> new Pop3Command.User(exactlyOne(args, "USER needs a user name"));
            case "AUTH" -> auth(args);
            case "STLS" -> none(args, new Pop3Command.Stls());
            case "CAPA" -> none(args, new Pop3Command.Capa());
            case "QUIT" -> none(args, new Pop3Command.Quit());
            case "STAT" -> none(args, new Pop3Command.Stat());
            case "NOOP" -> none(args, new Pop3Command.Noop());
            case "RSET" -> none(args, new Pop3Command.Rset());
            case "LIST" -> new Pop3Command.ListMessages(optionalNumber(args));
            case "UIDL" -> new Pop3Command.Uidl(optionalNumber(args));
            case "RETR" -> new Pop3Command.Retr(number(exactlyOne(args, "RETR needs a message number")));
            case "DELE" -> new Pop3Command.Dele(number(exactlyOne(args, "DELE needs a message number")));
            case "TOP" -> top(args);
            default -> throw new Pop3SyntaxException("Unknown command");
        };
    }

    private static Pop3Command auth(String[] args) throws Pop3SyntaxException {
        return switch (args.length) {
            case 0 -> new Pop3Command.Auth(null, null);
            case 1 -> new Pop3Command.Auth(args[0].toUpperCase(Locale.ROOT), null);
            case 2 -> new Pop3Command.Auth(args[0].toUpperCase(Locale.ROOT), args[1]);
            default -> throw new Pop3SyntaxException("Too many arguments to AUTH");
        };
    }

    private static Pop3Command top(String[] args) throws Pop3SyntaxException {
        if (args.length != 2) {
            throw new Pop3SyntaxException("TOP needs a message number and a line count");
        }
        return new Pop3Command.Top(number(args[0]), count(args[1]));
    }

    private static Pop3Command none(String[] args, Pop3Command command) throws Pop3SyntaxException {
        if (args.length != 0) {
            throw new Pop3SyntaxException(command.keyword() + " takes no arguments");
        }
        return command;
    }

    private static String exactlyOne(String[] args, String error) throws Pop3SyntaxException {
        if (args.length != 1) {
            throw new Pop3SyntaxException(error);
        }
        return args[0];
    }

    private static int optionalNumber(String[] args) throws Pop3SyntaxException {
        return switch (args.length) {
            case 0 -> 0;
            case 1 -> number(args[0]);
            default -> throw new Pop3SyntaxException("Too many arguments");
        };
    }

    /** A message number: 1 or more, decimal digits only. */
    private static int number(String arg) throws Pop3SyntaxException {
        int n = count(arg);
        if (n == 0) {
            throw new Pop3SyntaxException("Invalid message number");
        }
        return n;
    }

    /** A non-negative decimal number. */
    private static int count(String arg) throws Pop3SyntaxException {
        if (arg.isEmpty() || arg.length() > 8 || !arg.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Pop3SyntaxException("Invalid number: " + printable(arg));
        }
        return Integer.parseInt(arg);
    }

    private static String printable(String arg) {
        String s = arg.length() > 20 ? arg.substring(0, 20) + "..." : arg;
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? s : "?";
    }
}
