package org.mailplatform.smtp.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Parses one SMTP command line (without CR LF) into an {@link SmtpCommand} (RFC 5321 section 4.1).
 * Lines are UTF-8 (RFC 6531 allows UTF-8 addresses; whether they are allowed in this transaction is
 * the session's decision). Errors come back as {@link SmtpSyntaxException} with the right reply:
 * 500 5.5.1 unknown command, 500 5.5.2 bad syntax, 501 5.5.4 bad arguments, 555 5.5.4 unknown
 * MAIL/RCPT parameter (RFC 5321 4.1.1.11).
 */
public final class SmtpCommandParser {

    private SmtpCommandParser() {
    }

    public static SmtpCommand parse(byte[] line) throws SmtpSyntaxException {
        String text = utf8(line);
        int sp = text.indexOf(' ');
        String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
        String args = sp < 0 ? "" : text.substring(sp + 1);
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Ehlo(domainArgument(args));
            case "HELO" -> new SmtpCommand.Helo(domainArgument(args));
            case "MAIL" -> MailParameters.parseMail(pathAfter(args, "FROM:"));
            case "RCPT" -> MailParameters.parseRcpt(pathAfter(args, "TO:"));
            case "DATA" -> noArguments(args, new SmtpCommand.Data());
            case "BDAT" -> bdat(args);
            case "RSET" -> noArguments(args, new SmtpCommand.Rset());
            case "NOOP" -> new SmtpCommand.Noop();
            case "QUIT" -> noArguments(args, new SmtpCommand.Quit());
            case "HELP" -> new SmtpCommand.Help(args.strip());
            case "VRFY" -> new SmtpCommand.Vrfy(required(args));
            case "EXPN" -> new SmtpCommand.Expn(required(args));
            case "STARTTLS" -> noArguments(args, new SmtpCommand.StartTls());
            case "AUTH" -> auth(args);
            case "" -> throw syntax("Syntax error: empty command");
            default -> throw new SmtpSyntaxException(SmtpReply.of(500, "5.5.1", "Command unrecognized"));
        };
    }

    static SmtpSyntaxException syntax(String text) {
        return new SmtpSyntaxException(SmtpReply.of(500, "5.5.2", text));
    }

    static SmtpSyntaxException badArguments(String text) {
        return new SmtpSyntaxException(SmtpReply.of(501, "5.5.4", text));
    }

    private static String utf8(byte[] line) throws SmtpSyntaxException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw syntax("Syntax error: command is not valid UTF-8");
        }
    }

    private static String domainArgument(String args) throws SmtpSyntaxException {
        String domain = args.strip();
        // no controls either: a bare CR would otherwise reach the greeting reply and the trace headers
        if (domain.isEmpty() || domain.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw badArguments("Syntax: EHLO domain-or-address-literal");
        }
        return domain;
    }

    private static String required(String args) throws SmtpSyntaxException {
        if (args.isBlank()) {
            throw badArguments("Argument required");
        }
        return args.strip();
    }

    private static SmtpCommand noArguments(String args, SmtpCommand command) throws SmtpSyntaxException {
        if (!args.isBlank()) {
            throw badArguments("No arguments allowed");
        }
        return command;
    }

    private static String pathAfter(String args, String keyword) throws SmtpSyntaxException {
        if (args.length() < keyword.length() || !args.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw badArguments("Syntax: " + ("FROM:".equals(keyword) ? "MAIL FROM:<address>" : "RCPT TO:<address>"));
        }
        return args.substring(keyword.length()).stripLeading();
    }

    private static SmtpCommand bdat(String args) throws SmtpSyntaxException {
        List<String> parts = List.of(args.strip().split(" +"));
        if (parts.isEmpty() || parts.size() > 2 || !parts.getFirst().matches("[0-9]{1,18}")) {
            throw badArguments("Syntax: BDAT chunk-size [LAST]");
        }
        boolean last = parts.size() == 2;
        if (last && !parts.get(1).equalsIgnoreCase("LAST")) {
            throw badArguments("Syntax: BDAT chunk-size [LAST]");
        }
        return new SmtpCommand.Bdat(Long.parseLong(parts.getFirst()), last);
    }

    private static SmtpCommand auth(String args) throws SmtpSyntaxException {
        String[] parts = args.strip().split(" +");
        if (parts.length == 0 || parts[0].isEmpty() || parts.length > 2) {
            throw badArguments("Syntax: AUTH mechanism [initial-response]");
        }
        return new SmtpCommand.Auth(parts[0].toUpperCase(Locale.ROOT), parts.length == 2 ? parts[1] : null);
    }
}
