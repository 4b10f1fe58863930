package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.sieve.SieveAction.Discard;
import org.mailplatform.sieve.SieveAction.FileInto;
import org.mailplatform.sieve.SieveAction.Redirect;
import org.mailplatform.sieve.SieveAction.Vacation;

/** The {@code date} extension (RFC 5260 4, 5): {@code date} and {@code currentdate}, with a fixed clock. */
class DateExtensionTest {

    /** Wednesday 2007-07-04 15:30:45 UTC, 17:30:45 in the server's zone (Amsterdam, summer: +0200). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2007-07-04T15:30:45Z"), ZoneId.of("Europe/Amsterdam"));
    private static final String HEAD = "require [\"date\", \"relational\", \"variables\", \"fileinto\","
            + " \"comparator-i;ascii-numeric\", \"vacation\"];\n";
    private static final String HEADER = "From: boss@example.com\r\n"
            + "Date: Fri, 13 Feb 2009 23:31:30 -0800 (PST)\r\n"
            + "Date: Mon, 1 Jan 2001 00:00:00 +0000\r\n"
            + "Received: from mx.example.com by mx.local.test; Sat, 14 Feb 2009 08:31:31 +0100\r\n"
            + "X-Old: 4 Jul 07 9:05 EDT\r\n"
            + "X-Bad: Thu, 30 Feb 2009 10:00:00 +0000\r\n"
            + "X-Garbage: next Tuesday\r\n"
            + "Subject: x\r\n\r\nHello.\r\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    private SieveDecision run(String script, String header, Clock clock) {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        try {
            return runner.run(compiler.compile(script), new SieveMessage(bytes, bytes.length, "sender@example.org",
                    "bob@local.test", () -> new ByteArrayInputStream(bytes)), MailboxLookup.NONE,
                    new SieveEnvironment(clock, "+", null, null, null, null));
        } catch (SieveScriptException e) {
            throw new AssertionError(script + ": " + e.getMessage(), e);
        }
    }

    private boolean holds(String test) {
        SieveDecision d = run(HEAD + "if " + test + " { discard; }", HEADER, CLOCK);
        assertThat(d.error()).as(test).isNull();
        return d.actions().contains(new Discard());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the first Date field, 2009-02-13 23:31:30 -0800, in its own zone
            "year | 2009", "month | 02", "day | 13", "date | 2009-02-13", "julian | 54875", "hour | 23",
            "minute | 31", "second | 30", "time | 23:31:30", "iso8601 | 2009-02-13T23:31:30-08:00",
            "std11 | Fri, 13 Feb 2009 23:31:30 -0800", "zone | -0800", "weekday | 5"})
    void eachDatePartInTheOriginalZone(String part, String value) {
        assertThat(holds("date :originalzone \"date\" \"" + part + "\" \"" + value + "\"")).as(part).isTrue();
        assertThat(holds("date :originalzone \"date\" \"" + part.toUpperCase() + "\" \"" + value + "\"")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the same instant is 2009-02-14 07:31:30 UTC and 08:31:30 in Amsterdam (winter: +0100)
            ":zone \"+0000\" | date | 2009-02-14", ":zone \"+0000\" | iso8601 | 2009-02-14T07:31:30Z",
            ":zone \"+0000\" | zone | +0000", ":zone \"-0000\" | zone | +0000", ":zone \"+0530\" | time | 13:01:30",
            ":zone \"+0530\" | zone | +0530", ":zone \"-1000\" | weekday | 5", ":zone \"+0000\" | weekday | 6",
            "| hour | 08", "| zone | +0100", "| std11 | Sat, 14 Feb 2009 08:31:30 +0100", "| julian | 54876"})
    void theDateIsShiftedToTheZoneAskedForOrTheServers(String zone, String part, String value) {
        String z = zone == null ? "" : zone + " ";
        assertThat(holds("date " + z + "\"date\" \"" + part + "\" \"" + value + "\"")).as(z + part).isTrue();
    }

    @Test
    void theRfcExamplesOfDate() {
        // RFC 5260 4.4: the boss's mail during office hours, in the sender's zone
        String urgent = HEAD + """
                if allof(header :is "from" "boss@example.com",
                         date :value "ge" :originalzone "date" "hour" "09",
                         date :value "lt" :originalzone "date" "hour" "17")
                { fileinto "urgent"; }
                """;
        assertThat(run(urgent, HEADER.replace("23:31:30 -0800", "10:00:00 -0800"), CLOCK).actions())
                .containsExactly(new FileInto("urgent", Set.of(), false));
        assertThat(run(urgent, HEADER, CLOCK).actions()).doesNotContain(new FileInto("urgent", Set.of(), false));
        // RFC 5260 4.4: mail received on a weekend, the date after the Received field's last semicolon
        String weekend = HEAD + """
                if anyof(date :is "received" "weekday" "0",
                         date :is "received" "weekday" "6")
                { fileinto "weekend"; }
                """;
        assertThat(run(weekend, HEADER, CLOCK).actions()).containsExactly(new FileInto("weekend", Set.of(), false));
        // RFC 5260 4.4 (with the header set as a variable instead of by editheader): the processing date
        assertThat(run(HEAD + "if currentdate :matches \"std11\" \"*\" { fileinto \"${0}\"; }", HEADER, CLOCK)
                .actions()).containsExactly(new FileInto("Wed, 04 Jul 2007 17:30:45 +0200", Set.of(), false));
    }

    @Test
    void theRfcExamplesOfCurrentdate() {
        // RFC 5260 5.1: outside office hours and at weekends to the pager
        String pager = HEAD + """
                if anyof(currentdate :is "weekday" "0",
                         currentdate :is "weekday" "6",
                         currentdate :value "lt" "hour" "09",
                         currentdate :value "ge" "hour" "17")
                { redirect "pager@example.com"; }
                """;
        assertThat(run(pager, HEADER, CLOCK).actions()).contains(new Redirect("pager@example.com")); // 17:30
        Clock morning = Clock.fixed(Instant.parse("2007-07-04T08:00:00Z"), ZoneId.of("Europe/Amsterdam"));
        assertThat(run(pager, HEADER, morning).actions()).doesNotContain(new Redirect("pager@example.com"));
        // RFC 5260 5.1: a vacation during the first week of July
        String away = HEAD + """
                if allof(currentdate :value "ge" "date" "2007-06-30",
                         currentdate :value "le" "date" "2007-07-07")
                { vacation :days 7  "I'm away during the first week in July."; }
                """;
        assertThat(run(away, HEADER, CLOCK).all(Vacation.class)).hasSize(1);
        Clock august = Clock.fixed(Instant.parse("2007-08-01T12:00:00Z"), ZoneOffset.UTC);
        assertThat(run(away, HEADER, august).all(Vacation.class)).isEmpty();
        // RFC 5260 5.1: filing by month and year
        String byMonth = HEAD + """
                if currentdate :matches "month" "*" { set "month" "${1}"; }
                if currentdate :matches "year"  "*" { set "year"  "${1}"; }
                fileinto "${month}-${year}";
                """;
        assertThat(run(byMonth, HEADER, CLOCK).actions()).containsExactly(new FileInto("07-2007", Set.of(), false));
    }

    @Test
    void currentdateTakesTheZoneAndTheClockOnce() {
        assertThat(holds("currentdate \"iso8601\" \"2007-07-04T17:30:45+02:00\"")).isTrue();
        assertThat(holds("currentdate :zone \"+0000\" \"iso8601\" \"2007-07-04T15:30:45Z\"")).isTrue();
        assertThat(holds("currentdate :zone \"-0700\" \"time\" \"08:30:45\"")).isTrue();
        assertThat(holds("currentdate \"julian\" \"54285\"")).isTrue();
        assertThat(holds("currentdate :value \"gt\" :comparator \"i;ascii-numeric\" \"julian\" \"54284\"")).isTrue();
        assertThat(holds("currentdate :count \"eq\" \"zone\" \"1\"")).isTrue();
        assertThat(holds("currentdate :contains \"std11\" \"Jul\"")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // obsolete forms: two-digit year, no seconds, a named zone (EDT is -0400)
            "x-old | :originalzone | date | 2007-07-04", "x-old | :originalzone | time | 09:05:00",
            "x-old | :originalzone | zone | -0400", "x-old | :zone \"+0000\" | hour | 13",
            // only the first Date field counts
            "date | :originalzone | year | 2009"})
    void obsoleteFormsAndTheFirstField(String field, String zone, String part, String value) {
        assertThat(holds("date " + zone + " \"" + field + "\" \"" + part + "\" \"" + value + "\"")).isTrue();
        assertThat(holds("date :originalzone \"date\" \"year\" \"2001\"")).isFalse();
    }

    @Test
    void anAbsentOrUnparseableDateIsFalseForEveryMatchType() {
        for (String field : new String[] {"x-missing", "x-bad", "x-garbage", "subject"}) {
            assertThat(holds("date :matches \"" + field + "\" \"date\" \"*\"")).as(field).isFalse();
            assertThat(holds("date :count \"eq\" \"" + field + "\" \"date\" \"0\"")).as(field).isFalse();
            assertThat(holds("date :value \"ne\" \"" + field + "\" \"year\" \"1\"")).as(field).isFalse();
        }
        assertThat(holds("date :count \"eq\" \"date\" \"date\" \"1\"")).isTrue();
    }

    @Test
    void aVariableThatMakesThePartOrZoneWrongMakesTheTestFalse() {
        assertThat(holds("currentdate :matches \"${nopart}\" \"*\"")).isFalse();
        SieveDecision d = run(HEAD + "set \"z\" \"CET\"; if currentdate :zone \"${z}\" :matches \"hour\" \"*\" { discard; }",
                HEADER, CLOCK);
        assertThat(d.error()).isNull();
        assertThat(d.actions()).doesNotContain(new Discard());
        d = run(HEAD + "set \"p\" \"weekday\"; set \"z\" \"+0000\"; if currentdate :zone \"${z}\" \"${p}\" \"3\" { discard; }",
                HEADER, CLOCK);
        assertThat(d.actions()).contains(new Discard());
    }

    @Test
    void theCompilerChecksTheRequirePartsAndZones() {
        assertThat(compiler.problem("require \"fileinto\";\nif currentdate \"year\" \"2007\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "currentdate needs require \"date\""));
        assertThat(compiler.problem("\n\nif date \"date\" \"year\" \"2007\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 3", "date needs require \"date\""));
        assertThat(compiler.problem("require \"date\";\nif date \"date\" \"fortnight\" \"1\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "unknown date-part \"fortnight\""));
        assertThat(compiler.problem("require \"date\";\nif date :zone \"CET\" \"date\" \"year\" \"1\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", ":zone takes one time zone"));
        assertThat(compiler.problem("require \"date\";\nif date :zone \"+2500\" \"date\" \"year\" \"1\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains(":zone takes one time zone"));
        assertThat(compiler.problem("require \"date\";\nif currentdate :originalzone \"year\" \"1\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("unknown tagged argument :originalzone"));
        assertThat(compiler.problem("require \"date\";\nif date :zone \"+0100\" :originalzone \"date\" \"year\" \"1\""
                + " { keep; }")).hasValueSatisfying(p -> assertThat(p).contains("only one of"));
        assertThat(compiler.problem("require \"date\";\nif date [\"date\", \"received\"] \"year\" \"1\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("header name must be a single string"));
        assertThat(compiler.problem("require \"date\";\nif date \"date\" \"year\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("date takes 3 arguments"));
        assertThat(compiler.problem("require \"date\";\nif currentdate :value \"gt\" \"year\" \"1\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains(":value needs require \"relational\""));
        assertThat(compiler.problem("require \"date\";\nif currentdate :comparator \"i;ascii-numeric\" \"year\" \"1\""
                + " { keep; }")).hasValueSatisfying(p -> assertThat(p).contains("comparator-i;ascii-numeric"));
        assertThat(compiler.problem(HEAD + "if currentdate :zone \"${z}\" \"${p}\" \"1\" { keep; }")).isEmpty();
        assertThat(SieveCompiler.EXTENSIONS).contains("date");
    }
}
