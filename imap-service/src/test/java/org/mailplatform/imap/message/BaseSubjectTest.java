package org.mailplatform.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5256 section 2.1 base subjects. */
class BaseSubjectTest {

    @Test
    void replyAndForwardMarkersAreRemovedRepeatedly() {
        assertThat(BaseSubject.of("Re: RE: Fwd: [list] re[2]: Hello  World (fwd)")).isEqualTo("hello world");
        assertThat(BaseSubject.of("[Fwd: Re: meeting]")).isEqualTo("meeting");
        assertThat(BaseSubject.of("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=")).isEqualTo("grüße");
    }

    @Test
    void aSubjectThatIsOnlyABlobKeepsIt() {
        assertThat(BaseSubject.of("[PATCH]")).isEqualTo("[patch]");
        assertThat(BaseSubject.of(null)).isEmpty();
    }
}
