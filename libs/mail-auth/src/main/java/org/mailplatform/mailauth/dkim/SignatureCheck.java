package org.mailplatform.mailauth.dkim;

/**
 * The verification of one DKIM-Signature field.
 *
 * @param result   what came of it
 * @param domain   the signing domain ({@code d=}), lower case; {@code null} when the field could not
 *                 be read
 * @param selector the selector ({@code s=}), or {@code null}
 * @param headerB  the first eight characters of {@code b=}, telling several signatures of one domain
 *                 apart in Authentication-Results ({@code header.b}, RFC 6008); or {@code null}
 * @param reason   why it did not pass, short and printable; {@code null} on pass
 */
public record SignatureCheck(DkimResult result, String domain, String selector, String headerB, String reason) {

    public boolean passed() {
        return result == DkimResult.PASS;
    }
}
