package org.mailplatform.mailctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void parsesPlainAndSuffixedSizes() {
        assertThat(Sizes.parse("1048576")).isEqualTo(1_048_576L);
        assertThat(Sizes.parse("500M")).isEqualTo(500L << 20);
        assertThat(Sizes.parse("10g")).isEqualTo(10L << 30);
        assertThat(Sizes.parse("unlimited")).isNull();
        assertThatThrownBy(() -> Sizes.parse("-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sizes.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sizes.parse("99999999999T")).isInstanceOf(IllegalArgumentException.class);
    }
}
