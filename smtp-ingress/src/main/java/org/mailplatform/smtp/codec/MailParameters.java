package org.mailplatform.smtp.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The path and parameters of MAIL FROM and RCPT TO: RFC 5321 4.1.2 paths, SIZE (RFC 1870), BODY
 * (RFC 6152, 3030), SMTPUTF8 (RFC 6531), AUTH (RFC 4954, accepted and ignored), RET/ENVID and
 * NOTIFY/ORCPT (RFC 3461).
 */
final class MailParameters {

    private MailParameters() {
    }

    static SmtpCommand.Mail parseMail(String rest) throws SmtpSyntaxException {
        int end = pathEnd(rest);
        String path = stripSourceRoute(rest.substring(1, end));
        if (!path.isEmpty()) {
            validateMailbox(path, false);
        }
        long size = -1;
        String body = null;
        boolean smtpUtf8 = false;
        String ret = null;
        String envid = null;
        Set<String> seen = new HashSet<>();
        for (String[] p : parameters(rest.substring(end + 1))) {
            String key = p[0];
            if (!seen.add(key)) {
                throw SmtpCommandParser.badArguments("Duplicate parameter " + key);
            }
            String value = p[1];
            switch (key) {
                case "SIZE" -> {
                    if (value == null || !value.matches("[0-9]{1,18}")) {
                        throw SmtpCommandParser.badArguments("Syntax: SIZE=number");
                    }
                    size = Long.parseLong(value);
                }
                case "BODY" -> {
                    body = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!Set.of("7BIT", "8BITMIME", "BINARYMIME").contains(body)) {
                        throw SmtpCommandParser.badArguments("Syntax: BODY=7BIT|8BITMIME|BINARYMIME");
                    }
                }
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw SmtpCommandParser.badArguments("SMTPUTF8 takes no value");
                    }
                    smtpUtf8 = true;
                }
                case "RET" -> {
                    ret = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!ret.equals("FULL") && !ret.equals("HDRS")) {
                        throw SmtpCommandParser.badArguments("Syntax: RET=FULL|HDRS");
                    }
                }
                case "ENVID" -> {
                    envid = Xtext.decode(value);
                    if (envid.length() > 100) {
                        throw SmtpCommandParser.badArguments("ENVID longer than 100 characters");
                    }
                }
                case "AUTH" -> {
                    // RFC 4954 section 5: a server may ignore the AUTH parameter; it does
                }
                default -> throw unknownParameter(key);
            }
        }
        if (!smtpUtf8 && !isAscii(path)) {
            throw new SmtpSyntaxException(SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8"));
        }
        return new SmtpCommand.Mail(path, size, body, smtpUtf8, ret, envid);
    }

    static SmtpCommand.Rcpt parseRcpt(String rest) throws SmtpSyntaxException {
        int end = pathEnd(rest);
        String path = stripSourceRoute(rest.substring(1, end));
        if (path.isEmpty()) {
            throw SmtpCommandParser.badArguments("Empty recipient");
        }
        validateMailbox(path, true);
        List<String> notify = List.of();
        String orcpt = null;
        Set<String> seen = new HashSet<>();
        for (String[] p : parameters(rest.substring(end + 1))) {
            String key = p[0];
            if (!seen.add(key)) {
                throw SmtpCommandParser.badArguments("Duplicate parameter " + key);
            }
            switch (key) {
                case "NOTIFY" -> notify = notify(p[1]);
                case "ORCPT" -> orcpt = orcpt(p[1]);
                default -> throw unknownParameter(key);
            }
        }
        return new SmtpCommand.Rcpt(path, notify, orcpt);
    }

    static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private static SmtpSyntaxException unknownParameter(String key) {
        return new SmtpSyntaxException(SmtpReply.of(555, "5.5.4", "Unsupported parameter " + key));
    }

    /** Index of the {@code >} closing the path that starts {@code rest}; quoted local parts may hold one. */
    private static int pathEnd(String rest) throws SmtpSyntaxException {
        if (rest.isEmpty() || rest.charAt(0) != '<') {
            throw SmtpCommandParser.badArguments("Syntax: address must be in angle brackets");
        }
        boolean quoted = false;
        for (int i = 1; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                if (i + 1 < rest.length() && rest.charAt(i + 1) != ' ') {
                    throw SmtpCommandParser.badArguments("Syntax: space expected after address");
                }
                return i;
            }
        }
        throw SmtpCommandParser.badArguments("Syntax: unterminated address");
    }

    /** RFC 5321 4.1.1.3: a source route ({@code @a,@b:user@c}) must be accepted and ignored. */
    private static String stripSourceRoute(String path) {
        if (path.startsWith("@")) {
            int colon = path.indexOf(':');
            return colon < 0 ? path : path.substring(colon + 1);
        }
        return path;
    }

    private static void validateMailbox(String path, boolean postmasterAllowed) throws SmtpSyntaxException {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 32 || c == 127) {
                throw SmtpCommandParser.badArguments("Control character in address");
            }
        }
        int at = path.lastIndexOf('@');
        if (at < 0) {
            if (postmasterAllowed && path.equalsIgnoreCase("postmaster")) {
                return;
            }
            throw SmtpCommandParser.badArguments("Address must be local-part@domain");
        }
        String local = path.substring(0, at);
        String domain = path.substring(at + 1);
        if (local.isEmpty() || local.length() > 64 || domain.isEmpty() || domain.length() > 255
                || (!local.startsWith("\"") && local.indexOf(' ') >= 0) || domain.indexOf(' ') >= 0) {
            throw SmtpCommandParser.badArguments("Invalid address " + path);
        }
    }

    private static List<String[]> parameters(String text) throws SmtpSyntaxException {
        List<String[]> result = new ArrayList<>();
        for (String token : text.strip().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (!key.matches("[A-Z0-9][A-Z0-9-]*")) {
                throw SmtpCommandParser.badArguments("Invalid parameter " + token);
            }
            result.add(new String[] {key, eq < 0 ? null : token.substring(eq + 1)});
        }
        return result;
    }

    private static List<String> notify(String value) throws SmtpSyntaxException {
        if (value == null || value.isEmpty()) {
            throw SmtpCommandParser.badArguments("Syntax: NOTIFY=NEVER|SUCCESS,FAILURE,DELAY");
        }
        List<String> values = new ArrayList<>();
        for (String v : value.toUpperCase(Locale.ROOT).split(",")) {
            if (!Set.of("NEVER", "SUCCESS", "FAILURE", "DELAY").contains(v) || values.contains(v)) {
                throw SmtpCommandParser.badArguments("Syntax: NOTIFY=NEVER|SUCCESS,FAILURE,DELAY");
            }
            values.add(v);
        }
        if (values.contains("NEVER") && values.size() > 1) {
            throw SmtpCommandParser.badArguments("NOTIFY=NEVER cannot be combined");
        }
        return List.copyOf(values);
    }

    private static String orcpt(String value) throws SmtpSyntaxException {
        int semi = value == null ? -1 : value.indexOf(';');
        if (semi <= 0 || semi == value.length() - 1) {
            throw SmtpCommandParser.badArguments("Syntax: ORCPT=addr-type;xtext");
        }
        String type = value.substring(0, semi);
        String address = value.substring(semi + 1);
        return type + ";" + (type.equalsIgnoreCase("utf-8") ? address : Xtext.decode(address));
    }
}
