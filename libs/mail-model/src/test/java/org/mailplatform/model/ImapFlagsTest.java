package org.mailplatform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImapFlagsTest {

    @Test
    void systemFlagsAreFoundWhateverTheirCaseAndGivenInTheirRfcSpelling() {
        assertThat(ImapFlags.system("\\SEEN")).isEqualTo("\\Seen");
        assertThat(ImapFlags.system("\\flagged")).isEqualTo("\\Flagged");
        assertThat(ImapFlags.system("\\Recent")).as("not a flag a message carries").isNull();
        assertThat(ImapFlags.system("Seen")).as("a keyword, not the system flag").isNull();
    }

    @Test
    void aKeywordIsAnAtom() {
        assertThat(ImapFlags.isKeyword("$Junk")).isTrue();
        assertThat(ImapFlags.isKeyword("project-x.2")).isTrue();
        for (String bad : new String[] {"", "two words", "(x", "x]", "50%", "a*", "q\"", "back\\slash", "caf\u00e9", "tab\t"}) {
            assertThat(ImapFlags.isKeyword(bad)).as(bad).isFalse();
        }
    }
}
