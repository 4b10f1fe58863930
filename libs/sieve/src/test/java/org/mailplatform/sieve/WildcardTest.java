package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code :matches} and what its wildcards captured (RFC 5228 2.7.1, RFC 5229 3.2). */
class WildcardTest {

    private static final SieveComparator CASEMAP = SieveComparator.ASCII_CASEMAP;

    @Test
    void eachStarTakesAsLittleAsTheRestLetsIt() {
        // the RFC 5229 examples
        assertThat(Wildcard.match("[*] *", "[acme-users] [fwd] version 1.0 is out", CASEMAP))
                .containsExactly("[acme-users] [fwd] version 1.0 is out", "acme-users", "[fwd] version 1.0 is out");
        assertThat(Wildcard.match("coyote@**.com", "coyote@ACME.Example.COM", CASEMAP))
                .containsExactly("coyote@ACME.Example.COM", "", "ACME.Example");
        assertThat(Wildcard.match("*<*.*>*", "Foo list <foo.example.org>", CASEMAP))
                .containsExactly("Foo list <foo.example.org>", "Foo list ", "foo", "example.org", "");
    }

    @Test
    void questionMarksAreOneCharacterAndCaptureIt() {
        assertThat(Wildcard.match("a?c*", "abcdef", CASEMAP)).containsExactly("abcdef", "b", "def");
        assertThat(Wildcard.match("?", "\uD83D\uDE00", CASEMAP)).containsExactly("\uD83D\uDE00", "\uD83D\uDE00");
        assertThat(Wildcard.match("??", "a", CASEMAP)).isNull();
    }

    @Test
    void escapedWildcardsAreLiteral() {
        assertThat(Wildcard.matches("a\\*b", "a*b", CASEMAP)).isTrue();
        assertThat(Wildcard.matches("a\\*b", "axb", CASEMAP)).isFalse();
        assertThat(Wildcard.matches("a\\?", "a?", CASEMAP)).isTrue();
        assertThat(Wildcard.matches("a\\\\*", "a\\xyz", CASEMAP)).isTrue();
        assertThat(Wildcard.match("\\**", "*x", CASEMAP)).containsExactly("*x", "x");
    }

    @Test
    void theWholeValueMustMatchUnderTheComparator() {
        assertThat(Wildcard.matches("abc", "ABC", CASEMAP)).isTrue();
        assertThat(Wildcard.matches("abc", "ABC", SieveComparator.OCTET)).isFalse();
        assertThat(Wildcard.matches("a*", "ba", CASEMAP)).isFalse();
        assertThat(Wildcard.matches("*a", "ab", CASEMAP)).isFalse();
        assertThat(Wildcard.match("*", "", CASEMAP)).containsExactly("", "");
        assertThat(Wildcard.matches("", "", CASEMAP)).isTrue();
        assertThat(Wildcard.matches("", "x", CASEMAP)).isFalse();
    }

    @Test
    void manyStarsDoNotBacktrackExponentially() {
        String value = "a".repeat(20_000);
        long start = System.nanoTime();
        assertThat(Wildcard.matches("*a*a*a*a*a*a*a*a*a*a*b", value, CASEMAP)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
