package org.mailplatform.imap.codec;

import java.util.Collection;
import java.util.Objects;

/**
 * A response code in brackets after OK, NO, BAD, BYE or PREAUTH (RFC 9051 section 7.1), e.g.
 * {@code [UIDNEXT 4392]} or {@code [UNAVAILABLE]}.
 *
 * @param name     the code's atom, upper case
 * @param argument what follows the name, already in IMAP syntax, or {@code null}
 */
public record ResponseCode(String name, String argument) {

    public static final ResponseCode ALERT = of("ALERT");
    public static final ResponseCode ALREADYEXISTS = of("ALREADYEXISTS");
    public static final ResponseCode AUTHENTICATIONFAILED = of("AUTHENTICATIONFAILED");
    public static final ResponseCode AUTHORIZATIONFAILED = of("AUTHORIZATIONFAILED");
    public static final ResponseCode BADCHARSET = of("BADCHARSET");
    public static final ResponseCode CANNOT = of("CANNOT");
    public static final ResponseCode CLIENTBUG = of("CLIENTBUG");
    public static final ResponseCode CLOSED = of("CLOSED");
    public static final ResponseCode CONTACTADMIN = of("CONTACTADMIN");
    public static final ResponseCode EXPUNGEISSUED = of("EXPUNGEISSUED");
    public static final ResponseCode INUSE = of("INUSE");
    public static final ResponseCode LIMIT = of("LIMIT");
    public static final ResponseCode NOMODSEQ = of("NOMODSEQ");
    public static final ResponseCode NONEXISTENT = of("NONEXISTENT");
    public static final ResponseCode NOPERM = of("NOPERM");
    public static final ResponseCode OVERQUOTA = of("OVERQUOTA");
    public static final ResponseCode PRIVACYREQUIRED = of("PRIVACYREQUIRED");
    public static final ResponseCode READ_ONLY = of("READ-ONLY");
    public static final ResponseCode READ_WRITE = of("READ-WRITE");
    public static final ResponseCode SERVERBUG = of("SERVERBUG");
    public static final ResponseCode TOOBIG = of("TOOBIG");
    public static final ResponseCode TRYCREATE = of("TRYCREATE");
    public static final ResponseCode UNAVAILABLE = of("UNAVAILABLE");
    public static final ResponseCode UNKNOWN_CTE = of("UNKNOWN-CTE");

    public ResponseCode {
        Objects.requireNonNull(name, "name");
    }

    public static ResponseCode of(String name) {
        return new ResponseCode(name, null);
    }

    public static ResponseCode number(String name, long value) {
        return new ResponseCode(name, Long.toString(value));
    }

    /** {@code [CAPABILITY ...]}. */
    public static ResponseCode capability(Collection<String> capabilities) {
        return new ResponseCode("CAPABILITY", String.join(" ", capabilities));
    }

    /** {@code [PERMANENTFLAGS (...)]}. */
    public static ResponseCode permanentFlags(Collection<String> flags) {
        return new ResponseCode("PERMANENTFLAGS", "(" + String.join(" ", flags) + ")");
    }

    /** {@code [APPENDUID uidvalidity uid]} (RFC 4315). */
    public static ResponseCode appendUid(long uidValidity, long uid) {
        return new ResponseCode("APPENDUID", uidValidity + " " + uid);
    }

    /** {@code [COPYUID uidvalidity source-uids destination-uids]} (RFC 4315). */
    public static ResponseCode copyUid(long uidValidity, String sourceUids, String destinationUids) {
        return new ResponseCode("COPYUID", uidValidity + " " + sourceUids + " " + destinationUids);
    }

    /** {@code [BADCHARSET (UTF-8 US-ASCII)]}. */
    public static ResponseCode badCharset(Collection<String> supported) {
        return new ResponseCode("BADCHARSET", "(" + String.join(" ", supported) + ")");
    }

    @Override
    public String toString() {
        return argument == null ? name : name + " " + argument;
    }
}
