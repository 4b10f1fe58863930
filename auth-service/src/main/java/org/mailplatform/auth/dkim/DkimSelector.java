package org.mailplatform.auth.dkim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

import org.mailplatform.auth.problem.ApiProblem;

/**
 * A DKIM selector ({@code s=}, RFC 6376 section 3.1): one or more DNS labels separated by dots,
 * stored lower-case since DNS names do not distinguish case.
 */
record DkimSelector(String value) {

    private static final Pattern SYNTAX = Pattern
            .compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    /** Month-stamped, so that the selectors of a rotation sort and tell their age at a glance. */
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    /** @throws ApiProblem 400 if it is not a selector */
    static DkimSelector parse(String text) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (!SYNTAX.matcher(lower).matches()) {
            throw ApiProblem.badRequest("invalid DKIM selector '" + text
                    + "': DNS labels of 1-63 letters, digits and '-' (not first or last), separated by dots");
        }
        return new DkimSelector(lower);
    }

    /** {@code mp} and the year and month, e.g. {@code mp202612}. */
    static DkimSelector monthOf(Instant now) {
        return new DkimSelector("mp" + MONTH.format(now));
    }

    @Override
    public String toString() {
        return value;
    }
}
