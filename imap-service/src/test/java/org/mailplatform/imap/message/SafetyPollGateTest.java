package org.mailplatform.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SafetyPollGateTest {

    @Test
    void aFeedReadingWithoutAGapSinceTheLastReadNeedsNoStoreRead() {
        AtomicLong feed = new AtomicLong(3);
        SafetyPollGate gate = new SafetyPollGate(feed::get);
        assertThat(gate.mustRead()).isFalse();
        assertThat(gate.mustRead()).isFalse();
    }

    @Test
    void aReassignedFeedMeansOneRead() {
        AtomicLong feed = new AtomicLong(3);
        SafetyPollGate gate = new SafetyPollGate(feed::get);
        feed.set(5);
        assertThat(gate.mustRead()).isTrue();
        assertThat(gate.mustRead()).isFalse();
    }

    @Test
    void aFeedThatIsNotReadingMeansAReadAtEveryPoll() {
        AtomicLong feed = new AtomicLong(-1);
        SafetyPollGate gate = new SafetyPollGate(feed::get);
        assertThat(gate.mustRead()).isTrue();
        assertThat(gate.mustRead()).isTrue();
        feed.set(4);
        assertThat(gate.mustRead()).isTrue();
        assertThat(gate.mustRead()).isFalse();
    }

    @Test
    void aGapBetweenTwoPollsIsNoticedEvenIfTheFeedIsBackAtTheNextPoll() {
        AtomicLong feed = new AtomicLong(1);
        SafetyPollGate gate = new SafetyPollGate(feed::get);
        // revoked and reassigned between polls: the number moved on twice
        feed.set(3);
        assertThat(gate.mustRead()).isTrue();
    }
}
